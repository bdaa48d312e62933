package io.tandem.app.web.task;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.api.DomainException;
import io.tandem.api.ErrorCode;
import io.tandem.api.task.FetchRecurringTasksQuery;
import io.tandem.api.task.FetchTasksQuery;
import io.tandem.api.task.FindTaskQuery;
import io.tandem.api.task.Priority;
import io.tandem.api.task.TaskFilter;
import io.tandem.api.task.TaskPage;
import io.tandem.api.task.TaskSort;
import io.tandem.api.task.TaskStatus;
import io.tandem.api.task.TaskView;
import io.tandem.api.task.VersionCheck;
import io.tandem.app.security.CurrentUser;
import io.tandem.app.problem.ApiException;
import io.tandem.app.web.PageResponse;
import io.tandem.app.web.Paging;
import io.tandem.app.readmodel.ReadYourWrites;
import io.tandem.app.access.WorkspaceAccess;
import io.tandem.app.access.WorkspaceAccess.Grant;
import io.tandem.app.access.WorkspaceAccess.Need;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

@Tag(name = "tasks")
@RestController
@RequestMapping("/api/v1/workspaces/{workspaceId}/tasks")
class TaskController {

    private static final Map<String, TaskSort.Field> SORT_KEYS = Map.of(
            "dueDate", TaskSort.Field.DUE_DATE,
            "createdAt", TaskSort.Field.CREATED_AT,
            "updatedAt", TaskSort.Field.UPDATED_AT,
            "position", TaskSort.Field.POSITION,
            "priority", TaskSort.Field.PRIORITY,
            "title", TaskSort.Field.TITLE);

    private final TaskWrites writes;
    private final QueryGateway queries;
    private final WorkspaceAccess access;
    private final ReadYourWrites readYourWrites;
    private final ObjectMapper mapper;

    TaskController(TaskWrites writes, QueryGateway queries, WorkspaceAccess access,
                   ReadYourWrites readYourWrites, ObjectMapper mapper) {
        this.writes = writes;
        this.queries = queries;
        this.access = access;
        this.readYourWrites = readYourWrites;
        this.mapper = mapper;
    }

    @Operation(operationId = "listTasks", summary = "List tasks",
            description = "A page of the workspace's tasks, filtered by status, priority, completed, assignedTo, "
                    + "categoryId, tag, dueBefore and dueAfter, sorted by `sort` (comma-separated dueDate, "
                    + "createdAt, position, priority; a leading `-` reverses). For members.")
    @GetMapping
    PageResponse<TaskView> list(CurrentUser user, @PathVariable UUID workspaceId,
                                @RequestParam(required = false) TaskStatus status,
                                @RequestParam(required = false) Priority priority,
                                @RequestParam(required = false) Boolean completed,
                                @RequestParam(required = false) UUID assignedTo,
                                @RequestParam(required = false) UUID categoryId,
                                @RequestParam(required = false) String tag,
                                @RequestParam(required = false) Instant dueBefore,
                                @RequestParam(required = false) Instant dueAfter,
                                @RequestParam(required = false) String sort,
                                @RequestParam(required = false) Integer page,
                                @RequestParam(required = false) Integer size) {
        access.require(workspaceId, user, Need.READ);
        Paging paging = Paging.of(page, size);
        TaskFilter filter = new TaskFilter(status, priority, completed, assignedTo, categoryId, tag, dueBefore, dueAfter);
        TaskPage result = queries.query(new FetchTasksQuery(workspaceId, filter, sorts(sort), paging.page(), paging.size()),
                TaskPage.class).join();
        return new PageResponse<>(result.items(), result.page(), result.size(), result.total());
    }

