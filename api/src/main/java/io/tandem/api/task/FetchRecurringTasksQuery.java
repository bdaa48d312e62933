package io.tandem.api.task;

import java.util.UUID;

/**
 * The recurring templates of a workspace: tasks that recur and start a series (no parent) or are marked as
 * templates. Answers {@code List<TaskView>}.
 */
public record FetchRecurringTasksQuery(UUID workspaceId) {
}
