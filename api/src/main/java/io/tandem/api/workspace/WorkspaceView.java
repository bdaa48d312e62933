package io.tandem.api.workspace;

import java.time.Instant;
import java.util.UUID;

/** A workspace as read models hold it; {@code version} counts the workspace aggregate's events. */
public record WorkspaceView(UUID id, String name, UUID ownerId, Plan plan, WorkspaceSettings settings,
                            Instant createdAt, Instant updatedAt, long version) {
}
