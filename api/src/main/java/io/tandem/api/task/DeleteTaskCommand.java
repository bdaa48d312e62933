package io.tandem.api.task;

import io.tandem.api.WorkspaceScoped;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Delete a task. */
public record DeleteTaskCommand(@TargetAggregateIdentifier UUID taskId, UUID workspaceId) implements WorkspaceScoped {
}
