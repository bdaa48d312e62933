package io.tandem.api.task;

import io.tandem.api.WorkspaceScoped;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Mark a task done; a recurring one also brings its next occurrence into being. */
public record CompleteTaskCommand(@TargetAggregateIdentifier UUID taskId, UUID workspaceId) implements WorkspaceScoped {
}
