package io.tandem.api.analytics;

import java.util.UUID;

/** Asks for tasks created and completed per UTC day over a period; answers {@link AnalyticsTrends}. */
public record FetchAnalyticsTrendsQuery(UUID workspaceId, AnalyticsPeriod period) {
}
