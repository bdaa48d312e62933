package io.tandem.api.workspace;

import java.util.UUID;

/** The workspace with this id, unless deleted; answers {@code Optional<WorkspaceView>}. */
public record FindWorkspaceQuery(UUID workspaceId) {
}
