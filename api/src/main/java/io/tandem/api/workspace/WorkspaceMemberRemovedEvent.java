package io.tandem.api.workspace;

import java.util.UUID;

/** A member left or was removed from a workspace. */
public record WorkspaceMemberRemovedEvent(UUID workspaceId, UUID userId) implements WorkspaceEvent {
}
