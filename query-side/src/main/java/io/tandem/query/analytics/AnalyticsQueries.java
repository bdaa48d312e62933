package io.tandem.query.analytics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.api.analytics.AnalyticsOverview;
import io.tandem.api.analytics.AnalyticsTrends;
import io.tandem.api.analytics.FetchAnalyticsOverviewQuery;
import io.tandem.api.analytics.FetchAnalyticsTrendsQuery;
import io.tandem.api.analytics.FetchProductivityQuery;
import io.tandem.api.analytics.FindAnalyticsStampQuery;
import io.tandem.api.analytics.MemberProductivity;
import io.tandem.api.analytics.Productivity;
import io.tandem.api.analytics.TrendPoint;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Answers the analytics queries, each in one SQL statement so that its figures come from one snapshot and add up.
 *
 * <p>Time is the database's: "today" is {@code now()} in UTC and "overdue" means a due date before {@code now()},
 * so the figures never depend on which replica's clock asked.
 */
@Component
class AnalyticsQueries {

    private static final String NO_CATEGORY = "none";

    private final JdbcClient jdbc;

    AnalyticsQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @QueryHandler
    Long handle(FindAnalyticsStampQuery query) {
        return jdbc.sql("SELECT COALESCE(SUM(stamp), 0)::bigint FROM analytics_stamps WHERE workspace_id = :workspaceId")
                .param("workspaceId", query.workspaceId())
                .query(Long.class)
                .single();
    }

    @QueryHandler
    AnalyticsOverview handle(FetchAnalyticsOverviewQuery query) {
        // One row per category bucket: every category of the workspace (zeros included) and "none" for tasks without
        // one (or whose category is being deleted right now). The totals are the buckets' sums.
        List<Bucket> buckets = jdbc.sql("""
                        SELECT c.id::text AS category_id, MIN(c.name) AS name,
                               COUNT(t.id) AS total,
                               COUNT(t.id) FILTER (WHERE t.completed) AS completed,
                               COUNT(t.id) FILTER (WHERE NOT t.completed AND t.due_date < now()) AS overdue,
                               COUNT(t.id) FILTER (WHERE t.priority = 1) AS low,
                               COUNT(t.id) FILTER (WHERE t.priority = 2) AS medium,
                               COUNT(t.id) FILTER (WHERE t.priority = 3) AS high,
                               COUNT(t.id) FILTER (WHERE t.status = 'todo') AS todo,
                               COUNT(t.id) FILTER (WHERE t.status = 'in_progress') AS in_progress,
                               COUNT(t.id) FILTER (WHERE t.status = 'done') AS done
                          FROM (SELECT * FROM tasks WHERE workspace_id = :workspaceId AND NOT deleted) t
                          FULL JOIN (SELECT id, name FROM categories WHERE workspace_id = :workspaceId) c
                            ON c.id = t.category_id
                         GROUP BY c.id
                         ORDER BY LOWER(MIN(c.name)), c.id
                        """)
                .param("workspaceId", query.workspaceId())
                .query(AnalyticsQueries::bucket)
                .list();
        long[] sums = new long[9];
        Map<String, Long> byCategory = new LinkedHashMap<>();
        Map<String, String> categoryNames = new LinkedHashMap<>();
        long uncategorized = 0;
        for (Bucket bucket : buckets) {
            for (int i = 0; i < sums.length; i++) {
                sums[i] += bucket.counts[i];
            }
            if (bucket.categoryId == null) {
                uncategorized = bucket.counts[0];
            } else {
                byCategory.put(bucket.categoryId, bucket.counts[0]);
                categoryNames.put(bucket.categoryId, bucket.name);
            }
        }
        byCategory.put(NO_CATEGORY, uncategorized);
        long total = sums[0];
        long completed = sums[1];
        return new AnalyticsOverview(total, total - completed, completed, sums[2], rate(completed, total),
                ordered("low", sums[3], "medium", sums[4], "high", sums[5]),
                ordered("todo", sums[6], "in_progress", sums[7], "done", sums[8]),
                byCategory, categoryNames);
    }

