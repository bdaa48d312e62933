package io.tandem.api.workspace;

import io.tandem.api.WorkspaceScoped;

/**
 * An event of the Workspace aggregate: the workspace itself, its members and its categories. Read models that
 * follow only these can say so with one handler, and their processors then skip task events without reading them.
 */
public interface WorkspaceEvent extends WorkspaceScoped {
}
