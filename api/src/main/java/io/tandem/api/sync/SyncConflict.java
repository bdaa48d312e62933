package io.tandem.api.sync;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A pushed change that clashed with the server's state: the contested {@code fields}, both sides' values, the
 * version the client based it on and the version the server was at.
 */
public record SyncConflict(UUID conflictId, String entityType, UUID entityId, List<String> fields,
                           Map<String, Object> serverValue, Map<String, Object> clientValue, Long baseVersion,
                           long serverVersion) {
}
