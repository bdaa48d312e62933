package io.tandem.api.workspace;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Remove a member from a workspace (or leave it, when {@code userId} is the actor). */
public record RemoveWorkspaceMemberCommand(
        @TargetAggregateIdentifier UUID workspaceId,
        UUID userId,
        UUID actorId) {
}
