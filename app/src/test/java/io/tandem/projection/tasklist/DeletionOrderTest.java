package io.tandem.projection.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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
