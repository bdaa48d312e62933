package io.tandem.app.web.task;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.tandem.api.task.Priority;
import io.tandem.api.task.RecurringConfig;
import io.tandem.api.task.TaskChanges;
import io.tandem.api.task.TaskField;
import io.tandem.api.task.TaskStatus;
import io.tandem.app.problem.ApiException;
import io.tandem.app.problem.ApiException.FieldError;
import io.tandem.app.web.JsonFieldPath;
import io.tandem.app.web.TextRules;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A task request body read field by field. Updates must tell "absent" (keep) from "null" (clear), which a
 * plain record cannot, so the body is read as a JSON object: every present field is typed and checked here,
 * unknown fields are refused, and all problems are reported together. The WebSocket's {@code task_update} and sync
 * pushes read their task data the same way.
 */
public final class TaskBody {

    /** Fields a client may echo back from a Task it read; they are never written through the body. */
    private static final Set<String> READ_ONLY = Set.of("workspaceId", "createdBy", "createdAt", "updatedAt",
            "completedAt", "parentTaskId");

    public final UUID id;
    public final Long version;
    public final UUID parentTaskId;
    public final TaskChanges changes;

    private TaskBody(UUID id, Long version, UUID parentTaskId, TaskChanges changes) {
        this.id = id;
        this.version = version;
        this.parentTaskId = parentTaskId;
        this.changes = changes;
    }

    /**
     * Reads one task of a batch (an import) for creation: its problems are added to {@code errors} instead of
     * thrown, so that one bad item does not stop the others; the answer is null when there were any.
     */
    public static TaskBody readForCreation(JsonNode body, ObjectMapper mapper, List<FieldError> errors) {
        if (body == null || !body.isObject()) {
            errors.add(new FieldError("body", "must be a JSON object"));
            return null;
        }
        Reader reader = new Reader((ObjectNode) body, mapper, true);
        TaskBody result = reader.read();
        errors.addAll(reader.errors);
        return reader.errors.isEmpty() ? result : null;
    }

    /** The client's id, or null when it chose none. */
    public UUID id() {
        return id;
    }

    public UUID parentTaskId() {
        return parentTaskId;
    }

    public TaskChanges changes() {
        return changes;
    }

