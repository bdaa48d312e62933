package io.tandem.app.config;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.CachingEventSourcingRepository;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * An event-sourced repository that keeps aggregates loaded between commands and uses a cached one only while it is
 * current. Replicas without Axon Server's command routing all write to the same streams, so a cached aggregate may
 * miss events another replica appended: before it is used, the store's last sequence number for it (one indexed
 * read, in any event store) is compared with the cached version, and a stale entry is read again from the events.
 * An append that still races another replica fails on the stream's sequence, rolls back (which drops the entry) and
 * is retried by {@code Commands}, as without the cache.
 */
final class FreshCachingRepository<T> extends CachingEventSourcingRepository<T> {

    private final EventStore eventStore;
    private final Cache cache;

    FreshCachingRepository(EventSourcingRepository.Builder<T> builder, EventStore eventStore, Cache cache) {
        super(builder.eventStore(eventStore).cache(cache));
        this.eventStore = eventStore;
        this.cache = cache;
    }

    /**
     * Axon drops the entry when the command's unit of work rolls back. A unit of work can also take part in a wider
     * database transaction (an import's chunk, a push's batch) that rolls back after it committed its part; the
     * entry then holds events that were never stored, and goes too.
     */
    @Override
    protected void doSaveWithLock(EventSourcedAggregate<T> aggregate) {
        super.doSaveWithLock(aggregate);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            String id = aggregate.identifierAsString();
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status != STATUS_COMMITTED) {
                        cache.remove(id);
                    }
                }
            });
        }
    }

    @Override
    protected EventSourcedAggregate<T> doLoadWithLock(String aggregateIdentifier, Long expectedVersion) {
        if (cache.containsKey(aggregateIdentifier)) {
            Long stored = eventStore.lastSequenceNumberFor(aggregateIdentifier).orElse(null);
            EventSourcedAggregate<T> cached = super.doLoadWithLock(aggregateIdentifier, expectedVersion);
            if (stored != null && stored.equals(cached.version())) {
                return cached;
            }
            cache.remove(aggregateIdentifier);
        }
        return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
    }
}
