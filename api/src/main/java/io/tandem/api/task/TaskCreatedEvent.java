package io.tandem.api.task;

import io.tandem.api.Sensitive;
import io.tandem.api.WorkspaceScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A task came into being with this whole state. {@code occurrence} numbers it within its recurring series
 * (1 for a series' first task and for every task that does not recur).
 */
public record TaskCreatedEvent(
        UUID taskId,
        UUID workspaceId,
        UUID createdBy,
        @Sensitive(scope = Sensitive.Scope.WORKSPACE) String title,
        @Sensitive(scope = Sensitive.Scope.WORKSPACE) String description,
        Priority priority,
        UUID categoryId,
        List<String> tags,
        UUID assignedTo,
        Instant dueDate,
        boolean recurring,
        RecurringConfig recurringConfig,
        boolean template,
        UUID parentTaskId,
        TaskStatus status,
        Integer position,
        boolean completed,
        Instant completedAt,
        int occurrence) implements WorkspaceScoped {
}
