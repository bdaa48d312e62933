package io.tandem.api.analytics;

import java.util.UUID;

/** Asks how many completions each current member made over a period; answers {@link Productivity}. */
public record FetchProductivityQuery(UUID workspaceId, AnalyticsPeriod period) {
}
