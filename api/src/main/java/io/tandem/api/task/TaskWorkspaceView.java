package io.tandem.api.task;

import java.util.UUID;

/** A task id in use: the workspace it belongs to and the version the read model has applied. */
public record TaskWorkspaceView(UUID taskId, UUID workspaceId, long version) {
}
