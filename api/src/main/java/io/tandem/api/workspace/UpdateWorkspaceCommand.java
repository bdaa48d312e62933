package io.tandem.api.workspace;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Change a workspace's name, plan or settings; a null component leaves that part as it is. */
public record UpdateWorkspaceCommand(
        @TargetAggregateIdentifier UUID workspaceId,
        String name,
        Plan plan,
        WorkspaceSettings settings,
        UUID actorId) {
}