    @Operation(operationId = "listRecurringTasks", summary = "List recurring templates",
            description = "The workspace's recurring task templates, as a page. For members.")
    @GetMapping("/recurring")
    PageResponse<TaskView> recurring(CurrentUser user, @PathVariable UUID workspaceId,
                                     @RequestParam(required = false) Integer page,
                                     @RequestParam(required = false) Integer size) {
        access.require(workspaceId, user, Need.READ);
        List<TaskView> templates = queries.query(new FetchRecurringTasksQuery(workspaceId),
                ResponseTypes.multipleInstancesOf(TaskView.class)).join();
        return PageResponse.of(templates, Paging.of(page, size));
    }

    @Operation(operationId = "createTask", summary = "Create a task",
            description = "Members and above. The title is required (1 to 500 characters); the client may supply `id` "
                    + "(offline-created tasks). Answers 201 with the `Task`, `Location` and `ETag`.")
    @PostMapping
    ResponseEntity<TaskView> create(CurrentUser user, @PathVariable UUID workspaceId, @RequestBody JsonNode json) {
        Grant grant = access.require(workspaceId, user, Need.WRITE);
        TaskBody body = TaskBody.read(json, mapper, true);
        UUID id = body.id == null ? UUID.randomUUID() : body.id;
        long version = writes.create(grant, id, body, TaskWrites.Created.NOTHING, Map.of());
        readYourWrites.awaitWrittenTask(id, version);
        TaskView task = find(workspaceId, id);
        return ResponseEntity.created(URI.create("/api/v1/workspaces/" + workspaceId + "/tasks/" + id))
                .eTag(etag(task)).body(task);
    }

    @Operation(operationId = "getTask", summary = "Read a task",
            description = "The `Task` with `ETag: \"<version>\"`. For members.")
    @GetMapping("/{taskId}")
    ResponseEntity<TaskView> get(CurrentUser user, @PathVariable UUID workspaceId, @PathVariable UUID taskId) {
        access.require(workspaceId, user, Need.READ);
        TaskView task = find(workspaceId, taskId);
        return ResponseEntity.ok().eTag(etag(task)).body(task);
    }

    @Operation(operationId = "updateTask", summary = "Change a task",
            description = "Fields present are changed, absent ones kept, null clears. With `version` in the body, a "
                    + "stale version whose changed fields overlap this request's answers 409 `{currentVersion, "
                    + "conflictingFields, serverTask}` (disjoint changes apply); a stale `If-Match` answers 412. "
                    + "Without either the write is unconditional.")
    @PutMapping("/{taskId}")
    ResponseEntity<TaskView> update(CurrentUser user, @PathVariable UUID workspaceId, @PathVariable UUID taskId,
                                    @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                    @RequestBody JsonNode json) {
        Grant grant = access.require(workspaceId, user, Need.WRITE);
        TaskBody body = TaskBody.read(json, mapper, false);
        if (body.id != null && !body.id.equals(taskId)) {
            throw ApiException.badRequest("id", "does not match the task in the path");
        }
        find(workspaceId, taskId);
        Long ifMatchVersion = parseIfMatch(ifMatch);
        VersionCheck check = ifMatchVersion != null ? VersionCheck.STRICT
                : body.version != null ? VersionCheck.MERGE : VersionCheck.NONE;
        Long base = ifMatchVersion != null ? ifMatchVersion : body.version;
        long version;
        try {
            version = writes.update(grant, taskId, body, base, check, Map.of());
        } catch (DomainException refused) {
            if (refused.code() != ErrorCode.CONFLICT || refused.conflictingFields().isEmpty()) {
                throw refused;
            }
            DomainException conflict = refused;
            readYourWrites.awaitTask(taskId, conflict.currentVersion());
            throw ApiException.conflict("The task changed since version " + base + " in the fields you are changing")
                    .property("currentVersion", conflict.currentVersion())
                    .property("conflictingFields", conflict.conflictingFields())
                    .property("serverTask", find(workspaceId, taskId));
        }
        TaskView task = read(workspaceId, taskId, version);
        return ResponseEntity.ok().eTag(etag(task)).body(task);
    }

