package io.tandem.api.analytics;

import java.util.List;

/** One point per UTC day of the period, oldest first, today last, days without activity as zeros. */
public record AnalyticsTrends(AnalyticsPeriod period, List<TrendPoint> series) {
}
