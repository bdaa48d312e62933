package io.tandem.query.sync;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import io.tandem.api.MetadataKeys;
import io.tandem.api.sync.FetchSyncOperationsQuery;
import io.tandem.api.sync.FindLatestSyncTokenQuery;
import io.tandem.api.sync.FindSyncedVersionQuery;
import io.tandem.api.sync.FindTokenAfterOwnOperationsQuery;
import io.tandem.api.sync.SyncChange;
import io.tandem.api.sync.SyncOperation;
import io.tandem.api.sync.SyncPage;
import io.tandem.api.sync.SyncToken;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.axonframework.serialization.upcasting.event.EventUpcasterChain;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Answers the sync queries. A page is the sync log's rows after the token's number, joined to their events; the
 * payloads are decoded with the event serializer (never parsed by hand, so what the serializer does to stored
 * fields applies here too) and upcast like any other read of the store.
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
        List<Row> rows = jdbc.sql("""
                        SELECT s.seq, d.global_index, d.type, d.aggregate_identifier, d.sequence_number,
                               d.event_identifier, d.time_stamp, d.payload_type, d.payload_revision, d.payload, d.meta_data
                        FROM sync_log s
                        JOIN domain_event_entry d ON d.event_identifier = s.event_identifier
                        WHERE s.workspace_id = :workspaceId AND s.seq > :since
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
        List<SyncOperation> operations = new ArrayList<>(page.size());
        for (Row row : page) {
            operation(query.workspaceId(), row).ifPresent(operations::add);
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

    private Optional<SyncOperation> operation(UUID workspaceId, Row row) {
        try (Stream<TrackedEventMessage<?>> events = EventUtils.upcastAndDeserializeTrackedEvents(
                Stream.of(row.data()), serializer, upcasters)) {
            return events.findFirst().flatMap(event -> {
                long version = row.data().getSequenceNumber() + 1;
                return SyncChange.of(event.getPayload(), version, event.getTimestamp()).map(change ->
                        new SyncOperation(event.getIdentifier(), change.type(), change.entityType(), change.entityId(),
                                change.data(), version, event.getTimestamp().toEpochMilli(),
                                userId(event.getMetaData().get(MetadataKeys.USER_ID)), workspaceId,
                                event.getPayload().getClass().getSimpleName(),
                                new SyncToken(workspaceId, row.seq()).encode()));
            });
        }
    }

    private static UUID userId(Object value) {
        try {
            return value == null ? null : UUID.fromString(value.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Row row(ResultSet rs, int rowNum) throws SQLException {
        GenericDomainEventEntry<byte[]> entry = new GenericDomainEventEntry<>(rs.getString("type"),
                rs.getString("aggregate_identifier"), rs.getLong("sequence_number"), rs.getString("event_identifier"),
                rs.getString("time_stamp"), rs.getString("payload_type"), rs.getString("payload_revision"),
                rs.getBytes("payload"), rs.getBytes("meta_data"));
        return new Row(rs.getLong("seq"),
                new TrackedDomainEventData<>(new GlobalSequenceTrackingToken(rs.getLong("global_index")), entry));
    }

    private record Row(long seq, TrackedDomainEventData<byte[]> data) {
    }
}
