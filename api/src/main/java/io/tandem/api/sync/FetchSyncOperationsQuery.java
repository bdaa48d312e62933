package io.tandem.api.sync;

import java.util.UUID;

/**
 * The operations of a workspace after {@code sinceToken} (null: from the beginning), at most {@code limit}.
 * Answers {@link SyncPage}; a malformed token or one of another workspace is refused with VALIDATION "since".
 */
public record FetchSyncOperationsQuery(UUID workspaceId, String sinceToken, int limit) {
}
