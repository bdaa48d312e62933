package io.tandem.app.web.sync;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tandem.api.sync.SyncConflict;
import io.tandem.api.sync.SyncOperation;

/** Answer bodies of the sync endpoints. */
final class SyncResponses {

    private SyncResponses() {
    }

    record Pull(List<SyncOperation> operations, String nextToken, boolean hasMore, long serverTime) {
    }

    /** The outcome of one pushed operation; {@code version} is null only for a rejected one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Result(String id, String status, UUID entityId, Long version, String error, UUID conflictId) {
    }

    record Push(List<Result> results, List<SyncConflict> conflicts, String nextToken, long serverTime) {
    }

    record Status(String latestToken, List<SyncConflict> pendingConflicts, long serverTime) {
    }
}
