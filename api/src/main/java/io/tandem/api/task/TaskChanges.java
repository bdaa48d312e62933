package io.tandem.api.task;

import io.tandem.api.Sensitive;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A set of field changes to a task. Only the components named in {@code fields} carry meaning; the others are
 * ignored (so a field can be cleared by naming it with a null value).
 */
public record TaskChanges(
        Set<TaskField> fields,
        @Sensitive(scope = Sensitive.Scope.WORKSPACE) String title,
        @Sensitive(scope = Sensitive.Scope.WORKSPACE) String description,
        Priority priority,
        UUID categoryId,
        @Sensitive(scope = Sensitive.Scope.WORKSPACE) List<String> tags,
        UUID assignedTo,
        Instant dueDate,
        Boolean recurring,
        RecurringConfig recurringConfig,
        Boolean template,
        TaskStatus status,
        Integer position,
        Boolean completed) {

    public TaskChanges {
        fields = fields == null || fields.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(fields));
        tags = tags == null ? null : List.copyOf(tags);
    }

    public boolean has(TaskField field) {
        return fields.contains(field);
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }
}
