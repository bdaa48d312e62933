package io.tandem.projection.synclog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
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
 *
 * <p>A batch's rows are written when it commits, together: a push of a hundred operations is a few round trips to
 * the database rather than a hundred.
 */
@Component
@ProcessingGroup(ProcessingGroups.SYNC_LOG)
class SyncLogProjection {

    private static final Logger log = LoggerFactory.getLogger(SyncLogProjection.class);
    /** The unit-of-work resource holding a batch's operations until it commits. */
    private static final String APPENDED = SyncLogProjection.class.getName() + ".appended";
    /**
     * A batch of this many rows or more is one JDBC batch between two queries (three round trips); a smaller one is a
     * statement per row.
     */
    private static final int BATCHED_FROM = 4;
    /** A row with the next number of its workspace, or (an event handled again) a refreshed copy of its event. */
    private static final String APPEND = """
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
                meta_data = EXCLUDED.meta_data""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batches;
    private final Serializer serializer;
    /** Looked up once, on first use rather than at construction (the listeners depend on beans built later). */
    private final SingletonSupplier<List<SyncLogListener>> listeners;

    SyncLogProjection(JdbcClient jdbc, NamedParameterJdbcTemplate batches,
                      @Qualifier("eventSerializer") Serializer serializer, ObjectProvider<SyncLogListener> listeners) {
        this.jdbc = jdbc;
        this.batches = batches;
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
        Object clientOperationId = event.getMetaData().get(MetadataKeys.CLIENT_OPERATION_ID);
        Row row = new Row(scoped.workspaceId(), event, payload.getClass().getSimpleName(), version, change.get(),
                clientOperationId == null ? null : clientOperationId.toString(), StoredEvent.of(event, serializer),
                !ReplayToken.isReplay(event));
        // The batch's rows are written together when it commits, in stream order (so their numbers follow it), and
        // the rows new to the log are told to the listeners once the batch has committed.
        PerBatch.gather(CurrentUnitOfWork.get(), APPENDED, ArrayList<Row>::new, (batch, rows) -> {
            List<SyncOperation> told = new ArrayList<>();
            batch.onPrepareCommit(done -> told.addAll(append(rows)));
            // A unit of work runs its after-commit callbacks in the reverse order of their registration: one
            // callback per batch tells the batch's operations in turn.
            batch.afterCommit(done -> {
                List<SyncLogListener> targets = listeners.obtain();
                told.forEach(op -> targets.forEach(listener -> tell(listener, op)));
            });
        }).add(row);
    }

    /**
     * Writes a batch's rows, in order; answers the operations to tell (rows new to the log, outside a replay). An
     * event handled again (a redelivered batch, a replay, the refill after the upgrade that added the copies) keeps
     * its row and number and only refreshes the copy: every client's token stays exact.
     */
    private List<SyncOperation> append(List<Row> rows) {
        boolean telling = !listeners.obtain().isEmpty() && rows.stream().anyMatch(Row::live);
        if (rows.size() < BATCHED_FROM) {
            List<SyncOperation> told = new ArrayList<>();
            for (Row row : rows) {
                Appended appended = jdbc.sql(APPEND + " RETURNING seq, (xmax = 0) AS inserted")
                        .paramSource(row.parameters())
                        .query((rs, n) -> new Appended(rs.getLong("seq"), rs.getBoolean("inserted")))
                        .single();
                if (telling && appended.inserted() && row.live()) {
                    told.add(row.operation(appended.seq()));
                }
            }
            return told;
        }
        // One round trip for the rows already in the log, one for all the writes (a JDBC batch, each row numbered
        // after the one before), one for the numbers the new rows got.
        String[] ids = rows.stream().map(Row::eventId).toArray(String[]::new);
        Set<String> known = telling ? Set.copyOf(jdbc.sql("SELECT event_identifier FROM sync_log WHERE event_identifier = ANY(:ids)")
                .param("ids", ids).query(String.class).list()) : Set.of();
        batches.batchUpdate(APPEND, rows.stream().map(Row::parameters).toArray(SqlParameterSource[]::new));
        if (!telling) {
            return List.of();
        }
        Map<String, Long> numbers = new HashMap<>();
        jdbc.sql("SELECT event_identifier, seq FROM sync_log WHERE event_identifier = ANY(:ids)").param("ids", ids)
                .query(rs -> {
                    numbers.put(rs.getString(1), rs.getLong(2));
                });
        List<SyncOperation> told = new ArrayList<>();
        for (Row row : rows) {
            if (row.live() && !known.contains(row.eventId())) {
                told.add(row.operation(numbers.get(row.eventId())));
            }
        }
        return told;
    }

    /** The number a row has, and whether this call wrote the row (rather than refreshing its copy). */
    private record Appended(long seq, boolean inserted) {
    }

    /** One event's row, and what its operation tells the listeners. */
    private record Row(UUID workspaceId, DomainEventMessage<?> event, String eventName, long version, SyncChange change,
                       String clientOperationId, StoredEvent copy, boolean live) {

        String eventId() {
            return event.getIdentifier();
        }

        SqlParameterSource parameters() {
            return new MapSqlParameterSource()
                    .addValue("workspaceId", workspaceId)
                    .addValue("eventId", event.getIdentifier())
                    .addValue("aggregateId", event.getAggregateIdentifier())
                    .addValue("version", version)
                    .addValue("entityType", change.entityType())
                    .addValue("entityId", change.entityId())
                    .addValue("opType", change.type())
                    .addValue("clientOperationId", clientOperationId)
                    .addValue("aggregateType", copy.aggregateType())
                    .addValue("sequenceNumber", copy.sequenceNumber())
                    .addValue("timeStamp", copy.timeStamp())
                    .addValue("payloadType", copy.payloadType())
                    .addValue("payloadRevision", copy.payloadRevision())
                    .addValue("payload", copy.payload())
                    .addValue("metaData", copy.metaData());
        }

        SyncOperation operation(long seq) {
            return new SyncOperation(event.getIdentifier(), change.type(), change.entityType(), change.entityId(),
                    change.data(), version, event.getTimestamp().toEpochMilli(), userId(event), workspaceId,
                    eventName, new SyncToken(workspaceId, seq).encode());
        }
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
