package io.tandem.projection.tasklist;

import io.tandem.api.ProcessingGroups;
import io.tandem.api.MetadataKeys;
import io.tandem.api.task.DescriptionChange;
import io.tandem.projection.DeletionFacts;
import io.tandem.api.task.Priority;
import io.tandem.api.task.RecurringConfig;
import io.tandem.api.task.TaskAssignedEvent;
import io.tandem.api.task.TaskChanges;
import io.tandem.api.task.TaskCompletedEvent;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskDeletedEvent;
import io.tandem.api.task.TaskField;
import io.tandem.api.task.TaskFieldsChangedEvent;
import io.tandem.api.task.TaskMovedEvent;
import io.tandem.api.task.TaskReopenedEvent;
import io.tandem.api.task.TaskStatus;
import io.tandem.api.workspace.CategoryDeletedEvent;
import io.tandem.api.workspace.WorkspaceDeletedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.MetaData;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the tasks and task_tags tables in step with the Task aggregate, and with the two workspace
 * events that reach into tasks.
 *
 * <p>Each task event writes only when its version is above the row's, in one conditional statement, so
 * a replayed or redelivered event changes nothing. The workspace events carry no task version; they are
 * idempotent by their nature (clearing a category, marking deleted) and leave task versions alone, since
 * those count the task's own events.
 *
 * <p>Events are sequenced per task, so a task's event may be handled after a later deletion of its workspace or its
 * category. Those deletions are kept as facts ({@link DeletionFacts}); a task event that brings text or a category
 * looks at them after writing and takes back what a deletion already removed, so the outcome does not depend on the
 * order in which the segments get there.
 */
@Component
@ProcessingGroup(ProcessingGroups.TASK_LIST)
class TaskListProjection {

    /** The fields whose values a workspace or category deletion takes away. */
    private static final Set<TaskField> DELETABLE = Set.of(TaskField.TITLE, TaskField.DESCRIPTION, TaskField.TAGS,
            TaskField.CATEGORY_ID);

    private final JdbcClient jdbc;
    private final DeletionFacts deletions;

    TaskListProjection(JdbcClient jdbc, DeletionFacts deletions) {
        this.jdbc = jdbc;
        this.deletions = deletions;
    }

    @EventHandler
    void on(TaskCreatedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
        TaskStatus status = event.status() != null ? event.status() : event.completed() ? TaskStatus.DONE : TaskStatus.TODO;
        Map<String, Object> params = new HashMap<>();
        params.put("id", event.taskId());
        params.put("workspaceId", event.workspaceId());
        params.put("title", event.title());
        params.put("description", event.description());
        params.put("completed", event.completed());
        params.put("priority", rank(event.priority()));
        params.put("categoryId", event.categoryId());
        params.put("assignedTo", event.assignedTo());
        params.put("createdBy", event.createdBy());
        params.put("dueDate", TaskColumns.time(event.dueDate()));
        params.put("completedAt", TaskColumns.time(event.completed() && event.completedAt() == null ? timestamp : event.completedAt()));
        params.put("timestamp", TaskColumns.time(timestamp));
        params.put("recurring", event.recurring());
        putRecurringConfig(params, event.recurringConfig());
        params.put("template", event.template());
        params.put("parentTaskId", event.parentTaskId());
        params.put("status", TaskColumns.status(status));
        params.put("position", event.position());
        params.put("occurrence", event.occurrence());
        params.put("version", version(sequenceNumber));
        DeletionFacts.Known known = deletions.lockForWrite(event.workspaceId());
        // A creation is always version 1, so a row that already exists means this event was applied.
        int inserted = jdbc.sql("""
                        INSERT INTO tasks (id, workspace_id, title, description, completed, priority, category_id,
                                           assigned_to, created_by, due_date, completed_at, created_at, updated_at,
                                           is_recurring, recurring_frequency, recurring_interval, recurring_days,
                                           recurring_end_date, recurring_count, is_template, parent_task_id, status,
                                           position, occurrence, version, deleted)
                        VALUES (:id, :workspaceId, :title, :description, :completed, :priority, :categoryId,
                                :assignedTo, :createdBy, :dueDate, :completedAt, :timestamp, :timestamp,
                                :recurring, :recurringFrequency, :recurringInterval, :recurringDays,
                                :recurringEndDate, :recurringCount, :template, :parentTaskId, :status,
                                :position, :occurrence, :version, false)
                        ON CONFLICT (id) DO NOTHING
                        """)
                .params(params)
                .update();
        if (inserted == 1) {
            // A task row just inserted has no tags yet (they reference it), so nothing to clear first.
            insertTags(event.taskId(), event.tags());
            if (!known.nothing()) {
                applyDeletions(event.taskId());
            }
        }
    }

