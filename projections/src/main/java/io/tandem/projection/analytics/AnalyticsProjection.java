package io.tandem.projection.analytics;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import io.tandem.api.MetadataKeys;
import io.tandem.api.ProcessingGroups;
import io.tandem.api.task.TaskChanges;
import io.tandem.api.task.TaskCompletedEvent;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskDeletedEvent;
import io.tandem.api.task.TaskField;
import io.tandem.api.task.TaskFieldsChangedEvent;
import io.tandem.api.task.TaskMovedEvent;
import io.tandem.api.task.TaskReopenedEvent;
import io.tandem.api.task.TaskStatus;
import io.tandem.api.workspace.WorkspaceDeletedEvent;
import io.tandem.projection.DeletionFacts;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps analytics_tasks and analytics_task_completions: a row per completion with the completing user (the
 * event's {@code userId} metadata), the moment, the task's creation and the due date then in force.
 *
 * <p>Every task event is applied only when its version is above the row's, so replays and redeliveries change
 * nothing; a completion is keyed by the version that produced it. Reopening keeps earlier completions: they
 * happened, and trends and productivity count completions as they happened.
 *
 * <p>Events are sequenced per task, so a task's creation may be handled after its workspace's deletion; the deletion
 * is kept as a fact ({@link DeletionFacts}) that the creation looks at. Nothing here is text, and a deleted
 * workspace's analytics cannot be read, so a creation handled at the very moment of the deletion needs no lock.
 */
@Component
@ProcessingGroup(ProcessingGroups.ANALYTICS)
class AnalyticsProjection {

    private final JdbcClient jdbc;
    private final DeletionFacts deletions;

    AnalyticsProjection(JdbcClient jdbc, DeletionFacts deletions) {
        this.jdbc = jdbc;
        this.deletions = deletions;
    }

    @EventHandler
    void on(TaskCreatedEvent event, @SequenceNumber long sequenceNumber,
            @Timestamp Instant timestamp,
            @MetaDataValue(MetadataKeys.USER_ID) String userId) {
        boolean completed = event.completed() || event.status() == TaskStatus.DONE;
        int inserted = jdbc.sql("""
                        INSERT INTO analytics_tasks (task_id, workspace_id, created_at, due_date, completed, deleted, version)
                        VALUES (:id, :workspaceId, :createdAt, :dueDate, :completed,
                                EXISTS (SELECT 1 FROM deleted_workspaces WHERE workspace_id = :workspaceId), :version)
                        ON CONFLICT (task_id) DO NOTHING
                        """)
                .param("id", event.taskId())
                .param("workspaceId", event.workspaceId())
                .param("createdAt", time(timestamp))
                .param("dueDate", time(event.dueDate()))
                .param("completed", completed)
                .param("version", version(sequenceNumber))
                .update();
        if (inserted == 1 && completed) {
            recordCompletion(event.taskId(), version(sequenceNumber), userId,
                    event.completedAt() != null ? event.completedAt() : timestamp);
        }
    }

    @EventHandler
    void on(TaskFieldsChangedEvent event, @SequenceNumber long sequenceNumber,
            @Timestamp Instant timestamp,
            @MetaDataValue(MetadataKeys.USER_ID) String userId) {
        TaskChanges changes = event.changes();
        long version = version(sequenceNumber);
        Optional<Boolean> wasCompleted = pending(event.taskId(), version);
        if (wasCompleted.isEmpty()) {
            return;
        }
        boolean completed = wasCompleted.get();
        // The command side turns completion changes into their own events today; a change naming them is still
        // read the way the task list reads it, so the two models never disagree about a task's state.
        if (changes.has(TaskField.COMPLETED)) {
            completed = Boolean.TRUE.equals(changes.completed());
        } else if (changes.has(TaskField.STATUS)) {
            completed = changes.status() == TaskStatus.DONE;
        }
        jdbc.sql("""
                        UPDATE analytics_tasks SET due_date = CASE WHEN :dueChanged THEN :dueDate ELSE due_date END,
                                                   completed = :completed, version = :version
                         WHERE task_id = :id
                        """)
                .param("id", event.taskId())
                .param("dueChanged", changes.has(TaskField.DUE_DATE))
                .param("dueDate", time(changes.has(TaskField.DUE_DATE) ? changes.dueDate() : null))
                .param("completed", completed)
                .param("version", version)
                .update();
        if (completed && !wasCompleted.get()) {
            recordCompletion(event.taskId(), version, userId, timestamp);
        }
    }

    @EventHandler
    void on(TaskCompletedEvent event, @SequenceNumber long sequenceNumber,
            @Timestamp Instant timestamp,
            @MetaDataValue(MetadataKeys.USER_ID) String userId) {
        long version = version(sequenceNumber);
        if (setCompleted(event.taskId(), version, true)) {
            recordCompletion(event.taskId(), version, userId,
                    event.completedAt() != null ? event.completedAt() : timestamp);
        }
    }

    @EventHandler
    void on(TaskReopenedEvent event, @SequenceNumber long sequenceNumber) {
        setCompleted(event.taskId(), version(sequenceNumber), false);
    }

    @EventHandler
    void on(TaskMovedEvent event, @SequenceNumber long sequenceNumber) {
        // A move never lands in DONE (that is a completion); moving out of DONE reopens.
        setCompleted(event.taskId(), version(sequenceNumber), event.status() == TaskStatus.DONE);
    }

    @EventHandler
    void on(TaskDeletedEvent event, @SequenceNumber long sequenceNumber) {
        long version = version(sequenceNumber);
        if (pending(event.taskId(), version).isPresent()) {
            jdbc.sql("UPDATE analytics_tasks SET deleted = true, version = :version WHERE task_id = :id")
                    .param("id", event.taskId())
                    .param("version", version)
                    .update();
        }
    }

    @EventHandler
    void on(WorkspaceDeletedEvent event) {
        deletions.workspaceDeleted(event.workspaceId());
        jdbc.sql("UPDATE analytics_tasks SET deleted = true WHERE workspace_id = :workspaceId")
                .param("workspaceId", event.workspaceId())
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE analytics_task_completions, analytics_tasks").update();
    }

    /** Applies a completed flag at this version; true when the task was open before (a completion happened). */
    private boolean setCompleted(UUID taskId, long version, boolean completed) {
        Optional<Boolean> wasCompleted = pending(taskId, version);
        if (wasCompleted.isEmpty()) {
            return false;
        }
        jdbc.sql("UPDATE analytics_tasks SET completed = :completed, version = :version WHERE task_id = :id")
                .param("id", taskId)
                .param("completed", completed)
                .param("version", version)
                .update();
        return completed && !wasCompleted.get();
    }

    /**
     * The task's completed flag when this version is still to be applied, empty when it already was. A task that
     * is not here at all means its creation was never applied; going on would lose history, so it fails loudly.
     */
    private Optional<Boolean> pending(UUID taskId, long version) {
        record Row(boolean completed, long version) {
        }
        Row row = jdbc.sql("SELECT completed, version FROM analytics_tasks WHERE task_id = :id FOR UPDATE")
                .param("id", taskId)
                .query(Row.class)
                .optional()
                .orElseThrow(() -> new IllegalStateException(
                        "Task " + taskId + " is not in the analytics read model: its creation was never applied"));
        return row.version() < version ? Optional.of(row.completed()) : Optional.empty();
    }

    private void recordCompletion(UUID taskId, long version, String userId, Instant completedAt) {
        jdbc.sql("""
                        INSERT INTO analytics_task_completions (task_id, version, workspace_id, completed_by, completed_at,
                                                                task_created_at, due_date)
                        SELECT task_id, :version, workspace_id, :completedBy, :completedAt, created_at, due_date
                          FROM analytics_tasks WHERE task_id = :id
                        ON CONFLICT (task_id, version) DO NOTHING
                        """)
                .param("id", taskId)
                .param("version", version)
                .param("completedBy", userId == null ? null : UUID.fromString(userId))
                .param("completedAt", time(completedAt))
                .update();
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static long version(long sequenceNumber) {
        return sequenceNumber + 1;
    }
}
