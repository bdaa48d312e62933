package io.tandem.api.stored;

import java.util.List;
import java.util.stream.Stream;

import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;

/**
 * A domain event as the event store holds it: its payload and metadata serialized exactly as written (so fields the
 * event serializer sealed stay sealed, and a destroyed key still erases them), with what Axon needs to upcast and
 * deserialize it again. Projections keep such copies (the sync log, the audit log) so that their readers work the
 * same wherever the events are stored: PostgreSQL, a database of their own, or Axon Server.
 */
public record StoredEvent(String aggregateType, String aggregateId, long sequenceNumber, String eventId,
                          String timeStamp, String payloadType, String payloadRevision, byte[] payload,
                          byte[] metaData) {

    /**
     * The copy of an event a processor is handling. An event read from the store keeps its serialized form, which
     * is reused as it is when {@code serializer} is the one that read it; nothing is sealed again.
     */
    public static StoredEvent of(DomainEventMessage<?> event, Serializer serializer) {
        SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
        SerializedObject<byte[]> metaData = event.serializeMetaData(serializer, byte[].class);
        return new StoredEvent(event.getType(), event.getAggregateIdentifier(), event.getSequenceNumber(),
                event.getIdentifier(), DateTimeUtils.formatInstant(event.getTimestamp()),
                payload.getType().getName(), payload.getType().getRevision(), payload.getData(), metaData.getData());
    }

    /** The events of {@code copies}, in order, upcast and deserialized as event handlers would see them. */
    public static List<DomainEventMessage<?>> read(List<StoredEvent> copies, Serializer serializer,
                                                   EventUpcaster upcasters) {
        if (copies.isEmpty()) {
            return List.of();
        }
        Stream<TrackedDomainEventData<byte[]>> data = copies.stream().map(copy -> new TrackedDomainEventData<>(
                new GlobalSequenceTrackingToken(0), new GenericDomainEventEntry<>(copy.aggregateType(),
                copy.aggregateId(), copy.sequenceNumber(), copy.eventId(), copy.timeStamp(), copy.payloadType(),
                copy.payloadRevision(), copy.payload(), copy.metaData())));
        try (Stream<TrackedEventMessage<?>> events = EventUtils.upcastAndDeserializeTrackedEvents(data, serializer,
                upcasters)) {
            return events.<DomainEventMessage<?>>map(event -> (DomainEventMessage<?>) event).toList();
        }
    }
}
