package io.tandem.api.sync;

import java.util.UUID;

/**
 * How far the sync log has followed one aggregate of a workspace: the aggregate version of its last logged
 * operation, 0 when none. Answers {@code Long}; a push waits on it so that its answer's token covers its own writes.
 */
public record FindSyncedVersionQuery(UUID workspaceId, UUID aggregateId) {
}
