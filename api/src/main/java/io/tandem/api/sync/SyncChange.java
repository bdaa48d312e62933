package io.tandem.api.sync;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tandem.api.task.DescriptionOpJson;
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
import io.tandem.api.workspace.CategoryCreatedEvent;
import io.tandem.api.workspace.CategoryDeletedEvent;
import io.tandem.api.workspace.CategoryUpdatedEvent;
import io.tandem.api.workspace.WorkspaceCreatedEvent;
import io.tandem.api.workspace.WorkspaceDeletedEvent;
import io.tandem.api.workspace.WorkspaceMemberAddedEvent;
import io.tandem.api.workspace.WorkspaceMemberRemovedEvent;
import io.tandem.api.workspace.WorkspaceMemberRoleChangedEvent;
import io.tandem.api.workspace.WorkspaceUpdatedEvent;

/**
 * What one domain event means to a sync client: an operation {@code type} (create, update, delete) on an entity,
 * with the whole entity for a create, the changed fields (JSON names) for an update and nothing for a delete.
 * Both the sync log's live listeners and the pull read events through {@link #of}, so they never disagree.
 */
public record SyncChange(String type, String entityType, UUID entityId, Map<String, Object> data) {

    public static final String CREATE = "create";
    public static final String UPDATE = "update";
    public static final String DELETE = "delete";
    public static final String TASK = "task";
    public static final String CATEGORY = "category";
    public static final String WORKSPACE = "workspace";
    public static final String MEMBER = "member";

    /**
     * The change a domain event stands for, or empty for a payload that is not part of the sync protocol.
     * {@code version} is the aggregate's version after the event and {@code timestamp} when it happened.
     */
    public static Optional<SyncChange> of(Object event, long version, Instant timestamp) {
        return Optional.ofNullable(change(event, version, timestamp));
    }

    private static SyncChange change(Object event, long version, Instant timestamp) {
        if (event instanceof TaskCreatedEvent e) {
            return new SyncChange(CREATE, TASK, e.taskId(), task(e, version, timestamp));
        }
        if (event instanceof TaskFieldsChangedEvent e) {
            Map<String, Object> data = fields(e.changes());
            if (e.changes().has(TaskField.DESCRIPTION) && e.descriptionChange() != null) {
                data.put("descriptionRevision", e.descriptionChange().revision());
                data.put("descriptionOp", DescriptionOpJson.shown(e.descriptionChange().op()));
                // Whose operation it was, so an editor recognises its own (null for a description written whole).
                data.put("descriptionClientId", e.descriptionChange().clientId());
                data.put("descriptionSeq", e.descriptionChange().seq());
            }
            return new SyncChange(UPDATE, TASK, e.taskId(), data);
        }
        if (event instanceof TaskCompletedEvent e) {
            return new SyncChange(UPDATE, TASK, e.taskId(),
                    map("completed", true, "status", TaskStatus.DONE, "completedAt", e.completedAt()));
        }
        if (event instanceof TaskReopenedEvent e) {
            return new SyncChange(UPDATE, TASK, e.taskId(),
                    map("completed", false, "status", e.status(), "completedAt", null));
        }
        if (event instanceof TaskMovedEvent e) {
            return new SyncChange(UPDATE, TASK, e.taskId(),
                    map("status", e.status(), "position", e.position()));
        }
        if (event instanceof TaskAssignedEvent e) {
            return new SyncChange(UPDATE, TASK, e.taskId(), map("assignedTo", e.assignedTo()));
        }
        if (event instanceof TaskDeletedEvent e) {
            return new SyncChange(DELETE, TASK, e.taskId(), Map.of());
        }
        if (event instanceof CategoryCreatedEvent e) {
            return new SyncChange(CREATE, CATEGORY, e.categoryId(), map("id", e.categoryId(),
                    "name", e.name(), "color", e.color(), "workspaceId", e.workspaceId(), "createdBy", e.createdBy(),
                    "createdAt", timestamp));
        }
        if (event instanceof CategoryUpdatedEvent e) {
            return new SyncChange(UPDATE, CATEGORY, e.categoryId(),
                    map("name", e.name(), "color", e.color()));
        }
        if (event instanceof CategoryDeletedEvent e) {
            return new SyncChange(DELETE, CATEGORY, e.categoryId(), Map.of());
        }
        if (event instanceof WorkspaceCreatedEvent e) {
            return new SyncChange(CREATE, WORKSPACE, e.workspaceId(), map("id", e.workspaceId(),
                    "name", e.name(), "ownerId", e.ownerId(), "plan", e.plan(), "settings", e.settings(),
                    "createdAt", timestamp));
        }
        if (event instanceof WorkspaceUpdatedEvent e) {
            return new SyncChange(UPDATE, WORKSPACE, e.workspaceId(),
                    map("name", e.name(), "plan", e.plan(), "settings", e.settings()));
        }
        if (event instanceof WorkspaceDeletedEvent e) {
            return new SyncChange(DELETE, WORKSPACE, e.workspaceId(), Map.of());
        }
        if (event instanceof WorkspaceMemberAddedEvent e) {
            return new SyncChange(CREATE, MEMBER, e.userId(), map("userId", e.userId(),
                    "workspaceId", e.workspaceId(), "role", e.role(), "invitedBy", e.invitedBy(), "joinedAt", timestamp));
        }
        if (event instanceof WorkspaceMemberRoleChangedEvent e) {
            return new SyncChange(UPDATE, MEMBER, e.userId(), map("role", e.role()));
        }
        if (event instanceof WorkspaceMemberRemovedEvent e) {
            return new SyncChange(DELETE, MEMBER, e.userId(), Map.of());
        }
        return null;
    }

    private static Map<String, Object> task(TaskCreatedEvent e, long version, Instant timestamp) {
        return map("id", e.taskId(), "workspaceId", e.workspaceId(), "title", e.title(),
                "description", e.description(), "completed", e.completed(), "priority", e.priority(),
                "categoryId", e.categoryId(), "tags", e.tags(), "assignedTo", e.assignedTo(),
                "createdBy", e.createdBy(), "dueDate", e.dueDate(),
                "completedAt", e.completed() && e.completedAt() == null ? timestamp : e.completedAt(),
                "createdAt", timestamp, "updatedAt", timestamp, "isRecurring", e.recurring(),
                "recurringConfig", e.recurringConfig(), "isTemplate", e.template(), "parentTaskId", e.parentTaskId(),
                "status", e.status(), "position", e.position(), "version", version);
    }

    private static Map<String, Object> fields(TaskChanges changes) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (TaskField field : changes.fields()) {
            data.put(field.jsonName(), switch (field) {
                case TITLE -> changes.title();
                case DESCRIPTION -> changes.description();
                case PRIORITY -> changes.priority();
                case CATEGORY_ID -> changes.categoryId();
                case TAGS -> changes.tags();
                case ASSIGNED_TO -> changes.assignedTo();
                case DUE_DATE -> changes.dueDate();
                case IS_RECURRING -> changes.recurring();
                case RECURRING_CONFIG -> changes.recurringConfig();
                case IS_TEMPLATE -> changes.template();
                case STATUS -> changes.status();
                case POSITION -> changes.position();
                case COMPLETED -> changes.completed();
            });
        }
        return data;
    }

    /** Like Map.of, but keeps insertion order and allows null values (a cleared field is a change too). */
    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            data.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return data;
    }
}
