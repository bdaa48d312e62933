package io.tandem.api.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One stored domain event as the audit history shows it: {@code payload} is the deserialized event (erased fields
 * read "[erased]"), {@code metadata} says who and why. {@code position} is the audit log's own position, or null
 * in a task history for an event the audit log has not indexed yet.
 */
public record HistoryEvent(
        Long position,
        String eventId,
        String eventType,
        String aggregateType,
        String aggregateId,
        long sequenceNumber,
        Instant timestamp,
        UUID userId,
        Object payload,
        Map<String, Object> metadata) {
}
