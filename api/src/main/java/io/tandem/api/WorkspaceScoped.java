package io.tandem.api;

import java.util.UUID;

/**
 * A message that belongs to one workspace. Every domain event is one, so event processors can keep each
 * workspace's events in order while handling different workspaces in parallel.
 */
public interface WorkspaceScoped {

    UUID workspaceId();
}
