package io.tandem.api.task;

import io.tandem.api.WorkspaceScoped;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Give a task to a workspace member, or to nobody when {@code assignee} is null. */
public record AssignTaskCommand(@TargetAggregateIdentifier UUID taskId, UUID workspaceId, UUID assignee) implements WorkspaceScoped {
}
