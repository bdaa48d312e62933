package io.tandem.api.workspace;

import java.util.UUID;

/** A category was deleted; tasks that were in it now have no category. */
public record CategoryDeletedEvent(UUID workspaceId, UUID categoryId) implements WorkspaceEvent {
}
