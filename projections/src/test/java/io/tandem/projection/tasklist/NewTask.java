package io.tandem.projection.tasklist;

import io.tandem.api.task.Priority;
import io.tandem.api.task.RecurringConfig;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A TaskCreatedEvent with plain defaults, so each test names only what it is about. */
final class NewTask {

    final UUID id;
    private final UUID workspaceId;
    private final UUID createdBy;
    private String title = "A task";
    private String description;
    private Priority priority = Priority.MEDIUM;
    private UUID categoryId;
    private List<String> tags = List.of();
    private UUID assignedTo;
    private Instant dueDate;
    private boolean recurring;
    private RecurringConfig recurringConfig;
    private boolean template;
    private UUID parentTaskId;
    private TaskStatus status = TaskStatus.TODO;
    private Integer position;
    private boolean completed;
    private Instant completedAt;
    private int occurrence = 1;

    NewTask(UUID workspaceId, UUID createdBy) {
        this(UUID.randomUUID(), workspaceId, createdBy);
    }

    NewTask(UUID id, UUID workspaceId, UUID createdBy) {
        this.id = id;
        this.workspaceId = workspaceId;
        this.createdBy = createdBy;
    }

    NewTask title(String title) {
        this.title = title;
        return this;
    }

    NewTask description(String description) {
        this.description = description;
        return this;
    }

    NewTask priority(Priority priority) {
        this.priority = priority;
        return this;
    }

    NewTask category(UUID categoryId) {
        this.categoryId = categoryId;
        return this;
    }

    NewTask tags(String... tags) {
        this.tags = List.of(tags);
        return this;
    }

    NewTask assignedTo(UUID assignedTo) {
        this.assignedTo = assignedTo;
        return this;
    }

    NewTask due(Instant dueDate) {
        this.dueDate = dueDate;
        return this;
    }

    NewTask recurring(RecurringConfig config) {
        this.recurring = true;
        this.recurringConfig = config;
        return this;
    }

    NewTask template() {
        this.template = true;
        return this;
    }

    NewTask parent(UUID parentTaskId, int occurrence) {
        this.parentTaskId = parentTaskId;
        this.occurrence = occurrence;
        return this;
    }

    NewTask status(TaskStatus status) {
        this.status = status;
        return this;
    }

    NewTask position(Integer position) {
        this.position = position;
        return this;
    }

    NewTask done(Instant completedAt) {
        this.status = TaskStatus.DONE;
        this.completed = true;
        this.completedAt = completedAt;
        return this;
    }

    TaskCreatedEvent event() {
        return new TaskCreatedEvent(id, workspaceId, createdBy, title, description, priority, categoryId, tags, assignedTo,
                dueDate, recurring, recurringConfig, template, parentTaskId, status, position, completed, completedAt,
                occurrence);
    }
}
