package io.tandem.app.deadletter;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Map;

import javax.sql.DataSource;

import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.deadletter.jpa.JpaSequencedDeadLetterQueue;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Axon's sequenced dead-letter queue for each processor of {@link DeadLetters#PROCESSORS}: the JPA queue on the
 * {@code dead_letter_entry} table of the main database (Flyway's V1, Axon's entity registered by its JPA
 * auto-configuration), the same in every event store mode, since the letters belong with the read models and the
 * tokens, never with the events.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConfig {

    /**
     * How many parked sequences, and letters in one sequence, a queue takes. Axon's default (1024) would turn the
     * 1025th poison aggregate, or the 1025th event behind one, into a failure that stops the whole segment.
     */
    private static final int CAPACITY = 1_000_000;

    /** One aggregate's events in order, different aggregates in parallel: a parked sequence is one aggregate. */
    @Bean
    SequencingPolicy<EventMessage<?>> aggregateSequencingPolicy() {
        SequentialPerAggregatePolicy policy = SequentialPerAggregatePolicy.instance();
        return policy::getSequenceIdentifierFor;
    }

    @Bean
    ConfigurerModule deadLetterQueues(DeadLetters deadLetters, PoisonPolicies policies, DataSource dataSource) {
        return configurer -> configurer.eventProcessing(processing -> DeadLetters.PROCESSORS.forEach(processor ->
                processing.registerHandlerInterceptor(processor, c -> rollbackFailedRetry(dataSource))
                        .registerDeadLetterQueue(processor, c -> new ObservedQueue(processor,
                                JpaSequencedDeadLetterQueue.<EventMessage<?>>builder()
                                        .processingGroup(processor)
                                        .entityManagerProvider(c.getComponent(EntityManagerProvider.class))
                                        .transactionManager(c.getComponent(TransactionManager.class))
                                        // Sealed fields stay sealed in the letters, as in the event store.
                                        .eventSerializer(c.eventSerializer())
                                        .genericSerializer(c.serializer())
                                        .maxSequences(CAPACITY)
                                        .maxSequenceSize(CAPACITY)
                                        .build(),
                                deadLetters))
                        .registerDeadLetterPolicy(processor, c -> policies.byProcessor().get(processor))
                        // Remembers per segment which sequences are parked, instead of asking the table for every
                        // event. A reset for a replay empties the processor's queue: the replay handles every event
                        // again and parks anew what still fails, rather than queueing each parked event twice.
                        .registerDeadLetteringEventHandlerInvokerConfiguration(processor,
                                (c, builder) -> builder.enableSequenceIdentifierCache().allowReset(true))));
    }

    /** The enqueue policy of each dead-lettering processor, by processor name. */
    @Bean
    PoisonPolicies poisonPolicies() {
        return new PoisonPolicies(PoisonPolicy.forEach(DeadLetters.PROCESSORS));
    }

    record PoisonPolicies(Map<String, PoisonPolicy> byProcessor) {
    }

    /**
     * Lets an event that failed on its own account before reach none of the handlers of its dead-lettering processor
     * when the processor retries its batch: it fails at once with the same cause, and is parked (see
     * {@link PoisonPolicy}). A parked letter being retried is handled for real.
     */
    @Bean
    static HandlerEnhancerDefinition knownPoisonFailsAtOnce(ObjectProvider<PoisonPolicies> policies) {
        return new HandlerEnhancerDefinition() {
            @Override
            public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
                String processor = deadLetteringProcessor(original.declaringClass());
                if (!original.canHandleMessageType(EventMessage.class) || processor == null) {
                    return original;
                }
                return new WrappedMessageHandlingMember<>(original) {
                    @Override
                    public Object handle(Message<?> message, T target) throws Exception {
                        Throwable known = retryingLetter() ? null
                                : policies.getObject().byProcessor().get(processor).suspected(message.getIdentifier());
                        if (known instanceof Exception exception) {
                            throw exception;
                        }
                        if (known instanceof Error error) {
                            throw error;
                        }
                        return super.handle(message, target);
                    }
                };
            }
        };
    }

    /**
     * Undoes what a retried letter's handlers wrote when one of them fails. Axon retries the letters of a sequence in
     * one transaction and gives each letter a unit of work that joins it; a joining unit of work that rolls back
     * leaves the transaction alone, so without this the writes of the handlers that ran before the failing one would
     * commit with the letter still parked. Each retried letter runs inside a savepoint instead (retries are rare; the
     * processors' own batches never pay for one).
     */
    static MessageHandlerInterceptor<EventMessage<?>> rollbackFailedRetry(DataSource dataSource) {
        return (unitOfWork, chain) -> {
            if (!unitOfWork.resources().containsKey(DeadLetter.class.getName())
                    || !TransactionSynchronizationManager.isActualTransactionActive()) {
                return chain.proceed();
            }
            Connection connection = DataSourceUtils.getConnection(dataSource);
            Savepoint savepoint = connection.setSavepoint();
            Object result;
            try {
                result = chain.proceed();
            } catch (Exception | Error failure) {
                try {
                    connection.rollback(savepoint);
                } catch (SQLException e) {
                    failure.addSuppressed(e);
                }
                throw failure;
            }
            connection.releaseSavepoint(savepoint);
            return result;
        };
    }

    /** Whether the current unit of work is Axon's retry of a dead letter (which keeps the letter as a resource). */
    private static boolean retryingLetter() {
        return CurrentUnitOfWork.isStarted()
                && CurrentUnitOfWork.get().resources().containsKey(DeadLetter.class.getName());
    }

    /** The dead-lettering processor the handler class belongs to, or null. */
    private static String deadLetteringProcessor(Class<?> handlerClass) {
        Map<String, Object> group = AnnotatedElementUtils.getMergedAnnotationAttributes(handlerClass,
                ProcessingGroup.class);
        if (group == null) {
            return null;
        }
        String processor = String.valueOf(group.get("value"));
        return DeadLetters.PROCESSORS.contains(processor) ? processor : null;
    }
}
