package io.tandem.api.task;

import java.util.UUID;

/**
 * A full-text search over one workspace's tasks for {@code text}, narrowed by the task list's filters, best
 * matches first. Answers {@link TaskSearchPage}; throws {@link SearchUnavailableException} when the index cannot
 * be reached.
 */
public record SearchTasksQuery(UUID workspaceId, String text, TaskFilter filter, int page, int size) {
}
