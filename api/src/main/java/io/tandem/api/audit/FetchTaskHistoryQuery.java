package io.tandem.api.audit;

import java.util.UUID;

/**
 * Every stored event of one task of a workspace, oldest first; empty when the task is unknown there.
 * Answers {@code List<HistoryEvent>}.
 */
public record FetchTaskHistoryQuery(UUID workspaceId, UUID taskId) {
}
