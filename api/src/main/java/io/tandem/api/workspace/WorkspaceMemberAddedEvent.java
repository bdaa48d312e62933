package io.tandem.api.workspace;

import java.util.UUID;

/** A user joined a workspace with a role, invited by {@code invitedBy}. */
public record WorkspaceMemberAddedEvent(UUID workspaceId, UUID userId, WorkspaceRole role, UUID invitedBy) implements WorkspaceEvent {
}
