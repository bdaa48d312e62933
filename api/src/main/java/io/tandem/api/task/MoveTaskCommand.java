package io.tandem.api.task;

import io.tandem.api.WorkspaceScoped;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Move a task on the kanban board: to a status column and a position in it (null keeps the current one). */
public record MoveTaskCommand(@TargetAggregateIdentifier UUID taskId, UUID workspaceId, TaskStatus status, Integer position) implements WorkspaceScoped {
}
