package io.tandem.api.task;

import io.tandem.api.Sensitive;
import io.tandem.api.WorkspaceScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A task came into being with this whole state. {@code occurrence} numbers it within its recurring series
 * (1 for a series' first task and for every task that does not recur). {@code seriesDay}, on the next occurrence of
 * a monthly or yearly series, is the day of the month the series keeps to when a month is shorter (31 for a series
 * due on the 31st, while this occurrence is due on February 28); null otherwise, and in events stored before it
 * existed, which means the due date's own day.
 */
public record TaskCreatedEvent(
        UUID taskId,
        UUID workspaceId,
        UUID createdBy,
        @Sensitive(scope = Sensitive.Scope.WORKSPACE) String title,
        @Sensitive(scope = Sensitive.Scope.WORKSPACE) String description,
        Priority priority,
        UUID categoryId,
        @Sensitive(scope = Sensitive.Scope.WORKSPACE) List<String> tags,
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
        int occurrence,
        Integer seriesDay) implements WorkspaceScoped {

    /** A task outside any series' month arithmetic: the state alone. */
    public TaskCreatedEvent(UUID taskId, UUID workspaceId, UUID createdBy, String title, String description,
                            Priority priority, UUID categoryId, List<String> tags, UUID assignedTo, Instant dueDate,
                            boolean recurring, RecurringConfig recurringConfig, boolean template, UUID parentTaskId,
                            TaskStatus status, Integer position, boolean completed, Instant completedAt,
                            int occurrence) {
        this(taskId, workspaceId, createdBy, title, description, priority, categoryId, tags, assignedTo, dueDate,
                recurring, recurringConfig, template, parentTaskId, status, position, completed, completedAt,
                occurrence, null);
    }
}
