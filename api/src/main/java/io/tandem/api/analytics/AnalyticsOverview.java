package io.tandem.api.analytics;

import java.util.Map;

/**
 * A workspace's live (not deleted) tasks counted now: open ones include overdue ones (open with a due date in the
 * past); {@code completionRate} is completed / total as a fraction rounded to 4 decimals (0 without tasks).
 * {@code byCategory} is keyed by category id plus {@code "none"}, with {@code categoryNames} naming each id.
 */
public record AnalyticsOverview(
        long totalTasks,
        long openTasks,
        long completedTasks,
        long overdueTasks,
        double completionRate,
        Map<String, Long> byPriority,
        Map<String, Long> byStatus,
        Map<String, Long> byCategory,
        Map<String, String> categoryNames) {
}
