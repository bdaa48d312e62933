package io.tandem.app.web.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.api.DomainException;
import io.tandem.api.MetadataKeys;
import io.tandem.api.sync.FindTokenAfterOwnOperationsQuery;
import io.tandem.api.sync.SyncChange;
import io.tandem.api.sync.SyncConflict;
import io.tandem.api.sync.SyncConflictListener;
import io.tandem.api.task.CreateTaskCommand;
import io.tandem.api.task.DeleteTaskCommand;
import io.tandem.api.task.MergeOutcome;
import io.tandem.api.task.MergeTaskChangesCommand;
import io.tandem.api.task.TaskChanges;
import io.tandem.api.task.TaskField;
import io.tandem.api.task.TaskMergeResult;
import io.tandem.api.task.TaskStatus;
import io.tandem.api.workspace.CreateCategoryCommand;
import io.tandem.api.workspace.DeleteCategoryCommand;
import io.tandem.api.workspace.UpdateCategoryCommand;
import io.tandem.api.workspace.WorkspaceSettings;
import io.tandem.api.workspace.WorkspaceView;
import io.tandem.app.security.CurrentUser;
import io.tandem.app.web.ApiException;
import io.tandem.app.web.ReadYourWrites;
import io.tandem.app.web.WorkspaceAccess;
import io.tandem.app.web.sync.SyncRequests.ClientOperation;
import io.tandem.app.web.sync.SyncResponses.Result;
import io.tandem.app.web.task.TaskBody;
import io.tandem.app.web.task.TaskReferences;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Applies a push, operation by operation. Each operation runs in its own database transaction: the command is
 * handled in this thread (Axon's command bus joins the transaction), its events and its ledger entry commit
 * together, so a retry after any crash finds the entry and answers {@code duplicate}. A refused operation rolls
 * back alone and the push goes on.
 */
@Component
class SyncPush {

    static final int MAX_OPERATIONS = 500;
    private static final Set<String> TYPES = Set.of(SyncChange.CREATE, SyncChange.UPDATE, SyncChange.DELETE);
    private static final Set<String> CATEGORY_FIELDS = Set.of("id", "name", "color", "workspaceId", "createdBy",
            "createdAt");
    private static final int ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(SyncPush.class);

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final WorkspaceAccess access;
    private final TaskReferences references;
    private final ReadYourWrites readYourWrites;
    private final PushLedger ledger;
    private final ConflictStore conflicts;
    private final ObjectProvider<SyncConflictListener> conflictListeners;
    private final TransactionTemplate transactions;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;
    private final SyncProperties properties;

    SyncPush(CommandGateway commands, QueryGateway queries, WorkspaceAccess access, TaskReferences references,
             ReadYourWrites readYourWrites, PushLedger ledger, ConflictStore conflicts,
             ObjectProvider<SyncConflictListener> conflictListeners, PlatformTransactionManager transactionManager,
             ObjectMapper mapper, MeterRegistry meters, SyncProperties properties) {
        this.commands = commands;
        this.queries = queries;
        this.access = access;
        this.references = references;
        this.readYourWrites = readYourWrites;
        this.ledger = ledger;
        this.conflicts = conflicts;
        this.conflictListeners = conflictListeners;
        this.transactions = new TransactionTemplate(transactionManager);
        this.mapper = mapper;
        this.meters = meters;
        this.properties = properties;
    }

    /** What one push did: a result per operation, the conflicts it raised and the token to continue from. */
    record Outcome(List<Result> results, List<SyncConflict> conflicts, String nextToken) {
    }

    Outcome push(UUID workspaceId, CurrentUser user, List<ClientOperation> operations, String lastSyncToken) {
        WorkspaceSettings settings = access.workspace(workspaceId).map(WorkspaceView::settings)
                .orElseThrow(() -> ApiException.notFound("Workspace not found"));
        Batch batch = new Batch(workspaceId, user, settings);
        for (ClientOperation operation : operations) {
            Result result = apply(batch, operation);
            batch.results.add(result);
            meters.counter("sync.operations", "type", TYPES.contains(operation.type()) ? operation.type() : "invalid",
                    "status", result.status()).increment();
        }
        // Like any write, the push answers once its writer can read it back: from the read models and from pull.
        batch.written.forEach((aggregateId, version) -> {
            if (aggregateId.equals(workspaceId)) {
                readYourWrites.awaitWorkspace(workspaceId, version);
            } else {
                readYourWrites.awaitTask(aggregateId, version);
            }
            readYourWrites.awaitSyncLog(workspaceId, aggregateId, version);
        });
        Set<String> own = new HashSet<>();
        operations.forEach(operation -> {
            if (operation.id() != null) {
                own.add(operation.id());
            }
        });
        String nextToken = queries.query(new FindTokenAfterOwnOperationsQuery(workspaceId, lastSyncToken, own),
                String.class).join();
        tellConflicts(batch);
        return new Outcome(batch.results, batch.conflicts, nextToken);
    }

    private Result apply(Batch batch, ClientOperation operation) {
        String shapeError = shapeError(operation);
        if (shapeError != null) {
            return rejected(operation, shapeError);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                Done done = transactions.execute(status -> {
                    Result known = duplicate(batch.workspaceId, operation);
                    if (known != null) {
                        // Its writes may still be on their way to the read models (say, after a crash): wait for them too.
                        return new Done(known, null, aggregateOf(batch, operation));
                    }
                    try {
                        return perform(batch, operation);
                    } catch (RuntimeException refused) {
                        status.setRollbackOnly();
                        boolean retry = refused instanceof ConcurrencyException
                                && !SyncChange.CREATE.equals(operation.type());
                        if (retry) {
                            throw refused;
                        }
                        return new Done(rejected(operation, reason(refused)), null, null);
                    }
                });
                haltIfAsked(operation);
                // Only what committed counts: a push's later operations may build on it.
                if (done.writtenAggregate() != null) {
                    batch.written.merge(done.writtenAggregate(), done.result().version(), Math::max);
                }
                if (done.conflict() != null) {
                    batch.conflicts.add(done.conflict());
                }
                if (!SyncChange.TASK.equals(operation.entityType()) && SyncChange.CREATE.equals(operation.type())
                        && done.writtenAggregate() != null) {
                    batch.newCategories.add(operation.entityId());
                }
                return done.result();
            } catch (DuplicateKeyException raced) {
                // A concurrent push recorded this operation first; its events are the ones that count.
                Result known = duplicate(batch.workspaceId, operation);
                if (known != null) {
                    batch.written.merge(aggregateOf(batch, operation), known.version(), Math::max);
                    return known;
                }
                throw raced;
            } catch (ConcurrencyException raced) {
                if (attempt == ATTEMPTS) {
                    return rejected(operation, "The entity was changed at the same moment; push again");
                }
            }
        }
    }

    /** An operation's result, with the conflict it raised and the aggregate it wrote, if any. */
    private record Done(Result result, SyncConflict conflict, UUID writtenAggregate) {
    }

    private Done perform(Batch batch, ClientOperation operation) {
        UUID workspaceId = batch.workspaceId;
        UUID entityId = operation.entityId();
        Done done;
        if (SyncChange.TASK.equals(operation.entityType())) {
            done = switch (operation.type()) {
                case SyncChange.CREATE -> new Done(createTask(batch, operation), null, entityId);
                case SyncChange.UPDATE -> updateTask(batch, operation);
                default -> new Done(applied(operation, entityId,
                        send(operation, new DeleteTaskCommand(entityId, workspaceId))), null, entityId);
            };
        } else {
            done = new Done(applied(operation, entityId, send(operation, categoryCommand(batch, operation))), null,
                    workspaceId);
        }
        Result result = done.result();
        ledger.record(workspaceId, operation.id(), batch.user.id(), new PushLedger.Entry(result.status(),
                operation.entityType(), entityId, result.version(), result.conflictId()));
        return done;
    }

    private Result createTask(Batch batch, ClientOperation operation) {
        TaskBody body = TaskBody.read(operation.data(), mapper, true);
        if (body.id != null && !body.id.equals(operation.entityId())) {
            throw ApiException.badRequest("data.id", "does not match entityId");
        }
        TaskChanges c = body.changes;
        references.check(batch.workspaceId, c, batch.newCategories);
        TaskStatus status = c.has(TaskField.STATUS) ? c.status()
                : Boolean.TRUE.equals(c.completed()) ? TaskStatus.DONE : null;
        long version = send(operation, new CreateTaskCommand(operation.entityId(), batch.workspaceId, batch.user.id(),
                c.title(), c.description(), c.priority(), c.categoryId(), c.tags(), c.assignedTo(), c.dueDate(),
                Boolean.TRUE.equals(c.recurring()), c.recurringConfig(), Boolean.TRUE.equals(c.template()),
                body.parentTaskId, status, c.position()));
        return applied(operation, operation.entityId(), version);
    }

    private Done updateTask(Batch batch, ClientOperation operation) {
        TaskBody body = TaskBody.read(operation.data(), mapper, false);
        references.check(batch.workspaceId, body.changes, batch.newCategories);
        Set<TaskField> preserved = EnumSet.noneOf(TaskField.class);
        batch.settings.preserveFields().forEach(name -> TaskField.fromJsonName(name).ifPresent(preserved::add));
        TaskMergeResult merge = send(operation, new MergeTaskChangesCommand(operation.entityId(), batch.workspaceId,
                body.changes, operation.baseVersion(), batch.settings.conflictStrategy(), preserved,
                Instant.ofEpochMilli(operation.timestamp())));
        if (merge.outcome() != MergeOutcome.CONFLICT) {
            return new Done(new Result(operation.id(), merge.outcome() == MergeOutcome.APPLIED ? "applied" : "merged",
                    operation.entityId(), merge.version(), null, null), null, operation.entityId());
        }
        List<String> fields = merge.conflictingFields().stream().map(TaskField::jsonName).sorted().toList();
        SyncConflict conflict = new SyncConflict(UUID.randomUUID(), SyncChange.TASK, operation.entityId(), fields,
                merge.serverValue(), merge.clientValue(), operation.baseVersion(), merge.version());
        conflicts.save(batch.workspaceId, conflict, operation.id(), batch.user.id());
        return new Done(new Result(operation.id(), "conflict", operation.entityId(), merge.version(), null,
                conflict.conflictId()), conflict, operation.entityId());
    }

    private Object categoryCommand(Batch batch, ClientOperation operation) {
        UUID actor = batch.user.id();
        if (SyncChange.DELETE.equals(operation.type())) {
            return new DeleteCategoryCommand(batch.workspaceId, operation.entityId(), actor);
        }
        JsonNode data = operation.data();
        if (data == null || !data.isObject()) {
            throw ApiException.badRequest("data", "must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : data.properties()) {
            String name = field.getKey();
            if (!CATEGORY_FIELDS.contains(name)) {
                throw ApiException.badRequest("data." + name, "is not a known field");
            }
        }
        String name = text(data, "name");
        String color = text(data, "color");
        if (SyncChange.CREATE.equals(operation.type())) {
            return new CreateCategoryCommand(batch.workspaceId, operation.entityId(), name, color, actor);
        }
        return new UpdateCategoryCommand(batch.workspaceId, operation.entityId(), name, color, actor);
    }

    /** Sends a command in this thread with the operation's id and time, so its events carry both. */
    @SuppressWarnings("unchecked")
    private <R> R send(ClientOperation operation, Object command) {
        Map<String, Object> metaData = new LinkedHashMap<>();
        metaData.put(MetadataKeys.CLIENT_OPERATION_ID, operation.id());
        metaData.put(MetadataKeys.CLIENT_TIMESTAMP, operation.timestamp());
        return (R) commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
    }

    /** Tasks are their own aggregates; categories live in the workspace's. */
    private static UUID aggregateOf(Batch batch, ClientOperation operation) {
        return SyncChange.TASK.equals(operation.entityType()) ? operation.entityId() : batch.workspaceId;
    }

    private Result duplicate(UUID workspaceId, ClientOperation operation) {
        return ledger.find(workspaceId, operation.id())
                .map(entry -> new Result(operation.id(), "duplicate", entry.entityId(), entry.version(), null,
                        entry.conflictId()))
                .orElse(null);
    }

    private void haltIfAsked(ClientOperation operation) {
        String haltAfter = properties.test().haltAfterCommitOf();
        if (haltAfter != null && haltAfter.equals(operation.id())) {
            log.warn("Halting after committing operation {} (tandem.sync.test.halt-after-commit-of)", operation.id());
            Runtime.getRuntime().halt(86);
        }
    }

    private void tellConflicts(Batch batch) {
        Map<UUID, List<SyncConflict>> byTask = new LinkedHashMap<>();
        batch.conflicts.forEach(conflict -> byTask.computeIfAbsent(conflict.entityId(), id -> new ArrayList<>()).add(conflict));
        byTask.forEach((taskId, raised) -> conflictListeners.orderedStream().forEach(listener -> {
            try {
                listener.detected(batch.user.id(), batch.workspaceId, taskId, List.copyOf(raised));
            } catch (RuntimeException e) {
                log.warn("Conflict listener {} failed", listener.getClass().getName(), e);
            }
        }));
    }

    private static String shapeError(ClientOperation operation) {
        if (operation.id() == null || operation.id().isBlank() || operation.id().length() > 200) {
            return "id: is required (at most 200 characters)";
        }
        if (operation.type() == null || !TYPES.contains(operation.type())) {
            return "type: must be create, update or delete";
        }
        if (!SyncChange.TASK.equals(operation.entityType()) && !SyncChange.CATEGORY.equals(operation.entityType())) {
            return "entityType: must be task or category";
        }
        if (operation.entityId() == null) {
            return "entityId: is required";
        }
        if (operation.timestamp() == null) {
            return "timestamp: is required";
        }
        if (SyncChange.CREATE.equals(operation.type()) && operation.baseVersion() != null) {
            return "baseVersion: must be null for a create";
        }
        return null;
    }

    private static String reason(RuntimeException refused) {
        Throwable cause = refused instanceof HandlerExecutionException && refused.getCause() != null
                ? refused.getCause() : refused;
        if (cause instanceof ApiException api) {
            return api.getMessage();
        }
        if (cause instanceof DomainException domain) {
            return domain.field() == null ? domain.getMessage() : domain.field() + ": " + domain.getMessage();
        }
        if (cause instanceof AggregateNotFoundException) {
            return "No such entity";
        }
        if (cause instanceof AggregateStreamCreationException) {
            return "An entity with that id exists already";
        }
        log.error("Unexpected failure of a pushed operation", refused);
        return "The operation failed unexpectedly";
    }

    private static Result applied(ClientOperation operation, UUID entityId, long version) {
        return new Result(operation.id(), "applied", entityId, version, null, null);
    }

    private static Result rejected(ClientOperation operation, String error) {
        return new Result(operation.id(), "rejected", operation.entityId(), null, error, null);
    }

    private static String text(JsonNode data, String field) {
        JsonNode node = data.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw ApiException.badRequest("data." + field, "must be a string");
        }
        return node.asString();
    }

    /** The state of one push while its operations are applied. */
    private static final class Batch {
        final UUID workspaceId;
        final CurrentUser user;
        final WorkspaceSettings settings;
        final List<Result> results = new ArrayList<>();
        final List<SyncConflict> conflicts = new ArrayList<>();
        final Map<UUID, Long> written = new LinkedHashMap<>();
        final Set<UUID> newCategories = new LinkedHashSet<>();

        Batch(UUID workspaceId, CurrentUser user, WorkspaceSettings settings) {
            this.workspaceId = workspaceId;
            this.user = user;
            this.settings = settings;
        }
    }
}
