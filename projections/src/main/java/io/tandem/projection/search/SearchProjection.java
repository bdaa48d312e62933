package io.tandem.projection.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.get.GetResult;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import io.tandem.api.ProcessingGroups;
import io.tandem.api.task.TaskAssignedEvent;
import io.tandem.api.task.TaskCompletedEvent;
import io.tandem.api.task.TaskCreatedEvent;
import io.tandem.api.task.TaskDeletedEvent;
import io.tandem.api.task.TaskField;
import io.tandem.api.task.TaskFieldsChangedEvent;
import io.tandem.api.task.TaskMovedEvent;
import io.tandem.api.task.TaskReopenedEvent;
import io.tandem.api.workspace.CategoryDeletedEvent;
import io.tandem.api.workspace.WorkspaceDeletedEvent;
import io.tandem.projection.DeletionFacts;
import io.tandem.projection.PerBatch;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.stereotype.Component;

/**
 * Keeps the task search index in step with the event stream, writing through the write alias.
 *
 * <p>Replay-safe by the task version: a task event is applied only when it is newer than the document, by a
 * read-modify-write guarded with the document's sequence number, so a redelivered or replayed event changes
 * nothing. Deleted tasks stay as tombstones (identity and version only). Category and workspace deletions carry no
 * task version and are idempotent by nature. Any failure, Elasticsearch being down included, propagates: the
 * processor keeps the token where it was and retries the batch with back-off, so nothing is skipped.
 *
 * <p>Creations and changes are gathered per batch of the processor and written just before the batch commits its
 * token: the creations in one bulk request, then the changed tasks' documents read in one multi-get (they may be
 * creations of the same batch), each task's changes applied in event order, and the results written in one bulk
 * request. A category or workspace deletion first writes what the batch has gathered, since it rewrites what it
 * finds in the index. A gathered write that fails on one task's account fails the batch outside any event's handler,
 * where the dead-letter queue cannot tell whose it is; when the batch comes again, that task's events are written one
 * by one in their handlers, so that its failing event is parked and the rest go on.
 *
 * <p>Events are sequenced per task, so a task's event may be handled after its workspace's or its category's deletion
 * (another segment's): those deletions are kept as facts ({@link DeletionFacts}), under a per-workspace lock that
 * orders a deletion with the writes that bring text or a category. A creation or change of a task whose workspace is
 * deleted is written as a tombstone, one naming a deleted category loses it, and a tombstone stays a tombstone.
 *
 * <p>There is no reset handler: a rebuild ({@link SearchRebuild}) replays into a fresh index, and a replay into the
 * live index would change nothing, by the version rule.
 */
@Component
@ProcessingGroup(ProcessingGroups.SEARCH)
class SearchProjection {

    /** The unit-of-work resource holding what a batch has handled and not written yet. */
    private static final String PENDING = SearchProjection.class.getName() + ".creations";

    /** Documents rewritten per bulk request when a category or workspace deletion reaches many tasks. */
    private static final int REWRITE_BATCH = 500;

    private final ElasticsearchClient client;
    private final SearchIndex index;
    private final DeletionFacts deletions;
    /**
     * Tasks whose gathered write failed on their own account (a document missing, refused by Elasticsearch, a change
     * that could not be applied). A gathered write fails the whole batch, outside any one event's handler; when the
     * batch comes again, such a task's events are written one by one, in their handlers, so that the failure is the
     * event's own and the dead-letter queue parks that task's events rather than holding up the processor. A task
     * stays here: one of its events written well must not send its failing successor back into the gathered write
     * (which would fail the batch again, and again). Such failures are rare, so the set stays small.
     */
    private final Set<String> oneByOne = ConcurrentHashMap.newKeySet();

    SearchProjection(ElasticsearchClient client, SearchIndex index, DeletionFacts deletions) {
        this.client = client;
        this.index = index;
        this.deletions = deletions;
    }

    @EventHandler
    void on(TaskCreatedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) throws IOException {
        index.ensureExists();
        TaskDocument document = TaskDocument.created(event, version(sequenceNumber), timestamp);
        String id = event.taskId().toString();
        if (!CurrentUnitOfWork.isStarted() || oneByOne.contains(id)) {
            create(withDeletions(Map.of(id, document)));
            return;
        }
        pending(CurrentUnitOfWork.get()).creations.put(id, document);
    }