    @QueryHandler
    AnalyticsTrends handle(FetchAnalyticsTrendsQuery query) {
        List<TrendPoint> series = jdbc.sql("""
                        WITH r AS (SELECT (now() AT TIME ZONE 'UTC')::date - (:days - 1) AS first_day,
                                          (now() AT TIME ZONE 'UTC')::date + 1 AS end_day),
                             b AS (SELECT first_day, end_day,
                                          first_day::timestamp AT TIME ZONE 'UTC' AS from_ts,
                                          end_day::timestamp AT TIME ZONE 'UTC' AS to_ts
                                     FROM r),
                             days AS (SELECT generate_series(b.first_day, b.end_day - 1, interval '1 day')::date AS day FROM b),
                             created AS (SELECT (t.created_at AT TIME ZONE 'UTC')::date AS day, COUNT(*) AS n
                                           FROM tasks t, b
                                          WHERE t.workspace_id = :workspaceId AND NOT t.deleted
                                            AND t.created_at >= b.from_ts AND t.created_at < b.to_ts
                                          GROUP BY 1),
                             completed AS (SELECT (c.completed_at AT TIME ZONE 'UTC')::date AS day, COUNT(*) AS n
                                             FROM analytics_task_completions c
                                             JOIN analytics_tasks t ON t.task_id = c.task_id AND NOT t.deleted, b
                                            WHERE c.workspace_id = :workspaceId
                                              AND c.completed_at >= b.from_ts AND c.completed_at < b.to_ts
                                            GROUP BY 1)
                        SELECT d.day, COALESCE(cr.n, 0) AS created, COALESCE(co.n, 0) AS completed
                          FROM days d
                          LEFT JOIN created cr ON cr.day = d.day
                          LEFT JOIN completed co ON co.day = d.day
                         ORDER BY d.day
                        """)
                .param("workspaceId", query.workspaceId())
                .param("days", query.period().days())
                .query((rs, n) -> new TrendPoint(rs.getObject("day", LocalDate.class),
                        rs.getLong("created"), rs.getLong("completed")))
                .list();
        return new AnalyticsTrends(query.period(), series);
    }

    @QueryHandler
    Productivity handle(FetchProductivityQuery query) {
        List<MemberProductivity> members = jdbc.sql("""
                        WITH b AS (SELECT ((now() AT TIME ZONE 'UTC')::date - (:days - 1))::timestamp AT TIME ZONE 'UTC' AS from_ts),
                             done AS (SELECT c.completed_by, c.completed_at, c.task_created_at, c.due_date
                                        FROM analytics_task_completions c
                                        JOIN analytics_tasks t ON t.task_id = c.task_id AND NOT t.deleted, b
                                       WHERE c.workspace_id = :workspaceId
                                         AND c.completed_at >= b.from_ts AND c.completed_at <= now())
                        SELECT m.user_id,
                               COUNT(d.completed_at) AS completed,
                               ROUND(AVG(EXTRACT(EPOCH FROM d.completed_at - d.task_created_at) / 3600)::numeric, 2)
                                   AS avg_hours,
                               ROUND(COUNT(d.completed_at) FILTER (WHERE d.due_date IS NULL OR d.completed_at <= d.due_date)::numeric
                                     / NULLIF(COUNT(d.completed_at), 0), 4) AS on_time_rate
                          FROM workspace_members m
                          LEFT JOIN done d ON d.completed_by = m.user_id
                         WHERE m.workspace_id = :workspaceId
                         GROUP BY m.user_id
                         ORDER BY completed DESC, m.user_id
                        """)
                .param("workspaceId", query.workspaceId())
                .param("days", query.period().days())
                .query((rs, n) -> new MemberProductivity(rs.getObject("user_id", UUID.class), null,
                        rs.getLong("completed"), decimal(rs, "avg_hours"), decimal(rs, "on_time_rate")))
                .list();
        return new Productivity(query.period(), members);
    }

    /** Four decimals: a fraction that reads as a percentage with two. */
    private static double rate(long part, long whole) {
        return whole == 0 ? 0 : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP)
                .doubleValue();
    }

    private static Map<String, Long> ordered(String k1, long v1, String k2, long v2, String k3, long v3) {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        map.put(k3, v3);
        return map;
    }

    private static Double decimal(ResultSet rs, String column) throws SQLException {
        BigDecimal value = rs.getBigDecimal(column);
        return value == null ? null : value.doubleValue();
    }

    private static Bucket bucket(ResultSet rs, int row) throws SQLException {
        String[] columns = {"total", "completed", "overdue", "low", "medium", "high", "todo", "in_progress", "done"};
        long[] counts = new long[columns.length];
        for (int i = 0; i < columns.length; i++) {
            counts[i] = rs.getLong(columns[i]);
        }
        return new Bucket(rs.getString("category_id"), rs.getString("name"), counts);
    }

    private record Bucket(String categoryId, String name, long[] counts) {
    }
}
