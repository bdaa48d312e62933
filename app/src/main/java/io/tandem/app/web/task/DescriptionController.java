package io.tandem.app.web.task;

import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tandem.api.task.DescriptionEdit;
import io.tandem.api.task.DescriptionOps;
import io.tandem.api.task.FetchDescriptionOpsQuery;
import io.tandem.api.task.FindTaskQuery;
import io.tandem.api.task.TaskView;
import io.tandem.app.security.CurrentUser;
import io.tandem.app.problem.ApiException;
import io.tandem.app.readmodel.ReadYourWrites;
import io.tandem.app.access.WorkspaceAccess;
import io.tandem.app.access.WorkspaceAccess.Need;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

/**
 * Collaborative editing of a task's description over HTTP: the text and its revision, the operations after a
 * revision, and submitting one operation (which the task transforms to the current revision and applies once per
 * {@code (clientId, seq)}).
 */
@Tag(name = "descriptions")
@RestController
@RequestMapping("/api/v1/workspaces/{workspaceId}/tasks/{taskId}/description")
class DescriptionController {

    static final int MAX_OPS_PAGE = 500;

    record Description(UUID taskId, String text, long revision) {
    }

    record OpRequest(@NotNull @Schema(minimum = "0", description = "The revision the operation was made on") Long revision,
                     @NotNull @ArraySchema(arraySchema = @Schema(
                             description = "A text-unicode operation: a JSON array of components"),
                             schema = @Schema(description = "A skip (a whole number of code points), an insert (a "
                                     + "string) or a delete ({\"d\": count or text})")) List<Object> op,
                     @NotNull @Schema(description = "The editing client's id, kept across reconnects") UUID clientId,
                     @NotNull @Schema(minimum = "1", description = "The client's operation number: 1, 2, 3...") Long seq) {
    }

    record OpResult(long revision, Object op, boolean duplicate) {
    }

    private final TaskWrites writes;
    private final QueryGateway queries;
    private final WorkspaceAccess access;
    private final ReadYourWrites readYourWrites;
    private final ObjectMapper mapper;

    DescriptionController(TaskWrites writes, QueryGateway queries, WorkspaceAccess access,
                          ReadYourWrites readYourWrites, ObjectMapper mapper) {
        this.writes = writes;
        this.queries = queries;
        this.access = access;
        this.readYourWrites = readYourWrites;
        this.mapper = mapper;
    }

    @Operation(operationId = "getDescription", summary = "Read a task's description with its revision",
            description = "The text (Unicode code points, at most 2000) and how many changes it has had.")
    @GetMapping
    Description description(CurrentUser user, @PathVariable UUID workspaceId, @PathVariable UUID taskId) {
        access.require(workspaceId, user, Need.READ);
        TaskView task = queries.query(new FindTaskQuery(workspaceId, taskId), ResponseTypes.optionalInstanceOf(TaskView.class))
                .join().orElseThrow(() -> ApiException.notFound("Task not found"));
        return new Description(taskId, task.description() == null ? "" : task.description(), task.descriptionRevision());
    }

    @Operation(operationId = "listDescriptionOps", summary = "List the description's operations after a revision",
            description = "Oldest first, each as applied (the revision it produced, its text-unicode operation, who "
                    + "made it and when); at most `limit` (1 to 500, default 500) per page: ask again from the "
                    + "last revision for more.")
    @GetMapping("/ops")
    DescriptionOps ops(CurrentUser user, @PathVariable UUID workspaceId, @PathVariable UUID taskId,
                       @RequestParam(required = false) Long since, @RequestParam(required = false) Integer limit) {
        access.require(workspaceId, user, Need.READ);
        long from = since == null ? 0 : since;
        if (from < 0) {
            throw ApiException.badRequest("since", "A revision is 0 or more");
        }
        int size = limit == null ? MAX_OPS_PAGE : limit;
        if (size < 1 || size > MAX_OPS_PAGE) {
            throw ApiException.badRequest("limit", "The limit is 1 to " + MAX_OPS_PAGE);
        }
        return queries.query(new FetchDescriptionOpsQuery(workspaceId, taskId, from, size),
                        ResponseTypes.optionalInstanceOf(DescriptionOps.class))
                .join().orElseThrow(() -> ApiException.notFound("Task not found"));
    }

    @Operation(operationId = "applyDescriptionOp", summary = "Apply one operation to the description",
            description = "The operation (text-unicode: skips, inserts, {\"d\": n} deletes, counting code points) is "
                    + "made on `revision`; the server transforms it against every change since and applies it as "
                    + "the next revision. The same `(clientId, seq)` sent again changes nothing and answers the "
                    + "revision it produced with `duplicate: true`. 400 for an operation that is malformed or does "
                    + "not fit, a revision out of range or a text over 2000 code points; 409 for a revision more "
                    + "than 1000 changes old (read the description again and rebase).")
    @PostMapping("/ops")
    OpResult submit(CurrentUser user, @PathVariable UUID workspaceId, @PathVariable UUID taskId,
                    @Valid @RequestBody OpRequest body) {
        DescriptionEdit edit = writes.editDescription(access.require(workspaceId, user, Need.WRITE), taskId,
                body.revision(), mapper.writeValueAsString(body.op()), body.clientId(), body.seq(), Map.of());
        readYourWrites.awaitTask(taskId, edit.version());
        return new OpResult(edit.revision(), edit.op(), edit.duplicate());
    }
}
