package io.tandem.app.web.sync;

import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/** Request bodies of the sync endpoints; unknown fields are refused by the global Jackson setting. */
final class SyncRequests {

    private SyncRequests() {
    }

    /** One operation an offline client queued; {@code id} is its idempotency key. */
    record ClientOperation(String id, String type, String entityType, UUID entityId, JsonNode data,
                           Long baseVersion, Long timestamp) {
    }

    record Push(List<ClientOperation> operations, String lastSyncToken) {
    }

    record Resolve(String resolution, JsonNode data) {
    }
}
