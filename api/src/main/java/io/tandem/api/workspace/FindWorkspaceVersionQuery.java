package io.tandem.api.workspace;

import java.util.UUID;

/**
 * How far the read model has followed a workspace: the version of the last event it applied, deleted or not,
 * and 0 when it has seen none. Answers {@code Long}; used to give a writer its own write back.
 */
public record FindWorkspaceVersionQuery(UUID workspaceId) {
}
