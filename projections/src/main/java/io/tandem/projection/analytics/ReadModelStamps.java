package io.tandem.projection.analytics;

import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import io.tandem.api.ProcessingGroups;
import io.tandem.api.WorkspaceScoped;
import io.tandem.api.workspace.WorkspaceEvent;
import io.tandem.projection.PerBatch;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.UnitOfWork;
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
 *
 * <p>A processor handles events in batches, one transaction each: the bumps of a batch are added up per workspace
 * and written once, just before the batch commits, so a busy workspace's stamp row is written once per batch rather
 * than once per event.
 */
@Component
class ReadModelStamps {

    private final JdbcClient jdbc;

    ReadModelStamps(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String PENDING = ReadModelStamps.class.getName() + ".pending.";

    /** Counts one event of {@code source} for the workspace; written when the batch commits. */
    void bump(UUID workspaceId, String source, UnitOfWork<?> unitOfWork) {
        // Sorted, so concurrent batches touching the same workspaces lock their rows in the same order.
        Map<UUID, Long> pending = PerBatch.gather(unitOfWork, PENDING + source, TreeMap::new, (batch, counts) ->
                batch.onPrepareCommit(done -> counts.forEach((workspace, count) -> write(workspace, source, count))));
        pending.merge(workspaceId, 1L, Long::sum);
    }

    private void write(UUID workspaceId, String source, long count) {
        jdbc.sql("""
                        INSERT INTO analytics_stamps (workspace_id, source, stamp) VALUES (:workspaceId, :source, :count)
                        ON CONFLICT (workspace_id, source) DO UPDATE SET stamp = analytics_stamps.stamp + :count
                        """)
                .param("workspaceId", workspaceId)
                .param("source", source)
                .param("count", count)
                .update();
    }

    /** Tasks: counts, statuses, priorities, categories, due dates and creation days. */
    @Component
    @ProcessingGroup(ProcessingGroups.TASK_LIST)
    static class TaskList {

        private final ReadModelStamps stamps;

        TaskList(ReadModelStamps stamps) {
            this.stamps = stamps;
        }

        @EventHandler
        void on(WorkspaceScoped event, UnitOfWork<?> unitOfWork) {
            stamps.bump(event.workspaceId(), ProcessingGroups.TASK_LIST, unitOfWork);
        }
    }

    /**
     * Members (who is listed under productivity) and categories (names and buckets). Only the Workspace aggregate's
     * events change that read model, so only they count; the group's processor then skips task events unread.
     */
    @Component
    @ProcessingGroup(ProcessingGroups.WORKSPACES)
    static class Workspaces {

        private final ReadModelStamps stamps;

        Workspaces(ReadModelStamps stamps) {
            this.stamps = stamps;
        }

        @EventHandler
        void on(WorkspaceEvent event, UnitOfWork<?> unitOfWork) {
            stamps.bump(event.workspaceId(), ProcessingGroups.WORKSPACES, unitOfWork);
        }
    }

    /** Completions: trends and productivity. */
    @Component
    @ProcessingGroup(ProcessingGroups.ANALYTICS)
    static class Analytics {

        private final ReadModelStamps stamps;

        Analytics(ReadModelStamps stamps) {
            this.stamps = stamps;
        }

        @EventHandler
        void on(WorkspaceScoped event, UnitOfWork<?> unitOfWork) {
            stamps.bump(event.workspaceId(), ProcessingGroups.ANALYTICS, unitOfWork);
        }
    }
}
