package io.tandem.api.workspace;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Create a workspace; its creator becomes its first owner. Answers the new workspace version. */
public record CreateWorkspaceCommand(
        @TargetAggregateIdentifier UUID workspaceId,
        String name,
        Plan plan,
        WorkspaceSettings settings,
        UUID ownerId) {
}
