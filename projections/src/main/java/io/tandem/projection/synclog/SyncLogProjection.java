package io.tandem.projection.synclog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tandem.api.MetadataKeys;
import io.tandem.api.WorkspaceScoped;
import io.tandem.api.sync.SyncChange;
import io.tandem.api.sync.SyncLogListener;
import io.tandem.api.sync.SyncOperation;
import io.tandem.api.sync.SyncToken;
import io.tandem.projection.PerBatch;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

/**
 * Appends every workspace event to the sync log with the next number of its workspace. The processor hands one
 * workspace's events to one thread in stream order (workspaceSequencingPolicy) and its gap-aware token delivers
 * late commits late instead of never, so the numbers follow commit order: a pull by number is exactly-once.
 *
 * <p>Only what finds the event is stored; the operation is read from the event store when pulled. A redelivered
 * event hits the unique event identifier and changes nothing; listeners hear of each row once, after its commit.
 */
@Component
@ProcessingGroup("sync-log")
class SyncLogProjection {

    private static final Logger log = LoggerFactory.getLogger(SyncLogProjection.class);
    /** The unit-of-work resource holding a batch's operations until it commits. */
    private static final String APPENDED = SyncLogProjection.class.getName() + ".appended";

    private final JdbcClient jdbc;
    /** Looked up once, on first use rather than at construction (the listeners depend on beans built later). */
    private final SingletonSupplier<List<SyncLogListener>> listeners;

    SyncLogProjection(JdbcClient jdbc, ObjectProvider<SyncLogListener> listeners) {
        this.jdbc = jdbc;
        this.listeners = SingletonSupplier.of(() -> listeners.orderedStream().toList());
    }

    @EventHandler
    void on(Object payload, DomainEventMessage<?> event) {
        if (!(payload instanceof WorkspaceScoped scoped)) {
            return;
        }
        long version = event.getSequenceNumber() + 1;
        Optional<SyncChange> change = SyncChange.of(payload, version, event.getTimestamp());
        if (change.isEmpty()) {
            return;
        }
        SyncChange c = change.get();
        Object clientOperationId = event.getMetaData().get(MetadataKeys.CLIENT_OPERATION_ID);
        Optional<Long> seq = jdbc.sql("""
                        INSERT INTO sync_log (workspace_id, seq, event_identifier, aggregate_id, aggregate_version,
                                              entity_type, entity_id, op_type, client_operation_id)
                        SELECT :workspaceId, COALESCE(MAX(seq), 0) + 1, :eventId, :aggregateId, :version,
                               :entityType, :entityId, :opType, :clientOperationId
                        FROM sync_log WHERE workspace_id = :workspaceId
                        ON CONFLICT (event_identifier) DO NOTHING
                        RETURNING seq
                        """)
                .param("workspaceId", scoped.workspaceId())
                .param("eventId", event.getIdentifier())
                .param("aggregateId", event.getAggregateIdentifier())
                .param("version", version)
                .param("entityType", c.entityType())
                .param("entityId", c.entityId())
                .param("opType", c.type())
                .param("clientOperationId", clientOperationId == null ? null : clientOperationId.toString())
                .query(Long.class)
                .optional();
        if (seq.isEmpty() || ReplayToken.isReplay(event) || listeners.obtain().isEmpty()) {
            return;
        }
        SyncOperation operation = new SyncOperation(event.getIdentifier(), c.type(), c.entityType(), c.entityId(),
                c.data(), version, event.getTimestamp().toEpochMilli(), userId(event), scoped.workspaceId(),
                payload.getClass().getSimpleName(), new SyncToken(scoped.workspaceId(), seq.get()).encode());
        // Told once the batch has committed, in the log's order: a unit of work runs its after-commit callbacks in
        // the reverse order of their registration, so one callback per batch tells the batch's operations in turn.
        List<SyncOperation> appended = PerBatch.gather(CurrentUnitOfWork.get(), APPENDED, ArrayList::new,
                (batch, operations) -> {
                    List<SyncLogListener> targets = listeners.obtain();
                    batch.afterCommit(done -> operations.forEach(op -> targets.forEach(listener -> tell(listener, op))));
                });
        appended.add(operation);
    }


    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE sync_log").update();
    }

    /** Live delivery is best effort: a client that misses it pulls the operation anyway. */
    private static void tell(SyncLogListener listener, SyncOperation operation) {
        try {
            listener.appended(operation);
        } catch (RuntimeException e) {
            log.warn("Sync log listener {} failed for operation {}", listener.getClass().getName(), operation.id(), e);
        }
    }

    private static UUID userId(DomainEventMessage<?> event) {
        Object value = event.getMetaData().get(MetadataKeys.USER_ID);
        try {
            return value == null ? null : UUID.fromString(value.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