    public static TaskBody read(JsonNode body, ObjectMapper mapper, boolean creating) {
        if (body == null || !body.isObject()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "malformed-json", "The request body must be a JSON object", null);
        }
        Reader reader = new Reader((ObjectNode) body, mapper, creating);
        TaskBody result = reader.read();
        if (!reader.errors.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "validation", reader.errors.size() == 1
                    ? reader.errors.get(0).field() + ": " + reader.errors.get(0).message()
                    : "The request has " + reader.errors.size() + " invalid fields", reader.errors);
        }
        return result;
    }

    private static final class Reader {
        private final ObjectNode body;
        private final ObjectMapper mapper;
        private final boolean creating;
        private final List<FieldError> errors = new ArrayList<>();
        private final EnumSet<TaskField> fields = EnumSet.noneOf(TaskField.class);

        Reader(ObjectNode body, ObjectMapper mapper, boolean creating) {
            this.body = body;
            this.mapper = mapper;
            this.creating = creating;
        }

        TaskBody read() {
            for (Map.Entry<String, JsonNode> entry : body.properties()) {
                String name = entry.getKey();
                boolean known = TaskField.fromJsonName(name).isPresent() || READ_ONLY.contains(name)
                        || name.equals("id") || name.equals("version");
                if (!known) {
                    errors.add(new FieldError(name, "is not a known field"));
                }
            }
            UUID id = uuid("id");
            Long version = body.has("version") && !body.get("version").isNull() ? whole("version") : null;
            // Read on updates too, so that an echo is type-checked and its reference checked (TaskReferences).
            UUID parent = uuid("parentTaskId");
            String title = present(TaskField.TITLE) ? text("title", true) : null;
            String description = present(TaskField.DESCRIPTION) ? text("description", false) : null;
            Priority priority = present(TaskField.PRIORITY) ? value("priority", Priority.class, true) : null;
            UUID categoryId = present(TaskField.CATEGORY_ID) ? uuid("categoryId") : null;
            List<String> tags = present(TaskField.TAGS) ? tags() : null;
            UUID assignedTo = present(TaskField.ASSIGNED_TO) ? uuid("assignedTo") : null;
            Instant dueDate = present(TaskField.DUE_DATE) ? instant("dueDate") : null;
            Boolean recurring = present(TaskField.IS_RECURRING) ? bool("isRecurring") : null;
            RecurringConfig config = present(TaskField.RECURRING_CONFIG)
                    ? value("recurringConfig", RecurringConfig.class, false) : null;
            Boolean template = present(TaskField.IS_TEMPLATE) ? bool("isTemplate") : null;
            TaskStatus status = present(TaskField.STATUS) ? value("status", TaskStatus.class, true) : null;
            Integer position = present(TaskField.POSITION) ? position() : null;
            Boolean completed = present(TaskField.COMPLETED) ? bool("completed") : null;
            if (creating && !fields.contains(TaskField.TITLE)) {
                errors.add(new FieldError("title", "is required"));
            }
            TaskChanges changes = new TaskChanges(fields, title, description, priority, categoryId, tags, assignedTo,
                    dueDate, recurring, config, template, status, position, completed);
            return new TaskBody(id, version, parent, changes);
        }

        private boolean present(TaskField field) {
            if (body.has(field.jsonName())) {
                fields.add(field);
                return true;
            }
            return false;
        }

        private String text(String name, boolean required) {
            JsonNode node = body.get(name);
            if (node.isNull()) {
                if (required) {
                    errors.add(new FieldError(name, "must not be null"));
                }
                return null;
            }
            if (!node.isString()) {
                errors.add(new FieldError(name, "must be a string"));
                return null;
            }
            if (!TextRules.storable(node.asString())) {
                errors.add(new FieldError(name, TextRules.MESSAGE));
                return null;
            }
            return node.asString();
        }

        private Boolean bool(String name) {
            JsonNode node = body.get(name);
            if (!node.isBoolean()) {
                errors.add(new FieldError(name, "must be true or false"));
                return null;
            }
            return node.booleanValue();
        }

        private Long whole(String name) {
            JsonNode node = body.get(name);
            if (!node.isIntegralNumber() || !node.canConvertToInt()) {
                errors.add(new FieldError(name, "must be a whole number"));
                return null;
            }
            return node.longValue();
        }

        private Integer position() {
            if (body.get("position").isNull()) {
                return null;
            }
            Long value = whole("position");
            return value == null ? null : value.intValue();
        }

        private UUID uuid(String name) {
            JsonNode node = body.get(name);
            if (node == null || node.isNull()) {
                return null;
            }
            if (!node.isString()) {
                errors.add(new FieldError(name, "must be a UUID"));
                return null;
            }
            try {
                return UUID.fromString(node.asString());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(name, "must be a UUID"));
                return null;
            }
        }

        private Instant instant(String name) {
            JsonNode node = body.get(name);
            if (node.isNull()) {
                return null;
            }
            if (!node.isString()) {
                errors.add(new FieldError(name, "must be an ISO-8601 instant such as 2026-11-24T10:15:30Z"));
                return null;
            }
            try {
                return OffsetDateTime.parse(node.asString()).toInstant();
            } catch (DateTimeParseException e) {
                errors.add(new FieldError(name, "must be an ISO-8601 instant such as 2026-11-24T10:15:30Z"));
                return null;
            }
        }

        private List<String> tags() {
            JsonNode node = body.get("tags");
            if (node.isNull()) {
                return List.of();
            }
            if (!node.isArray()) {
                errors.add(new FieldError("tags", "must be a list of strings"));
                return null;
            }
            List<String> tags = new ArrayList<>();
            for (JsonNode tag : node) {
                if (!tag.isString()) {
                    errors.add(new FieldError("tags", "must be a list of strings"));
                    return null;
                }
                if (!TextRules.storable(tag.asString())) {
                    errors.add(new FieldError("tags[" + tags.size() + "]", TextRules.MESSAGE));
                    return null;
                }
                tags.add(tag.asString());
            }
            return tags;
        }

        private <T> T value(String name, Class<T> type, boolean required) {
            JsonNode node = body.get(name);
            if (node.isNull()) {
                if (required) {
                    errors.add(new FieldError(name, "must not be null"));
                }
                return null;
            }
            try {
                return mapper.readerFor(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(node);
            } catch (JacksonException e) {
                String inner = JsonFieldPath.of(e, "");
                errors.add(new FieldError(inner.isEmpty() ? name : inner.startsWith("[") ? name + inner : name + "." + inner,
                        "has an invalid value"));
                return null;
            }
        }
    }
}
