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
import org.axonframework.messaging.annotation.HandlerEnhancerDefinition;
import org.axonframework.messaging.annotation.MessageHandlingMember;
import org.axonframework.messaging.annotation.WrappedMessageHandlingMember;
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
    ConfigurerModule deadLetterQueues(DeadLetters deadLetters) {
        PoisonPolicy policy = new PoisonPolicy();
        return configurer -> configurer.eventProcessing(processing -> DeadLetters.PROCESSORS.forEach(processor ->
                processing.registerDeadLetterQueue(processor, c -> new ObservedQueue(processor,
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
                        .registerDeadLetterPolicy(processor, c -> policy)
                        // Remembers per segment which sequences are parked, instead of asking the table for every event.
                        .registerDeadLetteringEventHandlerInvokerConfiguration(processor,
                                (c, builder) -> builder.enableSequenceIdentifierCache())));
    }

    /**
     * Runs each event handler of a dead-lettering processor inside a savepoint of the batch's transaction. A handler
     * that fails after some of its writes, or whose statement failed (PostgreSQL then refuses every further statement
     * of the transaction), is rolled back to where it started, so that the letter can be stored and the batch can go
     * on with nothing half-applied.
     */
    @Bean
    static HandlerEnhancerDefinition savepointPerHandler(DataSource dataSource) {
        return new HandlerEnhancerDefinition() {
            @Override
            public <T> MessageHandlingMember<T> wrapHandler(MessageHandlingMember<T> original) {
                if (!original.canHandleMessageType(EventMessage.class) || !deadLettering(original.declaringClass())) {
                    return original;
                }
                return new WrappedMessageHandlingMember<>(original) {
                    @Override
                    public Object handle(Message<?> message, T target) throws Exception {
                        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
                            return super.handle(message, target);
                        }
                        Connection connection = DataSourceUtils.getConnection(dataSource);
                        Savepoint savepoint = connection.setSavepoint();
                        Object result;
                        try {
                            result = super.handle(message, target);
                        } catch (Exception | Error failure) {
                            rollback(connection, savepoint, failure);
                            throw failure;
                        }
                        connection.releaseSavepoint(savepoint);
                        return result;
                    }
                };
            }
        };
    }

    private static boolean deadLettering(Class<?> handlerClass) {
        Map<String, Object> group = AnnotatedElementUtils.getMergedAnnotationAttributes(handlerClass,
                ProcessingGroup.class);
        return group != null && DeadLetters.PROCESSORS.contains(String.valueOf(group.get("value")));
    }

    private static void rollback(Connection connection, Savepoint savepoint, Throwable failure) {
        try {
            connection.rollback(savepoint);
        } catch (SQLException e) {
            // The connection is gone: the batch fails as a whole (a transient failure), and is retried.
            failure.addSuppressed(e);
        }
    }
}
