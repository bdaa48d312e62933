package io.tandem.api.sync;

import java.util.List;
import java.util.UUID;

/**
 * Told when a push by {@code userId} raised conflicts on a task, so that the pusher's live connections can be sent
 * {@code conflict_detected}. Implementations must not block.
 */
public interface SyncConflictListener {

    void detected(UUID userId, UUID workspaceId, UUID taskId, List<SyncConflict> conflicts);
}
