package io.tandem.api.task;

import io.tandem.api.WorkspaceScoped;

import java.time.Instant;
import java.util.UUID;

/** A task was completed at {@code completedAt}; its status is now DONE. */
public record TaskCompletedEvent(UUID taskId, UUID workspaceId, Instant completedAt) implements WorkspaceScoped {
}
