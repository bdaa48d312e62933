package io.tandem.projection.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.tandem.api.task.Priority;
import io.tandem.api.task.TaskChanges;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskField;
import io.tandem.api.task.TaskFieldsChangedEvent;
import io.tandem.api.task.TaskStatus;
import io.tandem.api.workspace.CategoryDeletedEvent;
import io.tandem.api.workspace.WorkspaceDeletedEvent;
import io.tandem.app.support.IntegrationTest;
import io.tandem.projection.DeletionFacts;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The task list is sequenced per task, so a segment may handle a task's earlier events after another segment has
 * handled its workspace's or category's deletion. Against the real database, in that order: the outcome is what the
 * stream's order gives.
 */
@IntegrationTest
class DeletionOrderTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DeletionFacts deletions;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void aTaskWrittenAfterItsWorkspacesDeletionIsErasedAtOnce() {
        TaskListProjection projection = new TaskListProjection(jdbc, deletions);
        UUID workspace = UUID.randomUUID();
        UUID task = UUID.randomUUID();

        projection.on(new WorkspaceDeletedEvent(workspace));
        projection.on(creation(task, workspace, "Secret plan", null, List.of("confidential")), 0, AT);

        Map<String, Object> row = row(task);
        assertThat(row.get("deleted")).isEqualTo(true);
        assertThat(row.get("title")).isEqualTo("");
        assertThat(tags(task)).isZero();

        projection.on(new TaskFieldsChangedEvent(task, workspace, new TaskChanges(
                Set.of(TaskField.TITLE, TaskField.TAGS), "Still secret", null, null, null, List.of("again"), null, null,
                null, null, null, null, null, null)), 1, AT,
                MetaData.emptyInstance());
        row = row(task);
        assertThat(row.get("title")).as("a later change brings no text back").isEqualTo("");
        assertThat(row.get("version")).as("but counts, for read-your-writes").isEqualTo(2L);
        assertThat(tags(task)).isZero();
    }

    @Test
    void aTaskWrittenAfterItsCategorysDeletionHasNoCategory() {
        TaskListProjection projection = new TaskListProjection(jdbc, deletions);
        UUID workspace = UUID.randomUUID();
        UUID category = UUID.randomUUID();
        UUID kept = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        UUID task = UUID.randomUUID();

        projection.on(new CategoryDeletedEvent(workspace, category));
        projection.on(creation(task, workspace, "Filed", category, List.of()), 0, AT);
        projection.on(creation(other, workspace, "Filed elsewhere", kept, List.of()), 0, AT);

        assertThat(row(task).get("category_id")).isNull();
        assertThat(row(task).get("title")).isEqualTo("Filed");
        assertThat(row(other).get("category_id")).as("another category stays").isEqualTo(kept);

        projection.on(new TaskFieldsChangedEvent(other, workspace, new TaskChanges(Set.of(TaskField.CATEGORY_ID), null,
                null, null, category, null, null, null, null, null, null, null, null, null)), 1, AT,
                MetaData.emptyInstance());
        assertThat(row(other).get("category_id")).isNull();
    }

    /**
     * A batch reads its workspace's deletions once, under the shared lock: a deletion handled later in the same batch
     * must still reach the batch's later events.
     */
    @Test
    void aCategoryDeletedInTheMiddleOfABatchReachesItsLaterEvents() {
        TaskListProjection projection = new TaskListProjection(jdbc, deletions);
        UUID workspace = UUID.randomUUID();
        UUID category = UUID.randomUUID();
        UUID before = UUID.randomUUID();
        UUID after = UUID.randomUUID();

        new TransactionTemplate(transactionManager).executeWithoutResult(batch -> {
            projection.on(creation(before, workspace, "Filed first", category, List.of()), 0, AT);
            projection.on(new CategoryDeletedEvent(workspace, category));
            projection.on(creation(after, workspace, "Filed after", category, List.of()), 0, AT);
        });

        assertThat(row(before).get("category_id")).isNull();
        assertThat(row(after).get("category_id")).as("written after the deletion in the same batch").isNull();
    }

    /**
     * What a batch read of its workspace's deletions holds until it commits: a deletion handled meanwhile by another
     * segment waits for the batch's shared lock, then erases what the batch wrote after its first look too.
     */
    @Test
    void aWorkspaceDeletionWaitsForTheBatchThatLookedBeforeIt() throws Exception {
        TaskListProjection projection = new TaskListProjection(jdbc, deletions);
        UUID workspace = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        TransactionTemplate transactions = new TransactionTemplate(transactionManager);
        CompletableFuture<Void> deletion = new CompletableFuture<>();

        transactions.executeWithoutResult(batch -> {
            projection.on(creation(first, workspace, "Secret one", null, List.of("confidential")), 0, AT);
            CompletableFuture.runAsync(() -> transactions.executeWithoutResult(
                    other -> projection.on(new WorkspaceDeletedEvent(workspace))))
                    .whenComplete((done, failure) -> {
                        if (failure != null) {
                            deletion.completeExceptionally(failure);
                        } else {
                            deletion.complete(null);
                        }
                    });
            awaitWaitingForLock(workspace);
            assertThat(deletion).as("the deletion waits for the batch").isNotDone();
            projection.on(creation(second, workspace, "Secret two", null, List.of("confidential")), 0, AT);
        });
        deletion.get(30, TimeUnit.SECONDS);

        for (UUID task : List.of(first, second)) {
            assertThat(row(task).get("deleted")).isEqualTo(true);
            assertThat(row(task).get("title")).isEqualTo("");
            assertThat(tags(task)).isZero();
        }
    }

    /** Until a transaction waits for the workspace's advisory lock (the deletion, behind the batch's shared one). */
    private void awaitWaitingForLock(UUID workspace) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (jdbc.sql("""
                        SELECT count(*) FROM pg_locks
                         WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1
                           AND ((classid::bigint << 32) | objid::bigint)
                               = hashtextextended(CAST(:workspace AS text), 7)
                        """)
                .param("workspace", workspace).query(Long.class).single() == 0) {
            assertThat(System.nanoTime()).as("a deletion waiting for the lock").isLessThan(deadline);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private Map<String, Object> row(UUID task) {
        return jdbc.sql("SELECT title, deleted, version, category_id FROM tasks WHERE id = :id")
                .param("id", task).query().singleRow();
    }

    private long tags(UUID task) {
        return jdbc.sql("SELECT count(*) FROM task_tags WHERE task_id = :id").param("id", task).query(Long.class).single();
    }

    private static TaskCreatedEvent creation(UUID task, UUID workspace, String title, UUID category, List<String> tags) {
        return new TaskCreatedEvent(task, workspace, UUID.randomUUID(), title, "text", Priority.LOW, category, tags,
                null, null, false, null, false, null, TaskStatus.TODO, null, false, null, 1);
    }
}