    @EventHandler
    void on(TaskFieldsChangedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp,
            MetaData metaData) {
        TaskChanges changes = event.changes();
        Assignments set = new Assignments();
        if (changes.has(TaskField.TITLE)) {
            set.column("title", changes.title());
        }
        DescriptionChange edit = changes.has(TaskField.DESCRIPTION) ? event.descriptionChange() : null;
        if (changes.has(TaskField.DESCRIPTION)) {
            set.column("description", changes.description());
        }
        if (edit != null) {
            set.column("description_revision", edit.revision());
        }
        if (changes.has(TaskField.PRIORITY)) {
            set.column("priority", rank(changes.priority()));
        }
        if (changes.has(TaskField.CATEGORY_ID)) {
            set.column("category_id", changes.categoryId());
        }
        if (changes.has(TaskField.ASSIGNED_TO)) {
            set.column("assigned_to", changes.assignedTo());
        }
        if (changes.has(TaskField.DUE_DATE)) {
            set.column("due_date", TaskColumns.time(changes.dueDate()));
        }
        if (changes.has(TaskField.IS_RECURRING)) {
            set.column("is_recurring", Boolean.TRUE.equals(changes.recurring()));
        }
        if (changes.has(TaskField.RECURRING_CONFIG)) {
            Map<String, Object> config = new HashMap<>();
            putRecurringConfig(config, changes.recurringConfig());
            set.column("recurring_frequency", config.get("recurringFrequency"));
            set.column("recurring_interval", config.get("recurringInterval"));
            set.column("recurring_days", config.get("recurringDays"));
            set.column("recurring_end_date", config.get("recurringEndDate"));
            set.column("recurring_count", config.get("recurringCount"));
        }
        if (changes.has(TaskField.IS_TEMPLATE)) {
            set.column("is_template", Boolean.TRUE.equals(changes.template()));
        }
        if (changes.has(TaskField.POSITION)) {
            set.column("position", changes.position());
        }
        if (changes.has(TaskField.STATUS) || changes.has(TaskField.COMPLETED)) {
            completion(set, changes);
        }
        set.params.put("id", event.taskId());
        set.params.put("timestamp", TaskColumns.time(timestamp));
        set.params.put("version", version(sequenceNumber));
        set.sql.add("updated_at = :timestamp");
        set.sql.add("version = :version");
        boolean deletable = changes.fields().stream().anyMatch(DELETABLE::contains);
        DeletionFacts.Known known = deletable ? deletions.lockForWrite(event.workspaceId()) : null;
        int updated = jdbc.sql("UPDATE tasks SET " + String.join(", ", set.sql) + " WHERE id = :id AND version < :version")
                .params(set.params)
                .update();
        if (requireKnownIfSkipped(updated, event.taskId())) {
            if (changes.has(TaskField.TAGS)) {
                replaceTags(event.taskId(), changes.tags());
            }
            if (known != null && !known.nothing()) {
                applyDeletions(event.taskId());
            }
        }
        if (edit != null) {
            // Keyed by revision: handled again (a redelivery, a replay), the operation is there already.
            jdbc.sql("""
                            INSERT INTO task_description_ops (task_id, revision, op, user_id, client_id, seq, created_at)
                            VALUES (:taskId, :revision, :op, :userId, :clientId, :seq, :timestamp)
                            ON CONFLICT (task_id, revision) DO NOTHING""")
                    .param("taskId", event.taskId())
                    .param("revision", edit.revision())
                    .param("op", edit.op())
                    .param("userId", userId(metaData))
                    .param("clientId", edit.clientId())
                    .param("seq", edit.seq())
                    .param("timestamp", TaskColumns.time(timestamp))
                    .update();
        }
    }

    @EventHandler
    void on(TaskCompletedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
        int updated = jdbc.sql("""
                        UPDATE tasks SET completed = true, status = 'done', completed_at = :completedAt,
                                         updated_at = :timestamp, version = :version
                         WHERE id = :id AND version < :version
                        """)
                .param("id", event.taskId())
                .param("completedAt", TaskColumns.time(event.completedAt() != null ? event.completedAt() : timestamp))
                .param("timestamp", TaskColumns.time(timestamp))
                .param("version", version(sequenceNumber))
                .update();
        requireKnownIfSkipped(updated, event.taskId());
    }

