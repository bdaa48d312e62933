package io.tandem.api.workspace;

import java.util.UUID;

/** A category was created in a workspace. */
public record CategoryCreatedEvent(UUID workspaceId, UUID categoryId, String name, String color, UUID createdBy) implements WorkspaceEvent {
}