    /**
     * What a batch has handled and not written yet: creations, and changes per task in the order of their events.
     * Written together when the batch is about to commit (a bulk request for the creations, one multi-get and one bulk
     * request for the changes), or before a deletion rewrites what it reaches.
     */
    private static final class Pending {
        private final Map<String, TaskDocument> creations = new LinkedHashMap<>();
        private final Map<String, List<Change>> changes = new LinkedHashMap<>();
    }

    /** A change to a task's document, made by the event that produced {@code version}. */
    private record Change(long version, UnaryOperator<TaskDocument> apply) {
    }

    private Pending pending(UnitOfWork<?> unitOfWork) {
        return PerBatch.gather(unitOfWork, PENDING, Pending::new, (batch, pending) ->
                batch.onPrepareCommit(done -> {
                    try {
                        write(pending);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }));
    }

    /**
     * Writes what the current batch has gathered so far, from inside the handler of an event that needs it written (a
     * deletion's rewrite). A failure of one of the gathered tasks is not that event's: it is thrown as one that retries
     * the batch, in which that task's events are then written one by one.
     */
    private void writePending() throws IOException {
        if (CurrentUnitOfWork.isStarted()) {
            Pending pending = CurrentUnitOfWork.get().root().getResource(PENDING);
            if (pending != null) {
                try {
                    write(pending);
                } catch (TaskWriteFailed failed) {
                    throw new GatheredWriteFailed(failed);
                }
            }
        }
    }

    private void write(Pending pending) throws IOException {
        if (!pending.creations.isEmpty()) {
            create(withDeletions(pending.creations));
            pending.creations.clear();
        }
        if (!pending.changes.isEmpty()) {
            change(pending.changes);
            pending.changes.clear();
        }
    }

    /** The creations as the deletions already handled leave them: tombstones in deleted workspaces, and so on. */
    private Map<String, TaskDocument> withDeletions(Map<String, TaskDocument> documents) {
        // Sorted, so that batches lock the workspaces they share in one order.
        SortedSet<UUID> workspaces = new TreeSet<>();
        documents.values().forEach(d -> workspaces.add(d.workspaceId()));
        Map<UUID, DeletionFacts.Known> known = new HashMap<>();
        workspaces.forEach(workspaceId -> known.put(workspaceId, deletions.lockForWrite(workspaceId)));
        if (known.values().stream().allMatch(DeletionFacts.Known::nothing)) {
            return documents;
        }
        Map<String, TaskDocument> result = new LinkedHashMap<>();
        documents.forEach((id, d) -> {
            DeletionFacts.Known facts = known.get(d.workspaceId());
            result.put(id, facts.workspaceDeleted() ? d.tombstone(d.version(), d.updatedAt())
                    : facts.categoryDeleted(d.categoryId()) ? d.withoutCategory() : d);
        });
        return result;
    }

    /**
     * Creates the documents in one bulk request. A creation is always version 1, so an existing document means its
     * event was applied already (a batch that failed further on is handled again whole: Elasticsearch keeps what it
     * had written); any other failure throws, and the batch is retried.
     */
    private void create(Map<String, TaskDocument> documents) throws IOException {
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        documents.forEach((id, document) ->
                bulk.operations(op -> op.create(c -> c.index(index.writeAlias()).id(id).document(document))));
        BulkResponse response = client.bulk(bulk.build());
        if (response.errors()) {
            for (BulkResponseItem item : response.items()) {
                if (item.error() != null && item.status() != 409) {
                    throw failedTask(item.id(), new IllegalStateException("Could not index task " + item.id() + ": "
                            + item.error().type() + " " + item.error().reason()));
                }
            }
        }
    }

    /** Notes that the task's events are to be written one by one from now on; answers the failure to throw. */
    private TaskWriteFailed failedTask(String id, RuntimeException failure) {
        oneByOne.add(id);
        return new TaskWriteFailed(failure);
    }

    /** A write that failed on one task's own account; its cause says why. */
    private static final class TaskWriteFailed extends IllegalStateException {
        TaskWriteFailed(RuntimeException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * A gathered task's write that failed while another event's handler wrote the batch: the batch is handled again
     * (a transient failure of the surroundings, as far as that event is concerned), the task's events one by one.
     */
    private static final class GatheredWriteFailed extends TransientDataAccessResourceException {
        GatheredWriteFailed(TaskWriteFailed cause) {
            super("A task gathered in this batch could not be written: " + cause.getMessage(), cause);
        }
    }

    @EventHandler
    void on(TaskFieldsChangedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) throws IOException {
        long version = version(sequenceNumber);
        boolean deletable = event.changes().fields().stream().anyMatch(DELETABLE::contains);
        DeletionFacts.Known known = deletable ? deletions.lockForWrite(event.workspaceId()) : null;
        update(event.taskId(), version, d -> {
            TaskDocument next = d.changed(event.changes(), event.descriptionChange(), version, timestamp);
            if (known == null || known.nothing()) {
                return next;
            }
            if (known.workspaceDeleted()) {
                return next.tombstone(version, timestamp);
            }
            return known.categoryDeleted(next.categoryId()) ? next.withoutCategory() : next;
        });
    }

    /** The fields whose values a workspace or category deletion takes away. */
    private static final Set<TaskField> DELETABLE = Set.of(TaskField.TITLE, TaskField.DESCRIPTION,
            TaskField.TAGS, TaskField.CATEGORY_ID);

    @EventHandler
    void on(TaskCompletedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) throws IOException {
        long version = version(sequenceNumber);
        update(event.taskId(), version, d -> d.completedAt(event.completedAt(), version, timestamp));
    }

    @EventHandler
    void on(TaskReopenedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) throws IOException {
        long version = version(sequenceNumber);
        update(event.taskId(), version, d -> d.reopened(event.status(), version, timestamp));
    }

    @EventHandler
    void on(TaskMovedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) throws IOException {
        long version = version(sequenceNumber);
        update(event.taskId(), version, d -> d.moved(event.status(), event.position(), version, timestamp));
    }

    @EventHandler
    void on(TaskAssignedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) throws IOException {
        long version = version(sequenceNumber);
        update(event.taskId(), version, d -> d.assigned(event.assignedTo(), version, timestamp));
    }

    @EventHandler
    void on(TaskDeletedEvent event, @SequenceNumber long sequenceNumber, @Timestamp Instant timestamp) throws IOException {
        long version = version(sequenceNumber);
        update(event.taskId(), version, d -> d.tombstone(version, timestamp));
    }

    @EventHandler
    void on(CategoryDeletedEvent event) throws IOException {
        deletions.lockForDeletion(event.workspaceId());
        deletions.categoryDeleted(event.workspaceId(), event.categoryId());
        rewriteAll(live(event.workspaceId(), Query.of(q -> q.term(t -> t.field("categoryId")
                .value(event.categoryId().toString())))), TaskDocument::withoutCategory);
    }

    @EventHandler
    void on(WorkspaceDeletedEvent event) throws IOException {
        // The contract erases task text with its workspace; tombstones keep replays from bringing it back.
        deletions.lockForDeletion(event.workspaceId());
        deletions.workspaceDeleted(event.workspaceId());
        rewriteAll(live(event.workspaceId(), null), d -> d.tombstone(d.version(), d.updatedAt()));
    }

    private void update(UUID taskId, long version, UnaryOperator<TaskDocument> change) throws IOException {
        index.ensureExists();
        String id = taskId.toString();
        if (!CurrentUnitOfWork.isStarted() || oneByOne.contains(id)) {
            Pending pending = CurrentUnitOfWork.isStarted() ? pending(CurrentUnitOfWork.get()) : new Pending();
            // Its creation first, when the batch has gathered it; the task's earlier changes were written one by one.
            TaskDocument created = pending.creations.remove(id);
            if (created != null) {
                create(withDeletions(Map.of(id, created)));
            }
            change(Map.of(id, List.of(new Change(version, change))));
            return;
        }
        pending(CurrentUnitOfWork.get()).changes.computeIfAbsent(id, key -> new ArrayList<>()).add(new Change(version, change));
    }

    /**
     * Applies each task's changes, in order, to its document as the index holds it, and writes the documents that
     * changed in one bulk request, each guarded by the sequence number it was read at. A change the document already
     * holds (its version is not older) is skipped: a batch handled again changes nothing twice. A document another
     * writer changed meanwhile fails the batch, which is handled again.
     */
    private void change(Map<String, List<Change>> changes) throws IOException {
        List<String> ids = List.copyOf(changes.keySet());
        MgetResponse<TaskDocument> found = client.mget(m -> m.index(index.writeAlias()).ids(ids), TaskDocument.class);
        BulkRequest.Builder bulk = new BulkRequest.Builder();
        boolean any = false;
        for (MultiGetResponseItem<TaskDocument> item : found.docs()) {
            if (item.isFailure()) {
                throw failedTask(item.failure().id(), new IllegalStateException("Could not read search document "
                        + item.failure().id() + ": " + item.failure().error().type() + " "
                        + item.failure().error().reason()));
            }
            GetResult<TaskDocument> current = item.result();
            if (!current.found() || current.source() == null) {
                // Carrying on would silently lose these changes.
                throw failedTask(current.id(), new IllegalStateException("Task " + current.id()
                        + " is not in the search index: its creation was never applied"));
            }
            TaskDocument document = current.source();
            boolean changed = false;
            try {
                for (Change change : changes.get(current.id())) {
                    if (document.version() >= change.version()) {
                        continue;
                    }
                    // A task's own deletion is its last event; a tombstone that sees more was made by its workspace's
                    // deletion, and stays a tombstone (at the new version), so that nothing brings the text back.
                    document = document.deleted()
                            ? document.tombstone(change.version(), change.apply().apply(document).updatedAt())
                            : change.apply().apply(document);
                    changed = true;
                }
            } catch (RuntimeException failure) {
                throw failedTask(current.id(), failure);
            }
            if (changed) {
                TaskDocument next = document;
                bulk.operations(op -> op.index(i -> i.index(index.writeAlias()).id(current.id()).document(next)
                        .ifSeqNo(current.seqNo()).ifPrimaryTerm(current.primaryTerm())));
                any = true;
            }
        }
        if (any) {
            BulkResponse response = client.bulk(bulk.build());
            response.items().stream().filter(item -> item.error() != null && item.status() != 409).findFirst()
                    .ifPresent(failed -> {
                        throw failedTask(failed.id(), new IllegalStateException("Could not write search document "
                                + failed.id() + ": " + failed.error().type() + " " + failed.error().reason()));
                    });
            checked(response);
        }
    }

    /**
     * Rewrites every live document that matches, a batch at a time. Each rewrite takes the document out of the
     * match (its category cleared, or tombstoned), so the loop ends; the index has no update-by-query on minimal
     * distributions, hence search and bulk.
     */
    private void rewriteAll(Query match, UnaryOperator<TaskDocument> change) throws IOException {
        index.ensureExists();
        writePending();
        while (true) {
            index.refresh();
            SearchResponse<TaskDocument> found = client.search(s -> s.index(index.writeAlias()).query(match)
                    .size(REWRITE_BATCH).seqNoPrimaryTerm(true)
                    .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc))), TaskDocument.class);
            List<Hit<TaskDocument>> hits = found.hits().hits();
            if (hits.isEmpty()) {
                return;
            }
            BulkRequest.Builder bulk = new BulkRequest.Builder();
            for (Hit<TaskDocument> hit : hits) {
                TaskDocument next = change.apply(hit.source());
                bulk.operations(op -> op.index(i -> i.index(hit.index()).id(hit.id()).document(next)
                        .ifSeqNo(hit.seqNo()).ifPrimaryTerm(hit.primaryTerm())));
            }
            checked(client.bulk(bulk.build()));
        }
    }

    /** Fails on the first write of a bulk request that failed. */
    private static void checked(BulkResponse response) {
        if (response.errors()) {
            BulkResponseItem failed = response.items().stream().filter(item -> item.error() != null).findFirst().orElseThrow();
            if (failed.status() == 409) {
                // Another writer (a deletion's rewrite, a task event of another segment) changed the document since
                // it was read: the batch is handled again, from what the index holds then.
                throw new ConcurrencyFailureException("Search document " + failed.id() + " changed while rewritten");
            }
            throw new IllegalStateException("Could not write search document " + failed.id() + ": "
                    + failed.error().type() + " " + failed.error().reason());
        }
    }

    /** The workspace's documents that are not tombstones, optionally narrowed further. */
    private static Query live(UUID workspaceId, Query also) {
        return Query.of(q -> q.bool(b -> {
            b.filter(f -> f.term(t -> t.field("workspaceId").value(FieldValue.of(workspaceId.toString()))))
                    .filter(f -> f.term(t -> t.field("deleted").value(false)));
            if (also != null) {
                b.filter(also);
            }
            return b;
        }));
    }

    private static long version(long sequenceNumber) {
        return sequenceNumber + 1;
    }
}
