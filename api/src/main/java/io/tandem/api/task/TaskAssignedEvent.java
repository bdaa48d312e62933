package io.tandem.api.task;

import io.tandem.api.WorkspaceScoped;

import java.util.UUID;

/** A task was given to {@code assignedTo} (null: to nobody), taking it from {@code previousAssignee}. */
public record TaskAssignedEvent(UUID taskId, UUID workspaceId, UUID assignedTo, UUID previousAssignee) implements WorkspaceScoped {
}
