package io.tandem.api.workspace;

import java.util.UUID;

/** A workspace's name, plan and settings are now these (the whole new state of the three). */
public record WorkspaceUpdatedEvent(UUID workspaceId, String name, Plan plan, WorkspaceSettings settings) implements WorkspaceEvent {
}
