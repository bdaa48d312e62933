package io.tandem.api.workspace;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Give a member another role, on behalf of {@code actorId}. */
public record ChangeWorkspaceMemberRoleCommand(
        @TargetAggregateIdentifier UUID workspaceId,
        UUID userId,
        WorkspaceRole role,
        UUID actorId) {
}
