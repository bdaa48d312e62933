package io.tandem.api.workspace;

import io.tandem.api.WorkspaceScoped;

import java.util.UUID;

/** A workspace was deleted, with everything in it. */
public record WorkspaceDeletedEvent(UUID workspaceId) implements WorkspaceScoped {
}
