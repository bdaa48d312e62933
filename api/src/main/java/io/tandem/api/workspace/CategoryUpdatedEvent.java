package io.tandem.api.workspace;

import io.tandem.api.Sensitive;

import java.util.UUID;

/** A category's name and colour are now these. */
public record CategoryUpdatedEvent(
        UUID workspaceId,
        UUID categoryId,
        @Sensitive(scope = Sensitive.Scope.WORKSPACE) String name,
        String color) implements WorkspaceEvent {
}
