package io.tandem.api.task;

import java.time.Instant;
import java.util.UUID;

/** Filters of the task list; a null component does not filter. Due bounds are exclusive. */
public record TaskFilter(TaskStatus status, Priority priority, Boolean completed, UUID assignedTo, UUID categoryId,
                         String tag, Instant dueBefore, Instant dueAfter) {

    public static TaskFilter none() {
        return new TaskFilter(null, null, null, null, null, null, null, null);
    }
}
