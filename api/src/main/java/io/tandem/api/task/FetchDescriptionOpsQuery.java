package io.tandem.api.task;

import java.util.UUID;

/** The description operations of a task after revision {@code since}, oldest first; answers a {@link DescriptionOps}. */
public record FetchDescriptionOpsQuery(UUID workspaceId, UUID taskId, long since, int limit) {
}
