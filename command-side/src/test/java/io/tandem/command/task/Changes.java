package io.tandem.command.task;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.tandem.api.task.Priority;
import io.tandem.api.task.RecurringConfig;
import io.tandem.api.task.TaskChanges;
import io.tandem.api.task.TaskField;
import io.tandem.api.task.TaskStatus;

/** Builds TaskChanges naming exactly the fields set, as a client's partial update would. */
final class Changes {

    private final Set<TaskField> fields = EnumSet.noneOf(TaskField.class);
    private String title;
    private String description;
    private Priority priority;
    private UUID categoryId;
    private List<String> tags;
    private UUID assignedTo;
    private Instant dueDate;
    private Boolean recurring;
    private RecurringConfig recurringConfig;
    private Boolean template;
    private TaskStatus status;
    private Integer position;
    private Boolean completed;

    static Changes change() {
        return new Changes();
    }

    Changes title(String value) {
        fields.add(TaskField.TITLE);
        title = value;
        return this;
    }

    Changes description(String value) {
        fields.add(TaskField.DESCRIPTION);
        description = value;
        return this;
    }

    Changes priority(Priority value) {
        fields.add(TaskField.PRIORITY);
        priority = value;
        return this;
    }

    Changes categoryId(UUID value) {
        fields.add(TaskField.CATEGORY_ID);
        categoryId = value;
        return this;
    }

    Changes tags(List<String> value) {
        fields.add(TaskField.TAGS);
        tags = value;
        return this;
    }

    Changes assignedTo(UUID value) {
        fields.add(TaskField.ASSIGNED_TO);
        assignedTo = value;
        return this;
    }

    Changes dueDate(Instant value) {
        fields.add(TaskField.DUE_DATE);
        dueDate = value;
        return this;
    }

    Changes recurring(Boolean value) {
        fields.add(TaskField.IS_RECURRING);
        recurring = value;
        return this;
    }

    Changes recurringConfig(RecurringConfig value) {
        fields.add(TaskField.RECURRING_CONFIG);
        recurringConfig = value;
        return this;
    }

    Changes template(Boolean value) {
        fields.add(TaskField.IS_TEMPLATE);
        template = value;
        return this;
    }

    Changes status(TaskStatus value) {
        fields.add(TaskField.STATUS);
        status = value;
        return this;
    }

    Changes position(Integer value) {
        fields.add(TaskField.POSITION);
        position = value;
        return this;
    }

    Changes completed(Boolean value) {
        fields.add(TaskField.COMPLETED);
        completed = value;
        return this;
    }

    TaskChanges build() {
        return new TaskChanges(fields, title, description, priority, categoryId, tags, assignedTo, dueDate, recurring,
                recurringConfig, template, status, position, completed);
    }
}
