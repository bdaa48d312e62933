package io.tandem.query.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tandem.api.MetadataKeys;
import io.tandem.api.WorkspaceScoped;
import io.tandem.api.audit.FetchHistoryEventsQuery;
import io.tandem.api.audit.FetchTaskHistoryQuery;
import io.tandem.api.audit.FindHistoryVersionQuery;
import io.tandem.api.audit.FindLatestHistoryPositionQuery;
import io.tandem.api.audit.HistoryEvent;
import io.tandem.api.audit.HistoryFilter;
import io.tandem.api.audit.HistoryPage;
import io.tandem.api.stored.StoredEvent;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads history from the audit log alone: it chooses and orders the events and keeps each as stored, and Axon's
 * upcasters and event serializer turn them into messages exactly as event handlers would see them (so encrypted
 * fields are decrypted, and erased ones read "[erased]"). It never reads the event store's tables.
 */
@Component
class AuditQueries {

    private static final String EVENT_COLUMNS = """
            a.event_identifier, a.aggregate_type, a.aggregate_id, a.sequence_number, a.time_stamp, a.payload_type,
            a.payload_revision, a.payload, a.meta_data""";

    private final JdbcClient jdbc;
    // The Axon configuration is built after the beans that hold handlers, so it is looked up on first use.
    private final ObjectProvider<Configuration> axon;

    AuditQueries(JdbcClient jdbc, ObjectProvider<Configuration> axon) {
        this.jdbc = jdbc;
        this.axon = axon;
    }

    @QueryHandler
    HistoryPage handle(FetchHistoryEventsQuery query) {
        if (query.limit() < 1 || query.after() < 0) {
            throw new IllegalArgumentException("limit must be >= 1 and after >= 0, got " + query.limit() + "/" + query.after());
        }
        Map<String, Object> params = new HashMap<>();
        String where = where(query, params);
        params.put("limit", query.limit() + 1);
        // A row whose copy is not written yet (only after the upgrade that added the copies, until the audit-log
        // processor has refilled it) ends the page before it, so paging on from the answer skips nothing.
        List<Row> rows = jdbc.sql("SELECT a.position, " + EVENT_COLUMNS + """
                         FROM audit_log a
                        WHERE a.position < COALESCE((SELECT MIN(u.position) FROM audit_log u
                                                     WHERE u.payload IS NULL AND u.position > :after),
                                                    9223372036854775807)
                          AND """ + " " + where + " ORDER BY a.position LIMIT :limit")
                .params(params)
                .query((rs, n) -> row(rs))
                .list();
        boolean hasMore = rows.size() > query.limit();
        List<Row> page = hasMore ? rows.subList(0, query.limit()) : rows;
        long next = page.isEmpty() ? query.after() : page.get(page.size() - 1).position();
        return new HistoryPage(events(page), next, hasMore);
    }

    @QueryHandler
    List<HistoryEvent> handle(FetchTaskHistoryQuery query) {
        List<Row> rows = jdbc.sql("SELECT a.position, " + EVENT_COLUMNS + """
                         FROM audit_log a
                        WHERE a.aggregate_id = :taskId AND a.payload IS NOT NULL
                        ORDER BY a.sequence_number
                        """)
                .param("taskId", query.taskId().toString())
                .query((rs, n) -> row(rs))
                .list();
        List<HistoryEvent> events = events(rows);
        boolean inWorkspace = !events.isEmpty() && events.get(0).payload() instanceof WorkspaceScoped scoped
                && query.workspaceId().equals(scoped.workspaceId());
        return inWorkspace ? events : List.of();
    }

    @QueryHandler
    Long handle(FindHistoryVersionQuery query) {
        return jdbc.sql("""
                        SELECT COALESCE(MAX(sequence_number) + 1, 0) FROM audit_log
                        WHERE aggregate_id = :aggregateId AND payload IS NOT NULL
                        """)
                .param("aggregateId", query.aggregateId().toString())
                .query(Long.class)
                .single();
    }

    @QueryHandler
    Long handle(FindLatestHistoryPositionQuery query) {
        return jdbc.sql("SELECT COALESCE(MAX(position), 0) FROM audit_log").query(Long.class).single();
    }

    private static String where(FetchHistoryEventsQuery query, Map<String, Object> params) {
        HistoryFilter filter = query.filter();
        StringBuilder where = new StringBuilder("a.position > :after");
        params.put("after", query.after());
        if (query.upTo() != null) {
            where.append(" AND a.position <= :upTo");
            params.put("upTo", query.upTo());
        }
        if (filter == null) {
            return where.toString();
        }
        if (filter.workspaceId() != null) {
            where.append(" AND a.workspace_id = :workspaceId");
            params.put("workspaceId", filter.workspaceId());
        }
        if (filter.from() != null) {
            where.append(" AND a.occurred_at >= :from");
            params.put("from", Timestamp.from(filter.from()));
        }
        if (filter.to() != null) {
            where.append(" AND a.occurred_at < :to");
            params.put("to", Timestamp.from(filter.to()));
        }
        if (!filter.eventTypes().isEmpty()) {
            where.append(" AND a.event_type IN (:eventTypes)");
            params.put("eventTypes", filter.eventTypes());
        }
        if (filter.userId() != null) {
            where.append(" AND a.user_id = :userId");
            params.put("userId", filter.userId());
        }
        if (filter.aggregateId() != null) {
            where.append(" AND a.aggregate_id = :aggregateId");
            params.put("aggregateId", filter.aggregateId());
        }
        return where.toString();
    }

    /** Upcasts and deserializes the rows with the application's own serializer and upcaster chain. */
    private List<HistoryEvent> events(List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Configuration configuration = axon.getObject();
        Map<String, Long> positions = new HashMap<>();
        rows.forEach(r -> positions.put(r.copy().eventId(), r.position()));
        List<HistoryEvent> events = new ArrayList<>(rows.size());
        StoredEvent.read(rows.stream().map(Row::copy).toList(), configuration.eventSerializer(),
                        configuration.upcasterChain())
                .forEach(message -> events.add(event(message, positions.get(message.getIdentifier()))));
        return events;
    }

    private static HistoryEvent event(DomainEventMessage<?> message, Long position) {
        DomainEventMessage<?> domain = message;
        Map<String, Object> metadata = new TreeMap<>(message.getMetaData());
        return new HistoryEvent(position, message.getIdentifier(), message.getPayloadType().getSimpleName(),
                domain.getType(), domain.getAggregateIdentifier(), domain.getSequenceNumber(), message.getTimestamp(),
                AuditLogProjection.uuid(metadata.get(MetadataKeys.USER_ID)), message.getPayload(), metadata);
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong("position"), new StoredEvent(
                rs.getString("aggregate_type"),
                rs.getString("aggregate_id"),
                rs.getLong("sequence_number"),
                rs.getString("event_identifier"),
                rs.getString("time_stamp"),
                rs.getString("payload_type"),
                rs.getString("payload_revision"),
                rs.getBytes("payload"),
                rs.getBytes("meta_data")));
    }

    /** A kept event and its audit position. */
    private record Row(long position, StoredEvent copy) {
    }
}
