package io.tandem.api.task;

import io.tandem.api.WorkspaceScoped;

import java.util.UUID;

/** A task was deleted. */
public record TaskDeletedEvent(UUID taskId, UUID workspaceId) implements WorkspaceScoped {
}
