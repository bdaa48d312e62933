package io.tandem.projection.analytics;

import java.util.UUID;

import io.tandem.api.WorkspaceScoped;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts, per workspace and processing group, the events applied to the read models the analytics queries read.
 *
 * <p>One handler joins each of those groups, so its bump commits in the same transaction as the group's read-model
 * change: whoever sees the new rows also sees the new stamp, and whoever sees the old stamp may have seen old rows.
 * That is what lets a cached analytics answer be checked for freshness with one primary-key read, whichever
 * processor (or replica) applies an event first. There is deliberately no reset handler: a replay keeps counting up,
 * so a stamp value never comes back and an answer computed before the replay never looks current.
 */
@Component
class ReadModelStamps {

    private final JdbcClient jdbc;

    ReadModelStamps(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void bump(UUID workspaceId, String source) {
        jdbc.sql("""
                        INSERT INTO analytics_stamps (workspace_id, source, stamp) VALUES (:workspaceId, :source, 1)
                        ON CONFLICT (workspace_id, source) DO UPDATE SET stamp = analytics_stamps.stamp + 1
                        """)
                .param("workspaceId", workspaceId)
                .param("source", source)
                .update();
    }

    /** Tasks: counts, statuses, priorities, categories, due dates and creation days. */
    @Component
    @ProcessingGroup("task-list")
    static class TaskList {

        private final ReadModelStamps stamps;

        TaskList(ReadModelStamps stamps) {
            this.stamps = stamps;
        }

        @EventHandler
        void on(WorkspaceScoped event) {
            stamps.bump(event.workspaceId(), "task-list");
        }
    }

    /** Members (who is listed under productivity) and categories (names and buckets). */
    @Component
    @ProcessingGroup("workspaces")
    static class Workspaces {

        private final ReadModelStamps stamps;

        Workspaces(ReadModelStamps stamps) {
            this.stamps = stamps;
        }

        @EventHandler
        void on(WorkspaceScoped event) {
            stamps.bump(event.workspaceId(), "workspaces");
        }
    }

    /** Completions: trends and productivity. */
    @Component
    @ProcessingGroup("analytics")
    static class Analytics {

        private final ReadModelStamps stamps;

        Analytics(ReadModelStamps stamps) {
            this.stamps = stamps;
        }

        @EventHandler
        void on(WorkspaceScoped event) {
            stamps.bump(event.workspaceId(), "analytics");
        }
    }
}
