package io.tandem.query.sync;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tandem.api.MetadataKeys;
import io.tandem.api.stored.StoredEvent;
import io.tandem.api.sync.FetchSyncOperationsQuery;
import io.tandem.api.sync.FindLatestSyncTokenQuery;
import io.tandem.api.sync.FindSyncedVersionQuery;
import io.tandem.api.sync.FindTokenAfterOwnOperationsQuery;
import io.tandem.api.sync.SyncChange;
import io.tandem.api.sync.SyncOperation;
import io.tandem.api.sync.SyncPage;
import io.tandem.api.sync.SyncToken;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Answers the sync queries from the sync log alone. A page is the log's rows after the token's number; each row keeps
 * its event as stored, which is upcast and decoded with the event serializer (never parsed by hand, so what the
 * serializer does to sealed fields applies here too) like any other read of an event.
 */
@Component
class SyncQueries {

    static final int MAX_LIMIT = 500;

    private final JdbcClient jdbc;
    private final Serializer serializer;
    private final EventUpcaster upcasters;

    SyncQueries(JdbcClient jdbc, @Qualifier("eventSerializer") Serializer serializer, List<EventUpcaster> upcasters) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.upcasters = new EventUpcasterChain(upcasters);
    }

    @QueryHandler
    SyncPage handle(FetchSyncOperationsQuery query) {
        SyncToken since = SyncToken.decode(query.sinceToken(), query.workspaceId(), "since");
        int limit = Math.max(1, Math.min(MAX_LIMIT, query.limit()));
        // A row whose copy is not written yet (only after the upgrade that added the copies, until the sync-log
        // processor has refilled it) ends the page before it: the client asks again from there, skipping nothing.
        List<Row> rows = jdbc.sql("""
                        SELECT s.seq, s.aggregate_type, s.aggregate_id, s.sequence_number, s.event_identifier,
                               s.time_stamp, s.payload_type, s.payload_revision, s.payload, s.meta_data
                        FROM sync_log s
                        WHERE s.workspace_id = :workspaceId AND s.seq > :since
                          AND s.seq < COALESCE((SELECT MIN(u.seq) FROM sync_log u WHERE u.workspace_id = :workspaceId
                                                AND u.seq > :since AND u.payload IS NULL), 9223372036854775807)
                        ORDER BY s.seq
                        LIMIT :limit
                        """)
                .param("workspaceId", query.workspaceId())
                .param("since", since.seq())
                .param("limit", limit + 1)
                .query(SyncQueries::row)
                .list();
        boolean hasMore = rows.size() > limit;
        List<Row> page = hasMore ? rows.subList(0, limit) : rows;
        Map<String, Long> seqs = new HashMap<>();
        page.forEach(row -> seqs.put(row.copy().eventId(), row.seq()));
        List<SyncOperation> operations = new ArrayList<>(page.size());
        for (DomainEventMessage<?> event : StoredEvent.read(page.stream().map(Row::copy).toList(), serializer, upcasters)) {
            operation(query.workspaceId(), seqs.get(event.getIdentifier()), event).ifPresent(operations::add);
        }
        long next = page.isEmpty() ? since.seq() : page.get(page.size() - 1).seq();
        return new SyncPage(operations, new SyncToken(query.workspaceId(), next).encode(), hasMore);
    }

    @QueryHandler
    String handle(FindLatestSyncTokenQuery query) {
        return new SyncToken(query.workspaceId(), latest(query.workspaceId())).encode();
    }

    @QueryHandler
    Long handle(FindSyncedVersionQuery query) {
        return jdbc.sql("SELECT COALESCE(MAX(aggregate_version), 0) FROM sync_log WHERE aggregate_id = :aggregateId")
                .param("aggregateId", query.aggregateId().toString())
                .query(Long.class)
                .single();
    }

    @QueryHandler
    String handle(FindTokenAfterOwnOperationsQuery query) {
        SyncToken since = SyncToken.decode(query.sinceToken(), query.workspaceId(), "lastSyncToken");
        Long firstForeign = jdbc.sql("""
                        SELECT MIN(seq) FROM sync_log
                        WHERE workspace_id = :workspaceId AND seq > :since
                          AND (client_operation_id IS NULL OR NOT (client_operation_id = ANY (:own)))
                        """)
                .param("workspaceId", query.workspaceId())
                .param("since", since.seq())
                .param("own", query.clientOperationIds().toArray(String[]::new))
                .query(Long.class)
                .optional()
                .orElse(null);
        long seq = firstForeign != null ? firstForeign - 1 : Math.max(since.seq(), latest(query.workspaceId()));
        return new SyncToken(query.workspaceId(), seq).encode();
    }

    private long latest(UUID workspaceId) {
        return jdbc.sql("SELECT COALESCE(MAX(seq), 0) FROM sync_log WHERE workspace_id = :workspaceId")
                .param("workspaceId", workspaceId)
                .query(Long.class)
                .single();
    }

    private static Optional<SyncOperation> operation(UUID workspaceId, long seq, DomainEventMessage<?> event) {
        long version = event.getSequenceNumber() + 1;
        return SyncChange.of(event.getPayload(), version, event.getTimestamp()).map(change ->
                new SyncOperation(event.getIdentifier(), change.type(), change.entityType(), change.entityId(),
                        change.data(), version, event.getTimestamp().toEpochMilli(),
                        userId(event.getMetaData().get(MetadataKeys.USER_ID)), workspaceId,
                        event.getPayload().getClass().getSimpleName(), new SyncToken(workspaceId, seq).encode()));
    }

    private static UUID userId(Object value) {
        try {
            return value == null ? null : UUID.fromString(value.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Row row(ResultSet rs, int rowNum) throws SQLException {
        return new Row(rs.getLong("seq"), new StoredEvent(rs.getString("aggregate_type"), rs.getString("aggregate_id"),
                rs.getLong("sequence_number"), rs.getString("event_identifier"), rs.getString("time_stamp"),
                rs.getString("payload_type"), rs.getString("payload_revision"), rs.getBytes("payload"),
                rs.getBytes("meta_data")));
    }

    private record Row(long seq, StoredEvent copy) {
    }
}
