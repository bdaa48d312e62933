package io.tandem.api.task;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A task as the contract shows it; {@code descriptionRevision} counts the changes its description has had. */
public record TaskView(
        UUID id,
        UUID workspaceId,
        String title,
        String description,
        long descriptionRevision,
        boolean completed,
        Priority priority,
        UUID categoryId,
        List<String> tags,
        UUID assignedTo,
        UUID createdBy,
        Instant dueDate,
        Instant completedAt,
        Instant createdAt,
        Instant updatedAt,
        @JsonProperty("isRecurring") boolean isRecurring,
        RecurringConfig recurringConfig,
        @JsonProperty("isTemplate") boolean isTemplate,
        UUID parentTaskId,
        TaskStatus status,
        Integer position,
        long version) {
}
