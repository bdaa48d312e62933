package io.tandem.app.config;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import io.tandem.api.MetadataKeys;
import io.tandem.api.WorkspaceScoped;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.jpa.EntityManagerProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.queryhandling.LoggingQueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryBusSpanFactory;
import org.axonframework.queryhandling.QueryInvocationErrorHandler;
import org.axonframework.queryhandling.QueryUpdateEmitter;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.RevisionResolver;
import org.axonframework.serialization.jackson3.Jackson3Serializer;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.springboot.TokenStoreProperties;
import org.axonframework.springboot.util.RegisterDefaultEntities;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;

@Configuration(proxyBeanMethods = false)
class AxonConfig {

    /**
     * Keeps each workspace's events in order while letting different workspaces be handled in parallel;
     * events of other aggregates fall back to per-aggregate ordering.
     */
    @Bean
    SequencingPolicy<EventMessage<?>> workspaceSequencingPolicy() {
        SequentialPerAggregatePolicy fallback = SequentialPerAggregatePolicy.instance();
        return event -> event.getPayload() instanceof WorkspaceScoped scoped
                ? scoped.workspaceId().toString()
                : fallback.getSequenceIdentifierFor(event);
    }

    /**
     * A failing projection must never skip an event silently: the processor retries the batch (with back-off)
     * until the handler succeeds, or the event lands in the dead-letter queue where one is configured.
     */
    @Bean
    ConfigurerModule propagateHandlerErrors() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance()));
    }

    /**
     * Lets Axon's Jackson 3 serializers read back the {@code ReplayToken} that a reset
     * ({@link org.axonframework.eventhandling.StreamingEventProcessor#resetTokens()}) stores: its reset context is
     * typed {@code Object}, and Jackson 3 refuses a polymorphic {@code Object} unless told which classes may appear
     * there, so a processor reset for a replay could never claim its segment again. Only Axon's own classes, plain
     * JDK values and ours may; Tandem's messages carry no other polymorphic types.
     */
    @Bean
    Jackson3SerializerCustomizer replayableTokens() {
        return mapper -> mapper.polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder()
                .allowIfSubType("org.axonframework.")
                .allowIfSubType("io.tandem.")
                .allowIfSubType("java.lang.")
                .allowIfSubType("java.util.")
                .allowIfSubType("java.time.")
                .build());
    }

    /**
     * The serializer of commands, queries and their answers, which cross Axon Server serialized. It writes type
     * information where a value's declared type does not say what it is, above all the elements of a list answered to
     * a multiple-instances query ({@code List<CategoryView>} would otherwise come back as a list of maps). Events and
     * tokens keep their own serializers: their stored form does not change.
     */
    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer(RevisionResolver revisionResolver, Jackson3SerializerCustomizer customizer) {
        return Jackson3Serializer.builder()
                .revisionResolver(revisionResolver)
                .jsonMapperBuilderCustomizer(customizer)
                .defaultTyping()
                .build();
    }

    /**
     * Records which message caused each message ({@code causationId}) and the first one of its chain
     * ({@code traceId}). Axon's default key for the cause is {@code correlationId}, which would overwrite the
     * request's correlation id on every event; the audit history needs the request's.
     */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider(MetadataKeys.CAUSATION_ID, MetadataKeys.TRACE_ID);
    }

    /**
     * Copies who did it, the request it came with, and which offline client operation it was (and when the client
     * made it), from a command to its events.
     */
    @Bean
    CorrelationDataProvider actorCorrelationDataProvider() {
        return new SimpleCorrelationDataProvider(MetadataKeys.USER_ID, MetadataKeys.CORRELATION_ID,
                MetadataKeys.CLIENT_OPERATION_ID, MetadataKeys.CLIENT_TIMESTAMP);
    }

    /**
     * The embedded event store as Axon's auto-configuration builds it, but polling the database for events of other
     * replicas every {@code tandem.event-store.fetch-delay} instead of every second: projections then follow
     * within milliseconds, which every write's read-your-writes answer waits for. It keeps the latest
     * {@code tandem.event-store.cached-events} events in memory for the processors that follow the head (Axon's
     * default is 10 000): each carries its tracking token, whose gaps run to hundreds while many writes commit at
     * once, and 10 000 of them filled the 256 MiB heap during a 10 000-task import. Its consumers also hear of
     * events committed by a transaction wider than their unit of work ({@link CommitAwareEventStore}).
     */
    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                  @Value("${tandem.event-store.fetch-delay:PT0.05S}") Duration fetchDelay,
                                  @Value("${tandem.event-store.cached-events:1000}") int cachedEvents) {
        return new CommitAwareEventStore(EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(fetchDelay.toMillis())
                .cachedEvents(cachedEvents));
    }

    /**
     * The query bus as Axon's auto-configuration builds it, less the transaction it opens around every query. Queries
     * only read, and under PostgreSQL's READ COMMITTED each statement sees its own snapshot with or without one, so
     * the transaction bought nothing but a BEGIN and a COMMIT on each of the several queries a request makes (the
     * event store opens its own where it needs one).
     */
    @Bean
    @Qualifier("localSegment")
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false")
    SimpleQueryBus queryBus(org.axonframework.config.Configuration configuration) {
        return SimpleQueryBus.builder()
                .messageMonitor(configuration.messageMonitor(QueryBus.class, "queryBus"))
                .errorHandler(configuration.getComponent(QueryInvocationErrorHandler.class,
                        () -> LoggingQueryInvocationErrorHandler.builder().build()))
                .queryUpdateEmitter(configuration.getComponent(QueryUpdateEmitter.class))
                .spanFactory(configuration.getComponent(QueryBusSpanFactory.class))
                .build();
    }

    /**
     * Axon's JDBC token store on the {@code token_entry} table Flyway creates (the JPA token store's table: same
     * columns, snake-cased). Each processor writes its token once per batch; through JPA that was an HQL update
     * parsed and bound by Hibernate on every batch, a tenth of all the processors' time under load. It joins the
     * batch's Spring transaction through the connection Spring binds to it, so a token still commits with the read
     * model changes it covers. Axon Server mode keeps it: tokens stay in PostgreSQL there too.
     */
    @Bean
    TokenStore tokenStore(DataSource dataSource, Serializer serializer, TokenStoreProperties properties,
                          @Value("${tandem.node-id:}") String configuredNodeId) {
        // Who owns a claimed segment. Axon's default is the JVM's pid@host, which two replicas share when they run
        // in one JVM (the tests do) or as process 1 of containers with one host name: both would then believe they
        // own every segment and handle each event twice, each telling the sync log's listeners in its own order.
        String nodeId = configuredNodeId.isBlank()
                ? ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID() : configuredNodeId;
        return JdbcTokenStore.builder()
                .connectionProvider(new UnitOfWorkAwareConnectionProviderWrapper(
                        new SpringDataSourceConnectionProvider(dataSource)))
                .schema(TokenSchema.builder()
                        .setTokenTable("token_entry")
                        .setProcessorNameColumn("processor_name")
                        .setSegmentColumn("segment")
                        .setTokenColumn("token")
                        .setTokenTypeColumn("token_type")
                        .setTimestampColumn("timestamp")
                        .setOwnerColumn("owner")
                        .build())
                .serializer(serializer)
                .contentType(byte[].class)
                .claimTimeout(properties.getClaimTimeout())
                .nodeId(nodeId)
                .build();
    }

    /** An in-memory token store would replay every event on each restart; refuse to start with one. */
    @Bean
    SmartInitializingSingleton verifyDurableTokenStore(TokenStore tokenStore) {
        return () -> {
            if (!(tokenStore instanceof JdbcTokenStore)) {
                throw new IllegalStateException("Tandem needs the JDBC token store on PostgreSQL, but found "
                        + tokenStore.getClass().getName());
            }
        };
    }

    /*
     * The events in the main database. Declaring the storage engine switches off Axon's JPA event-store
     * auto-configuration, which is also what registers Axon's event entities with JPA; they are registered here
     * instead, and only in this mode (with Axon Server or an event store of its own, JPA knows no event table).
     */
    @Configuration(proxyBeanMethods = false)
    @Conditional(EventStoreLocation.InMainDatabase.class)
    @RegisterDefaultEntities(packages = "org.axonframework.eventsourcing.eventstore.jpa")
    static class MainDatabaseEventStore {

        /**
         * Axon's JPA storage engine, declared here because declaring the event store turns its auto-configuration off,
         * with a tracking fetch that does not scan the event table when the token has gaps (see
         * {@link BoundedFetchJpaEventStorageEngine}).
         */
        @Bean
        EventStorageEngine eventStorageEngine(Serializer defaultSerializer, PersistenceExceptionResolver exceptionResolver,
                                              @Qualifier("eventSerializer") Serializer eventSerializer,
                                              org.axonframework.config.Configuration configuration,
                                              EntityManagerProvider entityManagerProvider,
                                              TransactionManager transactionManager) {
            return new BoundedFetchJpaEventStorageEngine(JpaEventStorageEngine.builder()
                    .snapshotSerializer(defaultSerializer)
                    .upcasterChain(configuration.upcasterChain())
                    .persistenceExceptionResolver(exceptionResolver)
                    .eventSerializer(eventSerializer)
                    .snapshotFilter(configuration.snapshotFilter())
                    .entityManagerProvider(entityManagerProvider)
                    .transactionManager(transactionManager));
        }
    }
}
