package io.tandem.api.task;

import java.util.List;
import java.util.UUID;

/**
 * A page of a workspace's tasks, filtered and sorted (ties broken by id so pages never overlap).
 * Answers {@link TaskPage}.
 */
public record FetchTasksQuery(UUID workspaceId, TaskFilter filter, List<TaskSort> sort, int page, int size) {
}
