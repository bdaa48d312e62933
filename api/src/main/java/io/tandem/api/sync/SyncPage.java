package io.tandem.api.sync;

import java.util.List;

/** A run of sync operations; {@code nextToken} continues after the last one (or stays put when there is none). */
public record SyncPage(List<SyncOperation> operations, String nextToken, boolean hasMore) {
}
