package io.tandem.app.web.sync;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/** Request bodies of the sync endpoints; unknown fields are refused by the global Jackson setting. */
final class SyncRequests {

    private SyncRequests() {
    }

    /** One operation an offline client queued; {@code id} is its idempotency key. */
    record ClientOperation(String id, String type, String entityType, UUID entityId, JsonNode data,
                           Long baseVersion, Long timestamp) {
    }

    /** Named apart from the answer ({@code SyncResponses.Push}), which springdoc would otherwise write over it. */
    @Schema(name = "PushRequest")
    record Push(List<ClientOperation> operations, String lastSyncToken) {
    }

    record Resolve(String resolution, JsonNode data) {
    }
}
