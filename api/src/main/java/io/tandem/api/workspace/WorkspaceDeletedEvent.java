package io.tandem.api.workspace;

import java.util.UUID;

/** A workspace was deleted, with everything in it. */
public record WorkspaceDeletedEvent(UUID workspaceId) implements WorkspaceEvent {
}
