package io.tandem.api.workspace;

import java.util.UUID;

/** The workspaces a user is a member of; answers {@code List<UserWorkspaceView>} ordered by name. */
public record FetchUserWorkspacesQuery(UUID userId) {
}
