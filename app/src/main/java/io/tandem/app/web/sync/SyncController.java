package io.tandem.app.web.sync;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

import io.tandem.api.DomainFailure;
import io.tandem.api.sync.FetchSyncOperationsQuery;
import io.tandem.api.sync.FindLatestSyncTokenQuery;
import io.tandem.api.sync.SyncPage;
import io.tandem.api.sync.SyncToken;
import io.tandem.api.task.FindTaskQuery;
import io.tandem.api.task.TaskView;
import io.tandem.api.task.VersionCheck;
import io.tandem.app.security.CurrentUser;
import io.tandem.app.problem.ApiException;
import io.tandem.app.readmodel.ReadYourWrites;
import io.tandem.app.access.WorkspaceAccess;
import io.tandem.app.access.WorkspaceAccess.Grant;
import io.tandem.app.access.WorkspaceAccess.Need;
import io.tandem.app.ratelimit.SyncRateLimiter;
import io.tandem.app.web.sync.SyncRequests.Push;
import io.tandem.app.web.sync.SyncRequests.Resolve;
import io.tandem.app.web.task.TaskBody;
import io.tandem.app.web.task.TaskWrites;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.ObjectMapper;

@Tag(name = "sync")
@RestController
@RequestMapping("/api/v1/workspaces/{workspaceId}/sync")
class SyncController {

    private final QueryGateway queries;
    private final WorkspaceAccess access;
    private final SyncPush push;
    private final ConflictStore conflicts;
    private final TaskWrites writes;
    private final ReadYourWrites readYourWrites;
    private final TransactionTemplate transactions;
    private final ObjectMapper mapper;
    private final SyncRateLimiter rateLimiter;

    SyncController(QueryGateway queries, WorkspaceAccess access, SyncPush push,
                   ConflictStore conflicts, TaskWrites writes, ReadYourWrites readYourWrites,
                   PlatformTransactionManager transactionManager, ObjectMapper mapper, SyncRateLimiter rateLimiter) {
        this.queries = queries;
        this.access = access;
        this.push = push;
        this.conflicts = conflicts;
        this.writes = writes;
        this.readYourWrites = readYourWrites;
        this.transactions = new TransactionTemplate(transactionManager);
        this.mapper = mapper;
        this.rateLimiter = rateLimiter;
    }

    @Operation(operationId = "pullOperations", summary = "Pull operations after a token",
            description = "The workspace's operations (one per domain event, in stream order) after `since` (none: "
                    + "from the beginning), at most `limit` (1 to 500, default 500), with `nextToken` and "
                    + "`hasMore`. Pulling the same token again answers the same operations; a malformed or foreign "
                    + "token answers 400.")
    @GetMapping("/pull")
    SyncResponses.Pull pull(CurrentUser user, @PathVariable UUID workspaceId,
                            @RequestParam(required = false) String since,
                            @RequestParam(required = false) Integer limit) {
        access.require(workspaceId, user, Need.READ);
        int size = limit == null ? SyncPush.MAX_OPERATIONS : limit;
        if (size < 1 || size > SyncPush.MAX_OPERATIONS) {
            throw ApiException.badRequest("limit", "must be between 1 and " + SyncPush.MAX_OPERATIONS);
        }
        SyncPage page = ask(() -> queries.query(new FetchSyncOperationsQuery(workspaceId, since, size), SyncPage.class).join());
        return new SyncResponses.Pull(page.operations(), page.nextToken(), page.hasMore(), System.currentTimeMillis());
    }

