package io.tandem.api.task;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Delete a task. */
public record DeleteTaskCommand(@TargetAggregateIdentifier UUID taskId, UUID workspaceId) {
}
