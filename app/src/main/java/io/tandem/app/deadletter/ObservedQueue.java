package io.tandem.app.deadletter;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.DeadLetterQueueOverflowException;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Axon's queue of one processor, telling {@link DeadLetters} what it parks: the batch learns which of its events were
 * parked (so that nobody announces them as applied), and once the batch has committed, whoever waits for the
 * sequence hears that it is parked.
 */
final class ObservedQueue implements SequencedDeadLetterQueue<EventMessage<?>> {

    private static final String PARKED = ObservedQueue.class.getName() + ".parked";

    private final String processor;
    private final SequencedDeadLetterQueue<EventMessage<?>> delegate;
    private final DeadLetters deadLetters;

    ObservedQueue(String processor, SequencedDeadLetterQueue<EventMessage<?>> delegate, DeadLetters deadLetters) {
        this.processor = processor;
        this.delegate = delegate;
        this.deadLetters = deadLetters;
    }

    /** Whether the batch of {@code unitOfWork} parked the event {@code messageIdentifier}. */
    static boolean parkedIn(UnitOfWork<?> unitOfWork, String messageIdentifier) {
        Set<String> parked = unitOfWork.root().getResource(PARKED);
        return parked != null && parked.contains(messageIdentifier);
    }

    @Override
    public void enqueue(Object sequenceIdentifier, DeadLetter<? extends EventMessage<?>> letter)
            throws DeadLetterQueueOverflowException {
        delegate.enqueue(sequenceIdentifier, letter);
        String sequence = sequenceIdentifier.toString();
        if (CurrentUnitOfWork.isStarted()) {
            UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
            Set<String> parked = batch.getOrComputeResource(PARKED, key -> new HashSet<>());
            parked.add(letter.message().getIdentifier());
            batch.afterCommit(done -> deadLetters.parked(processor, sequence, letter.message()));
        } else {
            deadLetters.parked(processor, sequence, letter.message());
        }
    }

    @Override
    public void evict(DeadLetter<? extends EventMessage<?>> letter) {
        delegate.evict(letter);
    }

    @Override
    public void requeue(DeadLetter<? extends EventMessage<?>> letter,
                        UnaryOperator<DeadLetter<? extends EventMessage<?>>> letterUpdater) {
        delegate.requeue(letter, letterUpdater);
    }

    @Override
    public boolean contains(Object sequenceIdentifier) {
        return delegate.contains(sequenceIdentifier);
    }

    @Override
    public Iterable<DeadLetter<? extends EventMessage<?>>> deadLetterSequence(Object sequenceIdentifier) {
        return delegate.deadLetterSequence(sequenceIdentifier);
    }

    @Override
    public Iterable<Iterable<DeadLetter<? extends EventMessage<?>>>> deadLetters() {
        return delegate.deadLetters();
    }

    @Override
    public boolean isFull(Object sequenceIdentifier) {
        return delegate.isFull(sequenceIdentifier);
    }

    @Override
    public long size() {
        return delegate.size();
    }

    @Override
    public long sequenceSize(Object sequenceIdentifier) {
        return delegate.sequenceSize(sequenceIdentifier);
    }

    @Override
    public long amountOfSequences() {
        return delegate.amountOfSequences();
    }

    @Override
    public boolean process(Predicate<DeadLetter<? extends EventMessage<?>>> sequenceFilter,
                           Function<DeadLetter<? extends EventMessage<?>>, EnqueueDecision<EventMessage<?>>> processingTask) {
        return delegate.process(sequenceFilter, processingTask);
    }

    @Override
    public void clear() {
        delegate.clear();
    }
}
