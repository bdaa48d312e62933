package io.tandem.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import io.tandem.app.TandemApplication;
import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiTestBase;
import io.tandem.app.support.OwnInstance;
import io.tandem.app.support.SplitEventStore;
import io.tandem.app.support.TestDependencies;
import io.tandem.app.support.TestDependencyInitializer;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.EntityType;
import org.axonframework.axonserver.connector.command.AxonServerCommandBus;
import org.axonframework.axonserver.connector.event.axon.AxonServerEventStore;
import org.axonframework.axonserver.connector.query.AxonServerQueryBus;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.JpaEventStorageEngine;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jpa.JpaSagaStore;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Which event store and buses the application wires: PostgreSQL and local buses by default, Axon Server once
 * {@code axon.axonserver.servers} is set; PostgreSQL keeps the tokens and sagas in both modes.
 */
@DisabledIfSystemProperty(named = SplitEventStore.PROPERTY, matches = "true",
        disabledReason = "checks each mode's own wiring; the split-store run adds test buses in front")
class AxonModeSelectionTest extends ApiTestBase {

    @Autowired
    private ApplicationContext context;

    @Test
    void withoutAxonServerEventsGoToPostgresThroughJpaAndTheBusesAreLocal() {
        assertThat(context.getEnvironment().getActiveProfiles()).doesNotContain(AxonServerProfile.PROFILE);
        assertThat(context.getBean(EventStore.class)).isInstanceOf(EmbeddedEventStore.class);
        assertThat(context.getBean(EventBus.class)).isSameAs(context.getBean(EventStore.class));
        assertThat(context.getBean(EventStorageEngine.class)).isInstanceOf(JpaEventStorageEngine.class);
        assertThat(context.getBean(CommandBus.class)).isInstanceOf(SimpleCommandBus.class);
        assertThat(context.getBean(QueryBus.class)).isInstanceOf(SimpleQueryBus.class);
        assertPostgresKeepsTokensAndSagas(context);
    }

    @Test
    void withAxonServerServersSetTheEventStoreAndBusesGoToAxonServer() throws IOException {
        String database = System.getenv().getOrDefault("TANDEM_TEST_DATABASE", "tandem_test") + "_axonserver";
        TestDependencyInitializer.recreateDatabase(database);
        Map<String, Object> properties = new HashMap<>(TestDependencyInitializer.properties());
        properties.put("spring.datasource.url", TestDependencyInitializer.jdbcUrl(database));
        properties.put("server.port", "0");
        // No Axon Server runs here: a closed local port refuses at once, and the connector keeps retrying in the
        // background.
        properties.put("axon.axonserver.servers", "127.0.0.1:" + closedPort());
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);

