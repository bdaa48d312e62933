package io.tandem.api.workspace;

import java.util.UUID;

/** A category's name and colour are now these. */
public record CategoryUpdatedEvent(UUID workspaceId, UUID categoryId, String name, String color) implements WorkspaceEvent {
}
