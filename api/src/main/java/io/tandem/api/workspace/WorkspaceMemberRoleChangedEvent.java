package io.tandem.api.workspace;

import java.util.UUID;

/** A member's role changed from {@code previousRole} to {@code role}. */
public record WorkspaceMemberRoleChangedEvent(UUID workspaceId, UUID userId, WorkspaceRole role, WorkspaceRole previousRole) implements WorkspaceEvent {
}
