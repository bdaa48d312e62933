package io.tandem.api.task;

import io.tandem.api.WorkspaceScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Create a task, possibly with an id its client chose while offline. A {@code DONE} status creates it completed.
 * Answers the new task version.
 */
public record CreateTaskCommand(
        @TargetAggregateIdentifier UUID taskId,
        UUID workspaceId,
        UUID createdBy,
        String title,
        String description,
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
        Integer position) implements WorkspaceScoped {
}
