package io.tandem.api.sync;

import java.util.Set;
import java.util.UUID;

/**
 * The furthest token a pushing client may continue from: after {@code sinceToken}, past every operation caused by
 * its own {@code clientOperationIds}, but never past another writer's operation it has not pulled yet.
 * Answers String; a malformed or foreign token is refused with VALIDATION "lastSyncToken".
 */
public record FindTokenAfterOwnOperationsQuery(UUID workspaceId, String sinceToken, Set<String> clientOperationIds) {
}
