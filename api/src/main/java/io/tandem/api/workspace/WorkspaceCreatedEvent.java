package io.tandem.api.workspace;

import io.tandem.api.Sensitive;

import java.util.UUID;

/** A workspace came into being, owned by {@code ownerId}, who is also its first member. */
public record WorkspaceCreatedEvent(
        UUID workspaceId,
        @Sensitive(scope = Sensitive.Scope.WORKSPACE) String name,
        Plan plan,
        WorkspaceSettings settings,
        UUID ownerId) implements WorkspaceEvent {
}
