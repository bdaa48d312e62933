package io.tandem.api.sync;

import java.util.Map;
import java.util.UUID;

/**
 * One domain event as a sync client sees it. {@code type} is create, update or delete; {@code entityType} task,
 * category, workspace or member; {@code data} the whole entity for a create, the changed fields for an update and
 * nothing for a delete; {@code token} the position just after this operation; {@code id} the event's identifier.
 */
public record SyncOperation(String id, String type, String entityType, UUID entityId, Map<String, Object> data,
                            long version, long timestamp, UUID userId, UUID workspaceId, String eventType,
                            String token) {
}
