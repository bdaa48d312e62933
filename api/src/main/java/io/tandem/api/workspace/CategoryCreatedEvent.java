package io.tandem.api.workspace;

import io.tandem.api.Sensitive;

import java.util.UUID;

/** A category was created in a workspace. */
public record CategoryCreatedEvent(
        UUID workspaceId,
        UUID categoryId,
        @Sensitive(scope = Sensitive.Scope.WORKSPACE) String name,
        String color,
        UUID createdBy) implements WorkspaceEvent {
}