    @EventHandler
    void on(TaskReopenedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
        TaskStatus status = event.status() != null ? event.status() : TaskStatus.TODO;
        int updated = jdbc.sql("""
                        UPDATE tasks SET completed = false, status = :status, completed_at = NULL,
                                         updated_at = :timestamp, version = :version
                         WHERE id = :id AND version < :version
                        """)
                .param("id", event.taskId())
                .param("status", TaskColumns.status(status))
                .param("timestamp", TaskColumns.time(timestamp))
                .param("version", version(sequenceNumber))
                .update();
        requireKnownIfSkipped(updated, event.taskId());
    }

    @EventHandler
    void on(TaskMovedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
        // A move without a position keeps the current one, as the command promises; a task is completed
        // exactly when it is in the DONE column, so moving it out of there reopens it.
        int updated = jdbc.sql("""
                        UPDATE tasks SET status = :status, position = COALESCE(:position, position),
                                         completed = :done,
                                         completed_at = CASE WHEN :done THEN COALESCE(completed_at, :timestamp) END,
                                         updated_at = :timestamp, version = :version
                         WHERE id = :id AND version < :version
                        """)
                .param("id", event.taskId())
                .param("status", TaskColumns.status(event.status()))
                .param("position", event.position())
                .param("done", event.status() == TaskStatus.DONE)
                .param("timestamp", TaskColumns.time(timestamp))
                .param("version", version(sequenceNumber))
                .update();
        requireKnownIfSkipped(updated, event.taskId());
    }

    @EventHandler
    void on(TaskAssignedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
        int updated = jdbc.sql("""
                        UPDATE tasks SET assigned_to = :assignedTo, updated_at = :timestamp, version = :version
                         WHERE id = :id AND version < :version
                        """)
                .param("id", event.taskId())
                .param("assignedTo", event.assignedTo())
                .param("timestamp", TaskColumns.time(timestamp))
                .param("version", version(sequenceNumber))
                .update();
        requireKnownIfSkipped(updated, event.taskId());
    }

    @EventHandler
    void on(TaskDeletedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) {
        // Soft, so that the version query still answers for the deleted task.
        int updated = jdbc.sql("""
                        UPDATE tasks SET deleted = true, updated_at = :timestamp, version = :version
                         WHERE id = :id AND version < :version
                        """)
                .param("id", event.taskId())
                .param("timestamp", TaskColumns.time(timestamp))
                .param("version", version(sequenceNumber))
                .update();
        requireKnownIfSkipped(updated, event.taskId());
    }

    @EventHandler
    void on(CategoryDeletedEvent event) {
        deletions.lockForDeletion(event.workspaceId());
        deletions.categoryDeleted(event.workspaceId(), event.categoryId());
        jdbc.sql("UPDATE tasks SET category_id = NULL WHERE workspace_id = :workspaceId AND category_id = :categoryId")
                .param("workspaceId", event.workspaceId())
                .param("categoryId", event.categoryId())
                .update();
    }

    @EventHandler
    void on(WorkspaceDeletedEvent event) {
        // The contract erases task text once its workspace is deleted; the rows stay for their versions.
        deletions.lockForDeletion(event.workspaceId());
        deletions.workspaceDeleted(event.workspaceId());
        jdbc.sql("DELETE FROM task_tags WHERE task_id IN (SELECT id FROM tasks WHERE workspace_id = :workspaceId)")
                .param("workspaceId", event.workspaceId())
                .update();
        jdbc.sql("""
                        DELETE FROM task_description_ops
                         WHERE task_id IN (SELECT id FROM tasks WHERE workspace_id = :workspaceId)""")
                .param("workspaceId", event.workspaceId())
                .update();
        jdbc.sql("UPDATE tasks SET deleted = true, title = '', description = NULL WHERE workspace_id = :workspaceId")
                .param("workspaceId", event.workspaceId())
                .update();
    }