    @Operation(operationId = "deleteTask", summary = "Delete a task",
            description = "Members and above. Answers 204.")
    @DeleteMapping("/{taskId}")
    ResponseEntity<Void> delete(CurrentUser user, @PathVariable UUID workspaceId, @PathVariable UUID taskId) {
        Grant grant = access.require(workspaceId, user, Need.WRITE);
        find(workspaceId, taskId);
        long version = writes.delete(grant, taskId, Map.of());
        readYourWrites.awaitTask(taskId, version);
        return ResponseEntity.noContent().build();
    }

    @Operation(operationId = "completeTask", summary = "Complete a task",
            description = "Sets `completed: true`, `status: done` and `completedAt`. Completing an instance of a "
                    + "recurring task creates the next occurrence unless its endDate or count is reached.")
    @PostMapping("/{taskId}/complete")
    ResponseEntity<TaskView> complete(CurrentUser user, @PathVariable UUID workspaceId, @PathVariable UUID taskId) {
        return transition(user, workspaceId, taskId, writes::complete);
    }

    @Operation(operationId = "reopenTask", summary = "Reopen a completed task",
            description = "Clears `completed` and `completedAt`; answers the `Task`.")
    @PostMapping("/{taskId}/reopen")
    ResponseEntity<TaskView> reopen(CurrentUser user, @PathVariable UUID workspaceId, @PathVariable UUID taskId) {
        return transition(user, workspaceId, taskId, writes::reopen);
    }

    /** Assignment as its own endpoint, beside PUT {assignedTo}: {@code {"assignedTo": uuid|null}}. */
    @Operation(operationId = "assignTask", summary = "Assign or unassign a task",
            description = "`{assignedTo}` is the only field: a member of the workspace, or null to unassign.")
    @PostMapping("/{taskId}/assign")
    ResponseEntity<TaskView> assign(CurrentUser user, @PathVariable UUID workspaceId, @PathVariable UUID taskId,
                                    @RequestBody JsonNode json) {
        return transition(user, workspaceId, taskId,
                (grant, id) -> writes.assign(grant, id, TaskBody.read(json, mapper, false)));
    }

    private ResponseEntity<TaskView> transition(CurrentUser user, UUID workspaceId, UUID taskId,
                                                java.util.function.ToLongBiFunction<Grant, UUID> write) {
        Grant grant = access.require(workspaceId, user, Need.WRITE);
        find(workspaceId, taskId);
        long version = write.applyAsLong(grant, taskId);
        TaskView task = read(workspaceId, taskId, version);
        return ResponseEntity.ok().eTag(etag(task)).body(task);
    }

    private TaskView read(UUID workspaceId, UUID taskId, long version) {
        readYourWrites.awaitTask(taskId, version);
        return find(workspaceId, taskId);
    }

    private TaskView find(UUID workspaceId, UUID taskId) {
        return queries.query(new FindTaskQuery(workspaceId, taskId), ResponseTypes.optionalInstanceOf(TaskView.class))
                .join().orElseThrow(() -> ApiException.notFound("Task not found"));
    }

    private static List<TaskSort> sorts(String sort) {
        List<TaskSort> sorts = new ArrayList<>();
        if (sort == null || sort.isBlank()) {
            return sorts;
        }
        for (String key : sort.split(",")) {
            String k = key.trim();
            boolean descending = k.startsWith("-");
            TaskSort.Field field = SORT_KEYS.get(descending ? k.substring(1) : k);
            if (field == null) {
                throw ApiException.badRequest("sort", "unknown sort key '" + k + "'; use " + SORT_KEYS.keySet()
                        + " with an optional leading '-'");
            }
            sorts.add(new TaskSort(field, descending));
        }
        return sorts;
    }

    private static Long parseIfMatch(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        String value = ifMatch.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("If-Match", "must be a task version as given in its ETag, e.g. \"3\"");
        }
    }

    private static String etag(TaskView task) {
        return "\"" + task.version() + "\"";
    }
}
