package io.tandem.api.task;

import java.util.List;
import java.util.UUID;

/**
 * Which of these task ids the read model knows, deleted or not, and in which workspace each lives.
 * Callers keep the list to a few thousand ids. Answers {@code List<TaskWorkspaceView>}.
 */
public record FetchTaskWorkspacesQuery(List<UUID> taskIds) {
}
