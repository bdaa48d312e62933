package io.tandem.api.workspace;

import io.tandem.api.Sensitive;

import java.util.UUID;

/** A workspace's name, plan and settings are now these (the whole new state of the three). */
public record WorkspaceUpdatedEvent(
        UUID workspaceId,
        @Sensitive(scope = Sensitive.Scope.WORKSPACE) String name,
        Plan plan,
        WorkspaceSettings settings) implements WorkspaceEvent {
}
