package io.tandem.query.audit;

import java.sql.Timestamp;
import java.util.UUID;

import io.tandem.api.MetadataKeys;
import io.tandem.api.WorkspaceScoped;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Appends one audit_log row per event, taking the next position as it goes. A redelivered event is already
 * there and changes nothing. A reset clears the table but keeps the identity counting upwards, so a client
 * holding an old position sees the replayed events again rather than missing some.
 */
@Component
@ProcessingGroup("audit-log")
class AuditLogProjection {

    private final JdbcClient jdbc;

    AuditLogProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(Object payload, EventMessage<?> message) {
        DomainEventMessage<?> domain = message instanceof DomainEventMessage<?> d ? d : null;
        jdbc.sql("""
                        INSERT INTO audit_log (event_identifier, workspace_id, aggregate_type, aggregate_id,
                                               sequence_number, event_type, user_id, occurred_at)
                        VALUES (:eventId, :workspaceId, :aggregateType, :aggregateId, :sequenceNumber, :eventType,
                                :userId, :occurredAt)
                        ON CONFLICT (event_identifier) DO NOTHING
                        """)
                .param("eventId", message.getIdentifier())
                .param("workspaceId", payload instanceof WorkspaceScoped scoped ? scoped.workspaceId() : null)
                .param("aggregateType", domain == null ? null : domain.getType())
                .param("aggregateId", domain == null ? null : domain.getAggregateIdentifier())
                .param("sequenceNumber", domain == null ? null : domain.getSequenceNumber())
                .param("eventType", message.getPayloadType().getSimpleName())
                .param("userId", uuid(message.getMetaData().get(MetadataKeys.USER_ID)))
                .param("occurredAt", Timestamp.from(message.getTimestamp()))
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM audit_log").update();
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
