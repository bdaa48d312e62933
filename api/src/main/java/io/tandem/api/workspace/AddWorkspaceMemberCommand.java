package io.tandem.api.workspace;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Add an existing user to a workspace with a role, on behalf of {@code actorId}. */
public record AddWorkspaceMemberCommand(
        @TargetAggregateIdentifier UUID workspaceId,
        UUID userId,
        WorkspaceRole role,
        UUID actorId) {
}