    @Operation(operationId = "pushOperations", summary = "Push client operations",
            description = "At most 500 operations, each answered in order as applied, merged, conflict, rejected or "
                    + "duplicate; a rejected one does not stop the others. Idempotent per operation id. Conflicts "
                    + "follow the workspace's conflictStrategy. Rate limited per pushed operation.")
    @PostMapping("/push")
    SyncResponses.Push push(CurrentUser user, @PathVariable UUID workspaceId, @RequestBody Push body) {
        Grant grant = access.require(workspaceId, user, Need.WRITE);
        if (body.operations() == null) {
            throw ApiException.badRequest("operations", "is required");
        }
        if (body.operations().size() > SyncPush.MAX_OPERATIONS) {
            throw ApiException.badRequest("operations", "at most " + SyncPush.MAX_OPERATIONS + " per push");
        }
        SyncToken.decode(body.lastSyncToken(), workspaceId, "lastSyncToken");
        // Counted per pushed operation, not per request: a push of 500 weighs what 500 single pushes would.
        rateLimiter.acquire(user.id(), body.operations().size());
        SyncPush.Outcome outcome = ask(() -> push.push(grant, body.operations(), body.lastSyncToken()));
        return new SyncResponses.Push(outcome.results(), outcome.conflicts(), outcome.nextToken(),
                System.currentTimeMillis());
    }

    @Operation(operationId = "syncStatus", summary = "Read the sync status",
            description = "The workspace's latest token and the conflicts waiting for resolution.")
    @GetMapping("/status")
    SyncResponses.Status status(CurrentUser user, @PathVariable UUID workspaceId) {
        access.require(workspaceId, user, Need.READ);
        String latest = queries.query(new FindLatestSyncTokenQuery(workspaceId), String.class).join();
        return new SyncResponses.Status(latest, conflicts.pending(workspaceId), System.currentTimeMillis());
    }

    /**
     * Settles a held conflict: {@code server} keeps the task as it is, {@code client} writes the client's values,
     * {@code merged} writes {@code data}. The write and the resolution commit together.
     */
    @Operation(operationId = "resolveConflict", summary = "Resolve a held conflict",
            description = "`server` keeps the task as it is, `client` writes the client's values, `merged` writes "
                    + "`data`; answers the resulting `Task`. A conflict resolved already answers 409.")
    @PostMapping("/conflicts/{conflictId}/resolve")
    ResponseEntity<TaskView> resolve(CurrentUser user, @PathVariable UUID workspaceId, @PathVariable UUID conflictId,
                                     @RequestBody Resolve body) {
        Grant grant = access.require(workspaceId, user, Need.WRITE);
        String resolution = body.resolution();
        if (!List.of("server", "client", "merged").contains(String.valueOf(resolution))) {
            throw ApiException.badRequest("resolution", "must be server, client or merged");
        }
        if ("merged".equals(resolution) && (body.data() == null || !body.data().isObject())) {
            throw ApiException.badRequest("data", "is required for a merged resolution");
        }
        ConflictStore.Stored stored = conflicts.find(workspaceId, conflictId)
                .orElseThrow(() -> ApiException.notFound("Conflict not found"));
        if (stored.resolved()) {
            throw ApiException.conflict("The conflict was resolved already");
        }
        UUID taskId = stored.conflict().entityId();
        Long version = transactions.execute(status -> {
            if (!conflicts.resolve(workspaceId, conflictId, resolution, user.id())) {
                throw ApiException.conflict("The conflict was resolved already");
            }
            if ("server".equals(resolution)) {
                return null;
            }
            TaskBody changes = TaskBody.read("client".equals(resolution)
                    ? mapper.valueToTree(stored.conflict().clientValue()) : body.data(), mapper, false);
            return writes.update(grant, taskId, changes, null, VersionCheck.NONE, Map.of());
        });
        if (version != null) {
            readYourWrites.awaitTask(taskId, version);
        }
        TaskView task = queries.query(new FindTaskQuery(workspaceId, taskId),
                ResponseTypes.optionalInstanceOf(TaskView.class)).join()
                .orElseThrow(() -> ApiException.notFound("Task not found"));
        return ResponseEntity.ok().eTag("\"" + task.version() + "\"").body(task);
    }

    /** Query handlers' refusals arrive wrapped in the future's exception; answer them as the domain meant them. */
    private static <T> T ask(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (CompletionException e) {
            throw DomainFailure.find(e).<RuntimeException>map(domain -> domain).orElse(e);
        }
    }
}
