package io.tandem.app.web.sync;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.api.DomainException;
import io.tandem.api.DomainFailure;
import io.tandem.api.ErrorCode;
import io.tandem.api.MetadataKeys;
import io.tandem.api.sync.FindTokenAfterOwnOperationsQuery;
import io.tandem.api.sync.SyncChange;
import io.tandem.api.sync.SyncConflict;
import io.tandem.api.sync.SyncConflictListener;
import io.tandem.api.task.MergeOutcome;
import io.tandem.api.task.TaskField;
import io.tandem.api.task.TaskMergeResult;
import io.tandem.api.workspace.WorkspaceSettings;
import io.tandem.api.workspace.WorkspaceView;
import io.tandem.app.security.CurrentUser;
import io.tandem.app.problem.ApiException;
import io.tandem.app.web.DependencyFailures;
import io.tandem.app.readmodel.ReadModelParked;
import io.tandem.app.readmodel.ReadYourWrites;
import io.tandem.app.web.TextRules;
import io.tandem.app.access.WorkspaceAccess;
import io.tandem.app.access.WorkspaceAccess.Grant;
import io.tandem.app.web.task.TaskWrites;
import io.tandem.app.web.workspace.CategoryWrites;
import io.tandem.app.web.sync.SyncRequests.ClientOperation;
import io.tandem.app.web.sync.SyncResponses.Result;
import io.tandem.app.web.task.TaskBody;
import io.tandem.app.messaging.Commands;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Applies a push, operation by operation, each as one command carrying the operation's id. Whether an operation was
 * applied before is decided by its aggregate, from its own events (see the command side's AppliedOperations), so the
 * answer {@code duplicate} holds in every storage mode and after any crash: there is no second record that could
 * commit apart from the events. A refused operation writes nothing and the push goes on.
 *
 * <p>A push of several operations is first tried in one database transaction, which each command's unit of work
 * joins: where the events are in that database, the whole push is one commit instead of one per operation. Should
 * one of its operations be refused, be a repeat or lose a race, that try is rolled back and the push is applied one
 * operation at a time, each with its own answer. Where the events are stored apart (an event store of their own,
 * Axon Server) the try's operations stayed; one at a time they are then recognised as this push's own and answered
 * as the try applied them.
 */
@Component
class SyncPush {

    static final int MAX_OPERATIONS = 500;
    private static final Set<String> TYPES = Set.of(SyncChange.CREATE, SyncChange.UPDATE, SyncChange.DELETE);
    private static final Set<String> CATEGORY_FIELDS = Set.of("id", "name", "color", "workspaceId", "createdBy",
            "createdAt");
    private static final int ATTEMPTS = 3;
    /** The answers an operation may have inside a push's one transaction; any other ends the try. */
    private static final Set<String> TOGETHER = Set.of("applied", "merged", "conflict");
    private static final Logger log = LoggerFactory.getLogger(SyncPush.class);

    private final QueryGateway queries;
    private final WorkspaceAccess access;
    private final TaskWrites writes;
    private final CategoryWrites categories;
    private final ReadYourWrites readYourWrites;
    private final ConflictStore conflicts;
    private final ObjectProvider<SyncConflictListener> conflictListeners;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;
    private final TransactionTemplate transactions;

    SyncPush(QueryGateway queries, WorkspaceAccess access, TaskWrites writes, CategoryWrites categories,
             ReadYourWrites readYourWrites, ConflictStore conflicts,
             ObjectProvider<SyncConflictListener> conflictListeners, ObjectMapper mapper, MeterRegistry meters,
             PlatformTransactionManager transactionManager) {
        this.transactions = new TransactionTemplate(transactionManager);
        this.queries = queries;
        this.access = access;
        this.writes = writes;
        this.categories = categories;
        this.readYourWrites = readYourWrites;
        this.conflicts = conflicts;
        this.conflictListeners = conflictListeners;
        this.mapper = mapper;
        this.meters = meters;
    }

    /**
     * What one push did: a result per operation, the conflicts it raised (and those a retried operation raised before
     * that still wait for resolution) and the token to continue from.
     */
    record Outcome(List<Result> results, List<SyncConflict> conflicts, String nextToken) {
    }

    Outcome push(Grant grant, List<ClientOperation> operations, String lastSyncToken) {
        UUID workspaceId = grant.workspaceId();
        WorkspaceSettings settings = access.workspace(workspaceId).map(WorkspaceView::settings)
                .orElseThrow(() -> ApiException.notFound("Workspace not found"));
        Map<String, Result> tried = new HashMap<>();
        Batch batch = together(grant, settings, operations, tried).orElseGet(() -> {
            Batch single = new Batch(grant, settings);
            for (ClientOperation operation : operations) {
                single.results.add(apply(single, operation, tried));
            }
            return single;
        });
        for (int i = 0; i < operations.size(); i++) {
            ClientOperation operation = operations.get(i);
            meters.counter("sync.operations", "type", operation.type() != null && TYPES.contains(operation.type())
                    ? operation.type() : "invalid", "status", batch.results.get(i).status()).increment();
        }
        // Like any write, the push answers once its writer can read it back: from the read models and from pull.
        // A version this push wrote is announced by the projections here, and waited for without a read; one an
        // operation found written before (a repeat) is read once.
        batch.written.forEach((aggregateId, version) -> {
            boolean own = batch.writtenNow.contains(aggregateId);
            try {
                if (aggregateId.equals(workspaceId)) {
                    if (own) {
                        readYourWrites.awaitWrittenWorkspace(workspaceId, version);
                    } else {
                        readYourWrites.awaitWorkspace(workspaceId, version);
                    }
                } else if (own) {
                    readYourWrites.awaitWrittenTask(aggregateId, version);
                } else {
                    readYourWrites.awaitTask(aggregateId, version);
                }
            } catch (ReadModelParked parked) {
                // Applied all the same, and pull shows it: the sync log never parks anything.
                log.warn("Pushed operation on {} answered without its read model: {}", aggregateId, parked.getMessage());
            }
            readYourWrites.awaitSyncLog(workspaceId, aggregateId, version, own);
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

    /**
     * Every operation in one database transaction, or empty when one of them was not simply applied, merged or held
     * as a conflict: the transaction is then rolled back. {@code tried} keeps what each operation did in it.
     */
    private Optional<Batch> together(Grant grant, WorkspaceSettings settings, List<ClientOperation> operations,
                                     Map<String, Result> tried) {
        if (operations.size() < 2) {
            return Optional.empty();
        }
        Batch batch = new Batch(grant, settings);
        try {
            transactions.executeWithoutResult(status -> {
                for (ClientOperation operation : operations) {
                    if (shapeError(operation) != null) {
                        throw new NotTogether();
                    }
                    Done done = perform(batch, operation);
                    if (!TOGETHER.contains(done.result().status())) {
                        throw new NotTogether();
                    }
                    record(batch, operation, done);
                    batch.results.add(done.result());
                    tried.put(operation.id(), done.result());
                }
            });
            return Optional.of(batch);
        } catch (RuntimeException e) {
            if (DependencyFailures.unavailable(e)) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /** Why a push's try in one transaction stopped: an operation that needs its own answer. */
    private static final class NotTogether extends RuntimeException {
        NotTogether() {
            super(null, null, false, false);
        }
    }

    /** Only what committed counts: a push's later operations may build on it. */
    private static void record(Batch batch, ClientOperation operation, Done done) {
        if (done.writtenAggregate() != null) {
            // A conflict holds what it could not apply, and a held one found again wrote nothing: their version may
            // be one written before. (A change that applied but changed nothing is announced no more either; the
            // projections remember what they announced for a minute, and the wait reads after a moment.)
            if (Set.of("duplicate", "conflict").contains(done.result().status())) {
                batch.writtenBefore(done.writtenAggregate(), done.result().version());
            } else {
                batch.writtenNow(done.writtenAggregate(), done.result().version());
            }
        }
        if (done.conflict() != null) {
            batch.conflicts.add(done.conflict());
        }
        if (SyncChange.CREATE.equals(operation.type()) && done.writtenAggregate() != null) {
            (SyncChange.TASK.equals(operation.entityType()) ? batch.newTasks : batch.newCategories)
                    .add(operation.entityId());
        }
    }

    private Result apply(Batch batch, ClientOperation operation, Map<String, Result> tried) {
        String shapeError = shapeError(operation);
        if (shapeError != null) {
            return rejected(operation, shapeError);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                Done done = perform(batch, operation);
                record(batch, operation, done);
                return done.result();
            } catch (DomainException refused) {
                if (refused.code() != ErrorCode.ALREADY_APPLIED) {
                    return rejected(operation, reason(refused));
                }
                // The aggregate applied this operation before (its events say so): its writes may still be on their
                // way to the read models, say after a crash, so the push waits for them like for its own.
                long version = refused.currentVersion();
                Result earlier = tried.get(operation.id());
                if (earlier != null) {
                    // Written by this push's try (see below), so announced by the projections like this push's own.
                    batch.writtenNow(aggregateOf(batch, operation), version);
                } else {
                    batch.writtenBefore(aggregateOf(batch, operation), version);
                }
                if (earlier != null) {
                    // Applied by this push's try in one transaction, where the events are kept apart from it.
                    if (SyncChange.CREATE.equals(operation.type())) {
                        (SyncChange.TASK.equals(operation.entityType()) ? batch.newTasks : batch.newCategories)
                                .add(operation.entityId());
                    }
                    return earlier;
                }
                return new Result(operation.id(), "duplicate", operation.entityId(), version, null,
                        conflicts.raisedBy(batch.workspaceId, operation.id()).orElse(null));
            } catch (RuntimeException failed) {
                if (DependencyFailures.unavailable(failed)) {
                    // Nothing says whether it applied: the whole push answers 503, and its retry answers each
                    // operation that did apply as a duplicate. Never "rejected", which a client drops for good.
                    throw failed;
                }
                if (!Commands.lostRace(failed)) {
                    return rejected(operation, reason(failed));
                }
                // Another writer appended to the aggregate, or created it, at the same moment (perhaps the same
                // operation pushed twice at once, on another replica): the next attempt decides against what it
                // wrote.
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
                        writes.delete(batch.grant, entityId, metaData(operation))), null, entityId);
            };
        } else {
            done = new Done(applied(operation, entityId, writeCategory(batch, operation)), null,
                    workspaceId);
        }
        return done;
    }

    private Result createTask(Batch batch, ClientOperation operation) {
        TaskBody body = TaskBody.read(operation.data(), mapper, true);
        if (body.id != null && !body.id.equals(operation.entityId())) {
            throw ApiException.badRequest("data.id", "does not match entityId");
        }
        long version = writes.create(batch.grant, operation.entityId(), body, batch.created(), metaData(operation));
        return applied(operation, operation.entityId(), version);
    }

    private Done updateTask(Batch batch, ClientOperation operation) {
        TaskBody body = TaskBody.read(operation.data(), mapper, false);
        Set<TaskField> preserved = EnumSet.noneOf(TaskField.class);
        batch.settings.preserveFields().forEach(name -> TaskField.fromJsonName(name).ifPresent(preserved::add));
        TaskMergeResult merge = writes.merge(batch.grant, operation.entityId(), body, operation.baseVersion(),
                batch.settings.conflictStrategy(), preserved, Instant.ofEpochMilli(operation.timestamp()),
                batch.created(), metaData(operation));
        if (merge.outcome() != MergeOutcome.CONFLICT) {
            return new Done(new Result(operation.id(), merge.outcome() == MergeOutcome.APPLIED ? "applied" : "merged",
                    operation.entityId(), merge.version(), null, null), null, operation.entityId());
        }
        List<String> fields = merge.conflictingFields().stream().map(TaskField::jsonName).sorted().toList();
        SyncConflict conflict = new SyncConflict(UUID.randomUUID(), SyncChange.TASK, operation.entityId(), fields,
                merge.serverValue(), merge.clientValue(), operation.baseVersion(), merge.version());
        Optional<ConflictStore.Stored> heldBefore = conflicts.save(batch.workspaceId, conflict, operation.id(),
                batch.user.id());
        if (heldBefore.isPresent()) {
            // Nothing of it could apply, so the aggregate kept no trace: the conflict it raised before is the trace.
            // While it waits for resolution it is told again, as the first answer may never have reached the client.
            ConflictStore.Stored held = heldBefore.get();
            return new Done(new Result(operation.id(), "duplicate", operation.entityId(), merge.version(), null,
                    held.conflict().conflictId()), held.resolved() ? null : held.conflict(), operation.entityId());
        }
        return new Done(new Result(operation.id(), "conflict", operation.entityId(), merge.version(), null,
                conflict.conflictId()), conflict, operation.entityId());
    }

    private long writeCategory(Batch batch, ClientOperation operation) {
        if (SyncChange.DELETE.equals(operation.type())) {
            return categories.delete(batch.grant, operation.entityId(), metaData(operation));
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
            return categories.create(batch.grant, operation.entityId(), name, color, metaData(operation));
        }
        return categories.update(batch.grant, operation.entityId(), name, color, metaData(operation));
    }


    /** The operation's id and time, for its command and so its events. */
    private static Map<String, Object> metaData(ClientOperation operation) {
        Map<String, Object> metaData = new LinkedHashMap<>();
        metaData.put(MetadataKeys.CLIENT_OPERATION_ID, operation.id());
        metaData.put(MetadataKeys.CLIENT_TIMESTAMP, operation.timestamp());
        return metaData;
    }

    /** Tasks are their own aggregates; categories live in the workspace's. */
    private static UUID aggregateOf(Batch batch, ClientOperation operation) {
        return SyncChange.TASK.equals(operation.entityType()) ? operation.entityId() : batch.workspaceId;
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
        if (refused instanceof ApiException api) {
            return api.errors().size() == 1 && !api.getMessage().startsWith(api.errors().get(0).field())
                    ? api.errors().get(0).field() + ": " + api.getMessage() : api.getMessage();
        }
        Optional<DomainException> domain = DomainFailure.find(refused);
        if (domain.isPresent()) {
            DomainException d = domain.get();
            return d.field() == null ? d.getMessage() : d.field() + ": " + d.getMessage();
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
        if (!TextRules.storable(node.asString())) {
            throw ApiException.badRequest("data." + field, TextRules.MESSAGE);
        }
        return node.asString();
    }

    /** The state of one push while its operations are applied. */
    private static final class Batch {
        final Grant grant;
        final UUID workspaceId;
        final CurrentUser user;
        final WorkspaceSettings settings;
        final List<Result> results = new ArrayList<>();
        final List<SyncConflict> conflicts = new ArrayList<>();
        /** The newest version of each aggregate the push touched, to wait for. */
        final Map<UUID, Long> written = new LinkedHashMap<>();
        /** The aggregates whose newest version in {@link #written} this push wrote itself (not a repeat found). */
        final Set<UUID> writtenNow = new HashSet<>();
        final Set<UUID> newCategories = new LinkedHashSet<>();
        /** Tasks this push created, which later operations of it may name as their parent. */
        final Set<UUID> newTasks = new LinkedHashSet<>();

        Batch(Grant grant, WorkspaceSettings settings) {
            this.grant = grant;
            this.workspaceId = grant.workspaceId();
            this.user = grant.user();
            this.settings = settings;
        }

        void writtenNow(UUID aggregateId, long version) {
            Long newest = written.get(aggregateId);
            if (newest == null || version >= newest) {
                written.put(aggregateId, version);
                writtenNow.add(aggregateId);
            }
        }

        void writtenBefore(UUID aggregateId, long version) {
            Long newest = written.get(aggregateId);
            if (newest == null || version > newest) {
                written.put(aggregateId, version);
                writtenNow.remove(aggregateId);
            }
        }

        /** What this push created so far, which its later operations may point at. */
        TaskWrites.Created created() {
            return new TaskWrites.Created(newCategories, newTasks);
        }
    }
}
