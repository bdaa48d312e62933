package io.tandem.projection.synclog;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.tandem.api.MetadataKeys;
import io.tandem.api.ProcessingGroups;
import io.tandem.api.WorkspaceScoped;
import io.tandem.api.sync.SyncChange;
import io.tandem.api.sync.SyncLogListener;
import io.tandem.api.sync.SyncOperation;
import io.tandem.api.stored.StoredEvent;
import io.tandem.api.sync.SyncToken;
import io.tandem.projection.PerBatch;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;

/**
 * Appends every workspace event to the sync log with the next number of its workspace. The processor hands one
 * workspace's events to one thread in stream order (workspaceSequencingPolicy) and its gap-aware token delivers
 * late commits late instead of never, so the numbers follow commit order: a pull by number is exactly-once.
 *
 * <p>Each row keeps the event as the event store holds it ({@link StoredEvent}), which a pull turns into its
 * operation: pulls never read the event store. A redelivered or replayed event hits the unique event identifier and
 * keeps its number; listeners hear of each row once, after the commit that wrote it, and never during a replay.
 */
@Component
@ProcessingGroup(ProcessingGroups.SYNC_LOG)
class SyncLogProjection {

    private static final Logger log = LoggerFactory.getLogger(SyncLogProjection.class);
    /** The unit-of-work resource holding a batch's operations until it commits. */
    private static final String APPENDED = SyncLogProjection.class.getName() + ".appended";

    private final JdbcClient jdbc;
    private final Serializer serializer;
    /** Looked up once, on first use rather than at construction (the listeners depend on beans built later). */
    private final SingletonSupplier<List<SyncLogListener>> listeners;

    SyncLogProjection(JdbcClient jdbc, @Qualifier("eventSerializer") Serializer serializer,
                      ObjectProvider<SyncLogListener> listeners) {
        this.jdbc = jdbc;
        this.serializer = serializer;
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
        StoredEvent copy = StoredEvent.of(event, serializer);
        // An event handled again (a redelivered batch, a replay, the refill after the upgrade that added the copies)
        // keeps its row and number and only refreshes the copy: every client's token stays exact.
        Appended appended = jdbc.sql("""
                        INSERT INTO sync_log (workspace_id, seq, event_identifier, aggregate_id, aggregate_version,
                                              entity_type, entity_id, op_type, client_operation_id, aggregate_type,
                                              sequence_number, time_stamp, payload_type, payload_revision, payload,
                                              meta_data)
                        SELECT :workspaceId, COALESCE(MAX(seq), 0) + 1, :eventId, :aggregateId, :version,
                               :entityType, :entityId, :opType, :clientOperationId, :aggregateType,
                               :sequenceNumber, :timeStamp, :payloadType, :payloadRevision, :payload, :metaData
                        FROM sync_log WHERE workspace_id = :workspaceId
                        ON CONFLICT (event_identifier) DO UPDATE SET
                            aggregate_type = EXCLUDED.aggregate_type, sequence_number = EXCLUDED.sequence_number,
                            time_stamp = EXCLUDED.time_stamp, payload_type = EXCLUDED.payload_type,
                            payload_revision = EXCLUDED.payload_revision, payload = EXCLUDED.payload,
                            meta_data = EXCLUDED.meta_data
                        RETURNING seq, (xmax = 0) AS inserted
                        """)
                .param("workspaceId", scoped.workspaceId())
                .param("eventId", event.getIdentifier())
                .param("aggregateId", event.getAggregateIdentifier())
                .param("version", version)
                .param("entityType", c.entityType())
                .param("entityId", c.entityId())
                .param("opType", c.type())
                .param("clientOperationId", clientOperationId == null ? null : clientOperationId.toString())
                .param("aggregateType", copy.aggregateType())
                .param("sequenceNumber", copy.sequenceNumber())
                .param("timeStamp", copy.timeStamp())
                .param("payloadType", copy.payloadType())
                .param("payloadRevision", copy.payloadRevision())
                .param("payload", copy.payload())
                .param("metaData", copy.metaData())
                .query((rs, n) -> new Appended(rs.getLong("seq"), rs.getBoolean("inserted")))
                .single();
        if (!appended.inserted() || ReplayToken.isReplay(event) || listeners.obtain().isEmpty()) {
            return;
        }
        long seq = appended.seq();
        SyncOperation operation = new SyncOperation(event.getIdentifier(), c.type(), c.entityType(), c.entityId(),
                c.data(), version, event.getTimestamp().toEpochMilli(), userId(event), scoped.workspaceId(),
                payload.getClass().getSimpleName(), new SyncToken(scoped.workspaceId(), seq).encode());
        // Told once the batch has committed, in the log's order: a unit of work runs its after-commit callbacks in
        // the reverse order of their registration, so one callback per batch tells the batch's operations in turn.
        List<SyncOperation> told = PerBatch.gather(CurrentUnitOfWork.get(), APPENDED, ArrayList::new,
                (batch, operations) -> {
                    List<SyncLogListener> targets = listeners.obtain();
                    batch.afterCommit(done -> operations.forEach(op -> targets.forEach(listener -> tell(listener, op))));
                });
        told.add(operation);
    }

    /** The number a row has, and whether this call wrote the row (rather than refreshing its copy). */
    private record Appended(long seq, boolean inserted) {
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
