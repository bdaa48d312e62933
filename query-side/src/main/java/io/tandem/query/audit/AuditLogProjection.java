package io.tandem.query.audit;

import java.sql.Timestamp;
import java.util.UUID;

import io.tandem.api.MetadataKeys;
import io.tandem.api.ProcessingGroups;
import io.tandem.api.WorkspaceScoped;
import io.tandem.api.stored.StoredEvent;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Appends one audit_log row per event, taking the next position as it goes, with the event as the event store holds
 * it ({@link StoredEvent}): history is read from here alone. A redelivered or replayed event keeps its row and
 * position, so a client paging with an old position neither misses nor repeats an event.
 */
@Component
@ProcessingGroup(ProcessingGroups.AUDIT_LOG)
class AuditLogProjection {

    private final JdbcClient jdbc;
    private final Serializer serializer;

    AuditLogProjection(JdbcClient jdbc, @Qualifier("eventSerializer") Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** Every event of Tandem's is an aggregate's (a domain event); only those have a history to keep. */
    @EventHandler
    void on(Object payload, DomainEventMessage<?> message) {
        StoredEvent copy = StoredEvent.of(message, serializer);
        // An event handled again (a replay, the refill after the upgrade that added the copies) keeps its position.
        jdbc.sql("""
                        INSERT INTO audit_log (event_identifier, workspace_id, aggregate_type, aggregate_id,
                                               sequence_number, event_type, user_id, occurred_at, time_stamp,
                                               payload_type, payload_revision, payload, meta_data)
                        VALUES (:eventId, :workspaceId, :aggregateType, :aggregateId, :sequenceNumber, :eventType,
                                :userId, :occurredAt, :timeStamp, :payloadType, :payloadRevision, :payload, :metaData)
                        ON CONFLICT (event_identifier) DO UPDATE SET
                            time_stamp = EXCLUDED.time_stamp, payload_type = EXCLUDED.payload_type,
                            payload_revision = EXCLUDED.payload_revision, payload = EXCLUDED.payload,
                            meta_data = EXCLUDED.meta_data
                        """)
                .param("eventId", message.getIdentifier())
                .param("workspaceId", payload instanceof WorkspaceScoped scoped ? scoped.workspaceId() : null)
                .param("aggregateType", copy.aggregateType())
                .param("aggregateId", copy.aggregateId())
                .param("sequenceNumber", copy.sequenceNumber())
                .param("eventType", message.getPayloadType().getSimpleName())
                .param("userId", uuid(message.getMetaData().get(MetadataKeys.USER_ID)))
                .param("occurredAt", Timestamp.from(message.getTimestamp()))
                .param("timeStamp", copy.timeStamp())
                .param("payloadType", copy.payloadType())
                .param("payloadRevision", copy.payloadRevision())
                .param("payload", copy.payload())
                .param("metaData", copy.metaData())
                .update();
    }

    static UUID uuid(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value.toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
