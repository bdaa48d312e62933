package io.tandem.api.analytics;

import java.util.UUID;

/**
 * Asks how far the read models behind a workspace's analytics have moved; answers a {@code Long} that grows with
 * every event they apply for it, so an answer computed at an older stamp is stale.
 */
public record FindAnalyticsStampQuery(UUID workspaceId) {
}
