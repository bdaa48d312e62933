package io.tandem.app.config;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Axon's JPA storage engine with a tracking fetch that stays on the index when the token has gaps.
 *
 * <p>Axon asks for {@code globalIndex > :token OR globalIndex IN :gaps ORDER BY globalIndex}, limited to a batch.
 * Once the PostgreSQL driver prepares that statement on the server, the generic plan walks the primary key from the
 * first event and filters every row: the whole event table is read on each poll that meets a gap, which under
 * concurrent writes is most of them. Here the gaps are looked up by key, and the events after the token are read
 * from the token on, both bounded by the batch size. The answer is the same: gaps lie below the token's index, so the
 * filled gaps come first in index order, followed by the events after the token.
 *
 * <p>It never reads the snapshot table: Tandem takes no snapshots (no snapshotter is configured, the aggregates stay
 * small and loaded in the cache), and Axon asks for a snapshot on every load of an aggregate, a creation's included,
 * which cost a query that could only answer nothing. And the reads that follow the head end at the first short batch
 * ({@link HeadTailingReads}).
 */
class BoundedFetchJpaEventStorageEngine extends JpaEventStorageEngine {

    /** The entries the current thread's append is creating. */
    private final ThreadLocal<List<Object>> appending = new ThreadLocal<>();

    BoundedFetchJpaEventStorageEngine(Builder builder) {
        super(builder);
    }

    /**
     * Appends as Axon does (persist, then an explicit flush that sends the inserts), then takes the entries out of
     * the persistence context when the append joined a wider transaction (a push tried in one transaction, an
     * import's chunk). Nothing reads them back, and each later flush in that transaction, every command's append
     * included, would check them all for changes: a push of a hundred operations checked some five thousand.
     */
    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        List<Object> entries = new ArrayList<>(events.size());
        appending.set(entries);
        try {
            super.appendEvents(events, serializer);
        } finally {
            appending.remove();
        }
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            EntityManager entityManager = entityManager();
            entries.forEach(entityManager::detach);
        }
    }

    @Override
    protected Object createEventEntity(EventMessage<?> eventMessage, Serializer serializer) {
        Object entry = super.createEventEntity(eventMessage, serializer);
        List<Object> entries = appending.get();
        if (entries != null) {
            entries.add(entry);
        }
        return entry;
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        return Stream.empty();
    }

    /** The producer's reads end at a short batch ({@link HeadTailingReads}). */
    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken trackingToken, boolean mayBlock) {
        return mayBlock
                ? HeadTailingReads.untilShortBatch(trackingToken, batchSize(), this::fetchTrackedEvents)
                : super.readEventData(trackingToken, false);
    }

    @Override
    protected List<Object[]> fetchEvents(GapAwareTrackingToken token) {
        if (token == null || token.getGaps().isEmpty()) {
            return super.fetchEvents(token);
        }
        String select = "SELECT e.globalIndex, e.type, e.aggregateIdentifier, e.sequenceNumber, e.eventIdentifier,"
                + " e.timeStamp, e.payloadType, e.payloadRevision, e.payload, e.metaData FROM "
                + domainEventEntryEntityName() + " e ";
        List<Object[]> filledGaps = entityManager()
                .createQuery(select + "WHERE e.globalIndex IN :gaps ORDER BY e.globalIndex ASC", Object[].class)
                .setParameter("gaps", token.getGaps())
                .setMaxResults(batchSize())
                .getResultList();
        int room = batchSize() - filledGaps.size();
        if (room <= 0) {
            return filledGaps;
        }
        List<Object[]> following = entityManager()
                .createQuery(select + "WHERE e.globalIndex > :token ORDER BY e.globalIndex ASC", Object[].class)
                .setParameter("token", token.getIndex())
                .setMaxResults(room)
                .getResultList();
        if (filledGaps.isEmpty()) {
            return following;
        }
        List<Object[]> events = new ArrayList<>(filledGaps.size() + following.size());
        events.addAll(filledGaps);
        events.addAll(following);
        return events;
    }
}
