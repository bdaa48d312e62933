package io.tandem.api.task;

import io.tandem.api.WorkspaceScoped;

import java.util.UUID;

/** A task moved on the kanban board to this status and position (the status is never DONE: that completes it). */
public record TaskMovedEvent(UUID taskId, UUID workspaceId, TaskStatus status, Integer position) implements WorkspaceScoped {
}
