package io.tandem.projection.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.tandem.api.task.Priority;
import io.tandem.api.task.TaskCompletedEvent;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskDeletedEvent;
import io.tandem.api.task.TaskMovedEvent;
import io.tandem.api.task.TaskReopenedEvent;
import io.tandem.api.task.TaskStatus;
import io.tandem.projection.PostgresProjectionTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class AnalyticsProjectionTest extends PostgresProjectionTest {

    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    private static final Instant DUE = Instant.parse("2026-11-21T08:00:00Z");

    @Autowired
    AnalyticsProjection projection;

    private final UUID workspaceId = UUID.randomUUID();
    private final UUID taskId = UUID.randomUUID();
    private final String alice = UUID.randomUUID().toString();
    private final String bob = UUID.randomUUID().toString();

    @BeforeEach
    void emptyAnalytics() {
        jdbc.sql("TRUNCATE analytics_task_completions, analytics_tasks").update();
    }

    @Test
    void eachCompletionIsKeptWithItsUserEvenAfterAReopen() {
        inTransaction(() -> {
            projection.on(created(), 0, T0, alice);
            projection.on(new TaskCompletedEvent(taskId, workspaceId, T0.plusSeconds(3600)), 1, T0.plusSeconds(3600), alice);
            projection.on(new TaskReopenedEvent(taskId, workspaceId, TaskStatus.TODO), 2);
            projection.on(new TaskCompletedEvent(taskId, workspaceId, T0.plusSeconds(7200)), 3, T0.plusSeconds(7200), bob);
        });

        assertThat(completions()).containsExactly(alice + "@3600", bob + "@7200");
        assertThat(completed()).isTrue();
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        inTransaction(() -> {
            projection.on(created(), 0, T0, alice);
            projection.on(new TaskCompletedEvent(taskId, workspaceId, T0.plusSeconds(60)), 1, T0.plusSeconds(60), alice);
            projection.on(new TaskReopenedEvent(taskId, workspaceId, TaskStatus.TODO), 2);
        });
        inTransaction(() -> {
            projection.on(created(), 0, T0, alice);
            projection.on(new TaskCompletedEvent(taskId, workspaceId, T0.plusSeconds(60)), 1, T0.plusSeconds(60), alice);
        });

        assertThat(completions()).containsExactly(alice + "@60");
        assertThat(completed()).isFalse();
    }

    @Test
    void movingOutOfDoneReopensAndDeletingHidesTheTask() {
        inTransaction(() -> {
            projection.on(created(), 0, T0, alice);
            projection.on(new TaskCompletedEvent(taskId, workspaceId, T0), 1, T0, alice);
            projection.on(new TaskMovedEvent(taskId, workspaceId, TaskStatus.IN_PROGRESS, 2), 2);
        });
        assertThat(completed()).isFalse();

        inTransaction(() -> projection.on(new TaskDeletedEvent(taskId, workspaceId), 3));

        assertThat(jdbc.sql("SELECT deleted FROM analytics_tasks WHERE task_id = :id").param("id", taskId)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void anEventForAnUnknownTaskFailsLoudly() {
        assertThatThrownBy(() -> inTransaction(() ->
                projection.on(new TaskCompletedEvent(taskId, workspaceId, T0), 1, T0, alice)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void resetClearsOnlyTheAnalyticsTables() {
        jdbc.sql("INSERT INTO analytics_stamps (workspace_id, source, stamp) VALUES (:ws, 'analytics', 7)")
                .param("ws", workspaceId).update();
        inTransaction(() -> projection.on(created(), 0, T0, alice));

        inTransaction(projection::reset);

        assertThat(jdbc.sql("SELECT count(*) FROM analytics_tasks").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT stamp FROM analytics_stamps WHERE workspace_id = :ws").param("ws", workspaceId)
                .query(Long.class).single()).isEqualTo(7);
    }

    private TaskCreatedEvent created() {
        return new TaskCreatedEvent(taskId, workspaceId, UUID.fromString(alice), "Analyse", null, Priority.HIGH, null,
                List.of(), null, DUE, false, null, false, null, TaskStatus.TODO, null, false, null, 1);
    }

    private List<String> completions() {
        return jdbc.sql("""
                        SELECT completed_by::text || '@' || EXTRACT(EPOCH FROM completed_at - task_created_at)::bigint
                          FROM analytics_task_completions WHERE task_id = :id ORDER BY version
                        """)
                .param("id", taskId)
                .query(String.class)
                .list();
    }

    private boolean completed() {
        return jdbc.sql("SELECT completed FROM analytics_tasks WHERE task_id = :id").param("id", taskId)
                .query(Boolean.class).single();
    }
}
