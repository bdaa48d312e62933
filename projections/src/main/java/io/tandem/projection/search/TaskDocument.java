package io.tandem.projection.search;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tandem.api.task.DescriptionChange;
import io.tandem.api.task.Priority;
import io.tandem.api.task.RecurringConfig;
import io.tandem.api.task.TaskChanges;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskField;
import io.tandem.api.task.TaskStatus;
import io.tandem.api.task.TaskView;

/**
 * A task as the search index holds it: the whole {@link TaskView}, so that hits need no second lookup, plus a
 * tombstone flag. A deleted task keeps only its identity and version, so that no replayed older event can bring
 * it back and none of its text outlives it. The rules for derived fields (status and completion) are those of the
 * task list read model.
 */
record TaskDocument(
        UUID id,
        UUID workspaceId,
        String title,
        String description,
        long descriptionRevision,
        boolean completed,
        Priority priority,
        UUID categoryId,
        List<String> tags,
        UUID assignedTo,
        UUID createdBy,
        Instant dueDate,
        Instant completedAt,
        Instant createdAt,
        Instant updatedAt,
        @JsonProperty("isRecurring") boolean isRecurring,
        RecurringConfig recurringConfig,
        @JsonProperty("isTemplate") boolean isTemplate,
        UUID parentTaskId,
        TaskStatus status,
        Integer position,
        long version,
        boolean deleted) {

    TaskDocument {
        tags = tags == null ? List.of() : List.copyOf(new LinkedHashSet<>(tags));
        dueDate = micros(dueDate);
        completedAt = micros(completedAt);
        createdAt = micros(createdAt);
        updatedAt = micros(updatedAt);
        if (recurringConfig != null && recurringConfig.endDate() != null) {
            recurringConfig = new RecurringConfig(recurringConfig.frequency(), recurringConfig.interval(),
                    recurringConfig.daysOfWeek(), micros(recurringConfig.endDate()), recurringConfig.count());
        }
    }

    /**
     * Instants at PostgreSQL's precision, rounded as its JDBC driver rounds them, so that a search hit shows a task
     * exactly as the task list and GET do.
     */
    private static Instant micros(Instant instant) {
        return instant == null ? null : instant.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
    }

    static TaskDocument created(TaskCreatedEvent e, long version, Instant timestamp) {
        TaskStatus status = e.status() != null ? e.status() : e.completed() ? TaskStatus.DONE : TaskStatus.TODO;
        Instant completedAt = e.completed() && e.completedAt() == null ? timestamp : e.completedAt();
        return new TaskDocument(e.taskId(), e.workspaceId(), e.title(), e.description(), 0, e.completed(),
                e.priority() == null ? Priority.MEDIUM : e.priority(), e.categoryId(), e.tags(), e.assignedTo(),
                e.createdBy(), e.dueDate(), completedAt, timestamp, timestamp, e.recurring(), e.recurringConfig(),
                e.template(), e.parentTaskId(), status, e.position(), version, false);
    }

    TaskView view() {
        return new TaskView(id, workspaceId, title, description, descriptionRevision, completed, priority, categoryId, tags, assignedTo,
                createdBy, dueDate, completedAt, createdAt, updatedAt, isRecurring, recurringConfig, isTemplate,
                parentTaskId, status, position, version);
    }

    TaskDocument changed(TaskChanges c, DescriptionChange edit, long newVersion, Instant timestamp) {
        Builder b = new Builder(this);
        if (c.has(TaskField.TITLE)) {
            b.title = c.title();
        }
        if (c.has(TaskField.DESCRIPTION)) {
            b.description = c.description();
            if (edit != null) {
                b.descriptionRevision = edit.revision();
            }
        }
        if (c.has(TaskField.PRIORITY)) {
            b.priority = c.priority() == null ? Priority.MEDIUM : c.priority();
        }
        if (c.has(TaskField.CATEGORY_ID)) {
            b.categoryId = c.categoryId();
        }
        if (c.has(TaskField.TAGS)) {
            b.tags = c.tags();
        }
        if (c.has(TaskField.ASSIGNED_TO)) {
            b.assignedTo = c.assignedTo();
        }
        if (c.has(TaskField.DUE_DATE)) {
            b.dueDate = c.dueDate();
        }
        if (c.has(TaskField.IS_RECURRING)) {
            b.isRecurring = Boolean.TRUE.equals(c.recurring());
        }
        if (c.has(TaskField.RECURRING_CONFIG)) {
            b.recurringConfig = c.recurringConfig();
        }
        if (c.has(TaskField.IS_TEMPLATE)) {
            b.isTemplate = Boolean.TRUE.equals(c.template());
        }
        if (c.has(TaskField.POSITION)) {
            b.position = c.position();
        }
        if (c.has(TaskField.STATUS) || c.has(TaskField.COMPLETED)) {
            // STATUS and COMPLETED describe one fact; when a change names only one, the other follows it.
            boolean done = c.has(TaskField.COMPLETED) ? Boolean.TRUE.equals(c.completed()) : c.status() == TaskStatus.DONE;
            b.completed = done;
            b.completedAt = done ? (completedAt != null ? completedAt : timestamp) : null;
            if (c.has(TaskField.STATUS)) {
                b.status = c.status();
            } else if (done) {
                b.status = TaskStatus.DONE;
            } else if (status == TaskStatus.DONE) {
                b.status = TaskStatus.TODO;
            }
        }
        return b.build(newVersion, timestamp);
    }

    TaskDocument completedAt(Instant when, long newVersion, Instant timestamp) {
        Builder b = new Builder(this);
        b.completed = true;
        b.status = TaskStatus.DONE;
        b.completedAt = when != null ? when : timestamp;
        return b.build(newVersion, timestamp);
    }

    TaskDocument reopened(TaskStatus into, long newVersion, Instant timestamp) {
        Builder b = new Builder(this);
        b.completed = false;
        b.status = into != null ? into : TaskStatus.TODO;
        b.completedAt = null;
        return b.build(newVersion, timestamp);
    }

    TaskDocument moved(TaskStatus to, Integer newPosition, long newVersion, Instant timestamp) {
        Builder b = new Builder(this);
        boolean done = to == TaskStatus.DONE;
        b.status = to;
        if (newPosition != null) {
            b.position = newPosition;
        }
        b.completed = done;
        b.completedAt = done ? (completedAt != null ? completedAt : timestamp) : null;
        return b.build(newVersion, timestamp);
    }

    TaskDocument assigned(UUID assignee, long newVersion, Instant timestamp) {
        Builder b = new Builder(this);
        b.assignedTo = assignee;
        return b.build(newVersion, timestamp);
    }

    /** The category was deleted: the task stays, without a category; its version counts only its own events. */
    TaskDocument withoutCategory() {
        Builder b = new Builder(this);
        b.categoryId = null;
        return b.build(version, updatedAt);
    }

    /** What is left of a deleted task: identity and version, none of its content. */
    TaskDocument tombstone(long newVersion, Instant timestamp) {
        return new TaskDocument(id, workspaceId, null, null, 0, false, null, null, List.of(), null, null, null, null,
                null, timestamp, false, null, false, null, null, null, newVersion, true);
    }

    /** Mutable copy for the methods above; records have no withers. */
    private static final class Builder {
        private final TaskDocument from;
        String title;
        String description;
        long descriptionRevision;
        boolean completed;
        Priority priority;
        UUID categoryId;
        List<String> tags;
        UUID assignedTo;
        Instant dueDate;
        Instant completedAt;
        boolean isRecurring;
        RecurringConfig recurringConfig;
        boolean isTemplate;
        TaskStatus status;
        Integer position;

        Builder(TaskDocument d) {
            from = d;
            title = d.title;
            description = d.description;
            descriptionRevision = d.descriptionRevision;
            completed = d.completed;
            priority = d.priority;
            categoryId = d.categoryId;
            tags = d.tags;
            assignedTo = d.assignedTo;
            dueDate = d.dueDate;
            completedAt = d.completedAt;
            isRecurring = d.isRecurring;
            recurringConfig = d.recurringConfig;
            isTemplate = d.isTemplate;
            status = d.status;
            position = d.position;
        }

        TaskDocument build(long version, Instant updatedAt) {
            return new TaskDocument(from.id, from.workspaceId, title, description, descriptionRevision, completed, priority, categoryId,
                    tags, assignedTo, from.createdBy, dueDate, completedAt, from.createdAt, updatedAt, isRecurring,
                    recurringConfig, isTemplate, from.parentTaskId, status, position, version, from.deleted);
        }
    }
}