        try (ConfigurableApplicationContext axonServerMode =
                     new SpringApplicationBuilder(TandemApplication.class, StartWithoutAServer.class).run(args)) {
            assertThat(axonServerMode.getEnvironment().getActiveProfiles()).contains(AxonServerProfile.PROFILE);
            assertThat(axonServerMode.getEnvironment().getProperty("axon.axonserver.enabled")).isEqualTo("true");
            assertThat(axonServerMode.getBean(EventStore.class)).isInstanceOf(AxonServerEventStore.class);
            assertThat(axonServerMode.getBean(EventBus.class)).isSameAs(axonServerMode.getBean(EventStore.class));
            assertThat(axonServerMode.getBeansOfType(EventStorageEngine.class).values())
                    .noneMatch(JpaEventStorageEngine.class::isInstance);
            assertThat(axonServerMode.getBean(CommandBus.class)).isInstanceOf(AxonServerCommandBus.class);
            assertThat(axonServerMode.getBean(QueryBus.class)).isInstanceOf(AxonServerQueryBus.class);
            assertPostgresKeepsTokensAndSagas(axonServerMode);
            assertThat(jpaEntities(axonServerMode)).as("no bean reaches Axon's JPA event tables")
                    .doesNotContain("DomainEventEntry", "SnapshotEventEntry");
            ApiClient.Response health = OwnInstance.client(axonServerMode).get("/health", null);
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("services").get("eventStore").asString())
                    .as("the event store is the connection to Axon Server, which is not there").isEqualTo("down");
        }
    }

    @Test
    void withAnEventStoreUrlTheEventsGoToADatabaseOfTheirOwnThroughJdbc() throws Exception {
        String database = System.getenv().getOrDefault("TANDEM_TEST_DATABASE", "tandem_test") + "_own_events";
        TestDependencyInitializer.recreateDatabase(database);
        TestDependencyInitializer.recreateDatabase(database + "_store");
        String events = TestDependencyInitializer.jdbcUrl(database + "_store");
        try (ConfigurableApplicationContext ownStore = OwnInstance.start(database,
                Map.of("tandem.event-store.url", events, SplitEventStore.PROPERTY, "false"))) {
            assertThat(ownStore.getBean(EventStore.class)).isInstanceOf(EmbeddedEventStore.class);
            assertThat(ownStore.getBean(EventStorageEngine.class)).isInstanceOf(JdbcEventStorageEngine.class);
            assertThat(jpaEntities(ownStore)).doesNotContain("DomainEventEntry", "SnapshotEventEntry");
            assertPostgresKeepsTokensAndSagas(ownStore);

            ApiClient api = OwnInstance.client(ownStore);
            String token = api.post("/api/v1/auth/register", Map.of("email", "own-" + UUID.randomUUID() + "@example.test",
                    "password", "correct horse battery", "name", "Own"), null).json().get("accessToken").asString();
            String workspace = api.post("/api/v1/workspaces", Map.of("name", "Own store"), token).json().get("id").asString();
            assertThat(api.post("/api/v1/workspaces/" + workspace + "/tasks", Map.of("title", "Stored apart"), token)
                    .status()).isEqualTo(201);
            assertThat(api.get("/api/v1/workspaces/" + workspace + "/sync/pull", token).json().get("operations"))
                    .as("the sync log serves what the events' own database holds").isNotEmpty();
            assertThat(api.get("/health", null).json().get("services").get("eventStore").asString()).isEqualTo("up");

            assertThat(count(events, "select count(*) from domain_event_entry")).as("events in their own database")
                    .isGreaterThanOrEqualTo(3);
            assertThat(count(TestDependencyInitializer.jdbcUrl(database), "select count(*) from domain_event_entry"))
                    .as("none beside the read models").isZero();
        }
    }

    private static Set<String> jpaEntities(ApplicationContext context) {
        return context.getBean(EntityManagerFactory.class).getMetamodel().getEntities().stream()
                .map(EntityType::getName).collect(Collectors.toSet());
    }

    private static long count(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url, TestDependencies.username(), TestDependencies.password());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * A pooled processor's first start asks the event store for its tail to create its tokens, which no server can
     * answer here; tokens at the head need no server, so the context starts and its wiring can be inspected.
     */
    static class StartWithoutAServer {
        @Bean
        ConfigurerModule headTokensWithoutAServer() {
            return configurer -> configurer.eventProcessing(processing -> processing
                    .registerPooledStreamingEventProcessorConfiguration(
                            (configuration, builder) -> builder.initialToken(source -> null)));
        }
    }

    private static void assertPostgresKeepsTokensAndSagas(ApplicationContext context) {
        assertThat(context.getBean(TokenStore.class)).isInstanceOf(JdbcTokenStore.class);
        EventProcessingConfiguration processing = context.getBean(EventProcessingConfiguration.class);
        assertThat(processing.tokenStore("task-list")).isInstanceOf(JdbcTokenStore.class);
        assertThat(processing.tokenStore("workspaces")).isInstanceOf(JdbcTokenStore.class);
        assertThat(context.getBean(SagaStore.class)).isInstanceOf(JpaSagaStore.class);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
