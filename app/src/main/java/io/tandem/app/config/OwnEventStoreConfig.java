package io.tandem.app.config;

import java.time.Duration;
import java.util.stream.Stream;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLErrorCodesResolver;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The events in a PostgreSQL database of their own ({@code TANDEM_EVENT_STORE_URL}), through Axon's JDBC storage
 * engine: they never share a transaction or a join with the read models, exactly as with Axon Server, which is what
 * CI proves every guarantee against. Commands are handled in the event store's transactions; the processors keep the
 * main database's (their tokens commit with the read models they cover).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EventStoreLocation.InOwnDatabase.class)
class OwnEventStoreConfig {

    @Bean
    OwnEventStoreDatabase eventStoreDatabase(@Value("${tandem.event-store.url}") String url,
                                             @Value("${tandem.event-store.username}") String username,
                                             @Value("${tandem.event-store.password}") String password,
                                             @Value("${tandem.event-store.pool-size}") int poolSize,
                                             @Value("${tandem.event-store.connection-timeout}") Duration connectionTimeout) {
        return new OwnEventStoreDatabase(url, username, password, poolSize, connectionTimeout);
    }

    /**
     * The same tables and columns as the JPA storage's in the main database (db/eventstore mirrors db/migration V1).
     * Like that one it never reads the snapshot table, as Tandem takes no snapshots (see
     * {@link BoundedFetchJpaEventStorageEngine#readSnapshotData}), and its reads that follow the head end at the first
     * short batch ({@link HeadTailingReads}).
     */
    @Bean
    EventStorageEngine eventStorageEngine(OwnEventStoreDatabase database, Serializer defaultSerializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration) throws Exception {
        JdbcEventStorageEngine.Builder builder = JdbcEventStorageEngine.builder()
                .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(
                        new SpringDataSourceConnectionProvider(database.dataSource())))
                .transactionManager(transactionManager(database))
                .persistenceExceptionResolver(new SQLErrorCodesResolver(database.dataSource()))
                .snapshotSerializer(defaultSerializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .dataType(byte[].class)
                .schema(EventSchema.builder()
                        .eventTable("domain_event_entry")
                        .snapshotTable("snapshot_event_entry")
                        .globalIndexColumn("global_index")
                        .timestampColumn("time_stamp")
                        .eventIdentifierColumn("event_identifier")
                        .aggregateIdentifierColumn("aggregate_identifier")
                        .sequenceNumberColumn("sequence_number")
                        .typeColumn("type")
                        .payloadTypeColumn("payload_type")
                        .payloadRevisionColumn("payload_revision")
                        .payloadColumn("payload")
                        .metaDataColumn("meta_data")
                        .build());
        return new JdbcEventStorageEngine(builder) {
            @Override
            protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
                return Stream.empty();
            }

            @Override
            protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken token, boolean mayBlock) {
                return mayBlock
                        ? HeadTailingReads.untilShortBatch(token, batchSize(), this::fetchTrackedEvents)
                        : super.readEventData(token, false);
            }
        };
    }

    /**
     * The command bus as Axon's auto-configuration builds it, but in the event store's transactions: a command's
     * events commit when its unit of work does, and a refused command appends nothing.
     */
    @Bean
    @Qualifier("localSegment")
    SimpleCommandBus commandBus(OwnEventStoreDatabase database, org.axonframework.config.Configuration configuration,
                                DuplicateCommandHandlerResolver duplicateCommandHandlerResolver) {
        SimpleCommandBus commandBus = SimpleCommandBus.builder()
                .transactionManager(transactionManager(database))
                .duplicateCommandHandlerResolver(duplicateCommandHandlerResolver)
                .spanFactory(configuration.getComponent(CommandBusSpanFactory.class))
                .messageMonitor(configuration.messageMonitor(CommandBus.class, "commandBus"))
                .build();
        commandBus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(configuration.correlationDataProviders()));
        return commandBus;
    }

    private static TransactionManager transactionManager(OwnEventStoreDatabase database) {
        return new SpringTransactionManager(database.transactions());
    }
}
