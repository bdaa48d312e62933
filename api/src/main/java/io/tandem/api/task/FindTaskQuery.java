package io.tandem.api.task;

import java.util.UUID;

/** One task of a workspace, unless deleted; answers {@code Optional<TaskView>}. */
public record FindTaskQuery(UUID workspaceId, UUID taskId) {
}
