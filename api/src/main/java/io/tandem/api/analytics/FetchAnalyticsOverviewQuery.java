package io.tandem.api.analytics;

import java.util.UUID;

/** Asks for a workspace's task counts as they stand now; answers {@link AnalyticsOverview}. */
public record FetchAnalyticsOverviewQuery(UUID workspaceId) {
}
