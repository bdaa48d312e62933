package io.tandem.app.config;

import java.util.List;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The embedded event store, which also tells its consumers of new events once the database transaction around the
 * unit of work that appended them has committed.
 *
 * <p>Axon tells the consumers (the tracking processors that follow the head) when a unit of work commits. A unit of
 * work that only joined a wider transaction (a push tried in one transaction, an import's chunk) commits before its
 * events are visible: the consumers looked at once, found nothing, and waited for the next poll
 * ({@code tandem.event-store.fetch-delay}), some 50 ms on every push before any projection started. They are now told
 * again after that transaction commits. Where the events are stored apart (their own database) they are visible
 * when the unit of work commits, so the first telling stays.
 */
final class CommitAwareEventStore extends EmbeddedEventStore {

    CommitAwareEventStore(Builder builder) {
        super(builder);
    }

    @Override
    protected void afterCommit(List<? extends EventMessage<?>> events) {
        super.afterCommit(events);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    CommitAwareEventStore.super.afterCommit(events);
                }
            });
        }
    }
}
