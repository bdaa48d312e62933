package io.tandem.api.workspace;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Delete a workspace; only an owner may. */
public record DeleteWorkspaceCommand(@TargetAggregateIdentifier UUID workspaceId, UUID actorId) {
}
