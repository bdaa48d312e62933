package io.tandem.api.workspace;

/** One of a user's workspaces, with the user's role in it. */
public record UserWorkspaceView(WorkspaceView workspace, WorkspaceRole role) {
}
