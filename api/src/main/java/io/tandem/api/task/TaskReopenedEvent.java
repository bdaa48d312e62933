package io.tandem.api.task;

import io.tandem.api.WorkspaceScoped;

import java.util.UUID;

/** A completed task was reopened into {@code status} (never DONE). */
public record TaskReopenedEvent(UUID taskId, UUID workspaceId, TaskStatus status) implements WorkspaceScoped {
}
