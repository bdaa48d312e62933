package io.tandem.query.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.tandem.api.MetadataKeys;
import io.tandem.api.WorkspaceScoped;
import io.tandem.api.audit.FetchHistoryEventsQuery;
import io.tandem.api.audit.FetchTaskHistoryQuery;
import io.tandem.api.audit.FindLatestHistoryPositionQuery;
import io.tandem.api.audit.HistoryEvent;
import io.tandem.api.audit.HistoryFilter;
import io.tandem.api.audit.HistoryPage;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads history from the event store: the audit log chooses and orders the events, domain_event_entry supplies
 * them, and Axon's upcasters and event serializer turn them into messages exactly as event handlers would see
 * them (so encrypted fields are decrypted, and erased ones read "[erased]").
 */
@Component
class AuditQueries {

    private static final String EVENT_COLUMNS = """
            e.event_identifier, e.type, e.aggregate_identifier, e.sequence_number, e.time_stamp, e.payload_type,
            e.payload_revision, e.payload, e.meta_data""";

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
        List<Row> rows = jdbc.sql("SELECT a.position, " + EVENT_COLUMNS + """
                         FROM audit_log a
                         JOIN domain_event_entry e ON e.event_identifier = a.event_identifier
                        WHERE """ + " " + where + " ORDER BY a.position LIMIT :limit")
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
        // Straight from the event store, so a task's history is complete even before the audit log has indexed
        // its newest events (their position is then null).
        List<Row> rows = jdbc.sql("SELECT a.position, " + EVENT_COLUMNS + """
                         FROM domain_event_entry e
                         LEFT JOIN audit_log a ON a.event_identifier = e.event_identifier
                        WHERE e.aggregate_identifier = :taskId
                        ORDER BY e.sequence_number
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
        rows.forEach(r -> positions.put(r.entry().getEventIdentifier(), r.position()));
        Stream<TrackedDomainEventData<byte[]>> data = rows.stream().map(r -> new TrackedDomainEventData<>(
                new GlobalSequenceTrackingToken(r.position() == null ? 0 : r.position()), r.entry()));
        List<HistoryEvent> events = new ArrayList<>(rows.size());
        EventUtils.upcastAndDeserializeTrackedEvents(data, configuration.eventSerializer(), configuration.upcasterChain())
                .forEach(message -> events.add(event(message, positions.get(message.getIdentifier()))));
        return events;
    }

    private static HistoryEvent event(TrackedEventMessage<?> message, Long position) {
        DomainEventMessage<?> domain = (DomainEventMessage<?>) message;
        Map<String, Object> metadata = new TreeMap<>(message.getMetaData());
        return new HistoryEvent(position, message.getIdentifier(), message.getPayloadType().getSimpleName(),
                domain.getType(), domain.getAggregateIdentifier(), domain.getSequenceNumber(), message.getTimestamp(),
                AuditLogProjection.uuid(metadata.get(MetadataKeys.USER_ID)), message.getPayload(), metadata);
    }

    private static Row row(ResultSet rs) throws SQLException {
        long position = rs.getLong("position");
        Long maybePosition = rs.wasNull() ? null : position;
        return new Row(maybePosition, new GenericDomainEventEntry<>(
                rs.getString("type"),
                rs.getString("aggregate_identifier"),
                rs.getLong("sequence_number"),
                rs.getString("event_identifier"),
                rs.getString("time_stamp"),
                rs.getString("payload_type"),
                rs.getString("payload_revision"),
                rs.getBytes("payload"),
                rs.getBytes("meta_data")));
    }

    /** A stored event and its audit position (null when not indexed yet). */
    private record Row(Long position, GenericDomainEventEntry<byte[]> entry) {
    }
}
