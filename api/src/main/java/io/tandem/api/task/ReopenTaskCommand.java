package io.tandem.api.task;

import io.tandem.api.WorkspaceScoped;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Take a completed task back to the to-do column. */
public record ReopenTaskCommand(@TargetAggregateIdentifier UUID taskId, UUID workspaceId) implements WorkspaceScoped {
}