    /** Who made a change, as the command's metadata says; null for a change no user made (or an unreadable id). */
    private static UUID userId(MetaData metaData) {
        Object value = metaData.get(MetadataKeys.USER_ID);
        try {
            return value == null ? null : UUID.fromString(value.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE task_tags, task_description_ops, tasks").update();
    }

    /**
     * STATUS and COMPLETED describe one fact (completed exactly when DONE); when a change names only one,
     * the other follows it, and completedAt is set on completion and cleared on reopening.
     */
    private static void completion(Assignments set, TaskChanges changes) {
        boolean completed = changes.has(TaskField.COMPLETED)
                ? Boolean.TRUE.equals(changes.completed())
                : changes.status() == TaskStatus.DONE;
        set.params.put("completed", completed);
        set.sql.add("completed = :completed");
        set.sql.add("completed_at = CASE WHEN :completed THEN COALESCE(completed_at, :timestamp) END");
        if (changes.has(TaskField.STATUS)) {
            set.column("status", TaskColumns.status(changes.status()));
        } else if (completed) {
            set.sql.add("status = 'done'");
        } else {
            set.sql.add("status = CASE WHEN status = 'done' THEN 'todo' ELSE status END");
        }
    }

    /**
     * Takes back from a task just written what a deletion already handled took away: its text and tags when its
     * workspace is deleted, its category when that is deleted. Usually nothing matches, and nothing is written.
     */
    private void applyDeletions(UUID taskId) {
        List<Boolean> erased = jdbc.sql("""
                        WITH facts AS (
                            SELECT t.id,
                                   EXISTS (SELECT 1 FROM deleted_workspaces d WHERE d.workspace_id = t.workspace_id) AS erased,
                                   EXISTS (SELECT 1 FROM deleted_categories c
                                            WHERE c.workspace_id = t.workspace_id AND c.category_id = t.category_id) AS orphaned
                              FROM tasks t WHERE t.id = :id)
                        UPDATE tasks
                           SET category_id = CASE WHEN facts.orphaned THEN NULL ELSE tasks.category_id END,
                               deleted = tasks.deleted OR facts.erased,
                               title = CASE WHEN facts.erased THEN '' ELSE tasks.title END,
                               description = CASE WHEN facts.erased THEN NULL ELSE tasks.description END
                          FROM facts
                         WHERE tasks.id = facts.id AND (facts.erased OR facts.orphaned)
                        RETURNING facts.erased
                        """)
                .param("id", taskId)
                .query(Boolean.class)
                .list();
        if (erased.contains(Boolean.TRUE)) {
            jdbc.sql("DELETE FROM task_tags WHERE task_id = :taskId").param("taskId", taskId).update();
        }
    }

    private void replaceTags(UUID taskId, List<String> tags) {
        jdbc.sql("DELETE FROM task_tags WHERE task_id = :taskId").param("taskId", taskId).update();
        insertTags(taskId, tags);
    }

    private void insertTags(UUID taskId, List<String> tags) {
        // The first occurrence of a repeated tag keeps its place; the key allows each tag once per task.
        List<String> distinct = tags == null ? List.of() : List.copyOf(new LinkedHashSet<>(tags));
        for (int ordinal = 0; ordinal < distinct.size(); ordinal++) {
            jdbc.sql("INSERT INTO task_tags (task_id, ordinal, tag) VALUES (:taskId, :ordinal, :tag)")
                    .param("taskId", taskId)
                    .param("ordinal", ordinal)
                    .param("tag", distinct.get(ordinal))
                    .update();
        }
    }

    /**
     * A skipped event is fine when the row is already further along; a missing row means the task's
     * creation was never applied, and carrying on would silently lose this change, so it fails loudly.
     */
    private boolean requireKnownIfSkipped(int updated, UUID taskId) {
        if (updated == 1) {
            return true;
        }
        boolean known = jdbc.sql("SELECT EXISTS (SELECT 1 FROM tasks WHERE id = :id)")
                .param("id", taskId)
                .query(Boolean.class)
                .single();
        if (!known) {
            throw new IllegalStateException("Task " + taskId + " is not in the read model: its creation was never applied");
        }
        return false;
    }

    private static void putRecurringConfig(Map<String, Object> params, RecurringConfig config) {
        params.put("recurringFrequency", config == null ? null : TaskColumns.frequency(config.frequency()));
        params.put("recurringInterval", config == null ? null : config.interval());
        params.put("recurringDays", config == null ? null : TaskColumns.weekdays(config.daysOfWeek()));
        params.put("recurringEndDate", config == null ? null : TaskColumns.time(config.endDate()));
        params.put("recurringCount", config == null ? null : config.count());
    }

    // The contract's default; the command side fills it, this only keeps a sparse event readable.
    private static int rank(Priority priority) {
        return TaskColumns.priorityRank(priority == null ? Priority.MEDIUM : priority);
    }

    private static long version(long sequenceNumber) {
        return sequenceNumber + 1;
    }

    /** The SET clause of a partial update; column names come from this class only, values are bound. */
    private static final class Assignments {
        final List<String> sql = new ArrayList<>();
        final Map<String, Object> params = new HashMap<>();

        void column(String column, Object value) {
            sql.add(column + " = :" + column);
            params.put(column, value);
        }
    }
}
