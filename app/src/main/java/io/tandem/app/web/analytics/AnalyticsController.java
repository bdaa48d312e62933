package io.tandem.app.web.analytics;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.api.analytics.AnalyticsOverview;
import io.tandem.api.analytics.AnalyticsPeriod;
import io.tandem.api.analytics.AnalyticsTrends;
import io.tandem.api.analytics.FetchAnalyticsOverviewQuery;
import io.tandem.api.analytics.FetchAnalyticsTrendsQuery;
import io.tandem.api.analytics.FetchProductivityQuery;
import io.tandem.api.analytics.MemberProductivity;
import io.tandem.api.analytics.Productivity;
import io.tandem.app.account.UserDirectory;
import io.tandem.app.account.UserSummary;
import io.tandem.app.analytics.AnalyticsCache;
import io.tandem.app.security.CurrentUser;
import io.tandem.app.problem.ApiException;
import io.tandem.app.access.WorkspaceAccess;
import io.tandem.app.access.WorkspaceAccess.Need;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@Tag(name = "analytics")
@RestController
@RequestMapping("/api/v1/workspaces/{workspaceId}/analytics")
class AnalyticsController {

    private final QueryGateway queries;
    private final WorkspaceAccess access;
    private final AnalyticsCache cache;
    private final UserDirectory users;

    AnalyticsController(QueryGateway queries, WorkspaceAccess access, AnalyticsCache cache, UserDirectory users) {
        this.queries = queries;
        this.access = access;
        this.cache = cache;
        this.users = users;
    }

    @Operation(operationId = "analyticsOverview", summary = "Task counts of a workspace",
            description = "Total, open, completed and overdue tasks, the completion rate, and counts by priority, "
                    + "status and category.")
    @GetMapping("/overview")
    AnalyticsOverview overview(CurrentUser user, @PathVariable UUID workspaceId) {
        access.require(workspaceId, user, Need.READ);
        return cache.get(workspaceId, AnalyticsCache.overview(), AnalyticsOverview.class,
                () -> queries.query(new FetchAnalyticsOverviewQuery(workspaceId), AnalyticsOverview.class).join());
    }

    @Operation(operationId = "analyticsTrends", summary = "Created and completed tasks per day",
            description = "A series of `{date, created, completed}` over the `period` (7d, 30d or 90d; default 30d).")
    @GetMapping("/trends")
    AnalyticsTrends trends(CurrentUser user, @PathVariable UUID workspaceId,
                           @RequestParam(required = false) String period) {
        access.require(workspaceId, user, Need.READ);
        AnalyticsPeriod days = period(period);
        return cache.get(workspaceId, AnalyticsCache.trends(days), AnalyticsTrends.class,
                () -> queries.query(new FetchAnalyticsTrendsQuery(workspaceId, days), AnalyticsTrends.class).join());
    }

    @Operation(operationId = "analyticsProductivity", summary = "Completed tasks per member",
            description = "For each member over the `period` (7d, 30d or 90d; default 30d): completed tasks, average "
                    + "hours to complete and on-time rate, most completed first.")
    @GetMapping("/productivity")
    Productivity productivity(CurrentUser user, @PathVariable UUID workspaceId,
                              @RequestParam(required = false) String period) {
        access.require(workspaceId, user, Need.READ);
        AnalyticsPeriod days = period(period);
        Productivity figures = cache.get(workspaceId, AnalyticsCache.productivity(days), Productivity.class,
                () -> queries.query(new FetchProductivityQuery(workspaceId, days), Productivity.class).join());
        // Names are looked up on every read rather than cached: an erased account's name must vanish at once.
        Map<UUID, UserSummary> names = users.findByIds(figures.members().stream().map(MemberProductivity::userId).toList());
        List<MemberProductivity> members = figures.members().stream()
                .map(member -> member.withName(names.containsKey(member.userId()) ? names.get(member.userId()).name() : null))
                .sorted(Comparator.comparingLong(MemberProductivity::completed).reversed()
                        .thenComparing(MemberProductivity::name, Comparator.nullsLast(String.CASE_INSENSITIVE_ORDER))
                        .thenComparing(MemberProductivity::userId))
                .toList();
        return new Productivity(figures.period(), members);
    }

    /** Absent means 30 days; anything else must be one of the contract's periods (an empty value is not). */
    private static AnalyticsPeriod period(String label) {
        if (label == null) {
            return AnalyticsPeriod.DAYS_30;
        }
        return AnalyticsPeriod.fromLabel(label)
                .orElseThrow(() -> ApiException.badRequest("period", "must be 7d, 30d or 90d"));
    }
}
