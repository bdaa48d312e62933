package io.tandem.app.restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.OwnInstance;
import io.tandem.app.support.TestDependencies;
import io.tandem.app.support.TestDependencyInitializer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Stops the whole application and starts it again on the same database: data and read models are intact at once,
 * and event processors resume from their stored tokens instead of replaying what they had already processed.
 */
class RestartTest {

    private static final String DATABASE = "tandem_restart_test";
    private static final String PASSWORD = "correct horse battery";

    /** A tracking event handler that only counts what it is given, so a replay would show. */
    @ProcessingGroup("restart-probe")
    static class ReplayProbe {
        static final AtomicInteger handled = new AtomicInteger();

        @EventHandler
        void on(Object event, EventMessage<?> message) {
            handled.incrementAndGet();
        }
    }

    @Test
    void dataSurvivesARestartAndNothingIsReplayed() throws Exception {
        TestDependencyInitializer.recreateDatabase(DATABASE);
        String email = "restart-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        String workspace;
        String taskId;
        JsonNode tasksBefore;
        long eventsBefore;
        String tokenBefore;

        try (ConfigurableApplicationContext first = start()) {
            ApiClient api = OwnInstance.client(first);
            String token = api.post("/api/v1/auth/register", Map.of("email", email, "password", PASSWORD, "name", "Rita"), null)
                    .json().get("accessToken").asString();
            workspace = "/api/v1/workspaces/" + api.post("/api/v1/workspaces", Map.of("name", "Durable"), token)
                    .json().get("id").asString();
            taskId = api.post(workspace + "/tasks", Map.of("title", "Survive"), token).json().get("id").asString();
            api.post(workspace + "/tasks", Map.of("title", "Also survive", "priority", "high"), token);
            api.put(workspace + "/tasks/" + taskId, Map.of("description", "after restart"), token);
            api.post(workspace + "/categories", Map.of("name", "Kept"), token);
            tasksBefore = api.get(workspace + "/tasks?sort=createdAt", token).json();
            eventsBefore = count("select count(*) from domain_event_entry");
            long expected = eventsBefore;
            await().atMost(Duration.ofSeconds(30)).until(() -> ReplayProbe.handled.get() >= expected);
            assertThat(ReplayProbe.handled.get()).isEqualTo(eventsBefore);
        }
        // Read once the instance has stopped: each segment stores its token as it goes, and the last at shutdown.
        tokenBefore = token("task-list");

        ReplayProbe.handled.set(0);
        try (ConfigurableApplicationContext second = start()) {
            ApiClient api = OwnInstance.client(second);
            String token = api.post("/api/v1/auth/login", Map.of("email", email, "password", PASSWORD), null)
                    .json().get("accessToken").asString();

            JsonNode tasksAfter = api.get(workspace + "/tasks?sort=createdAt", token).json();
            assertThat(tasksAfter).isEqualTo(tasksBefore);
            assertThat(api.get(workspace + "/categories", token).json().get("total").asLong()).isEqualTo(1);
            assertThat(token("task-list")).as("task-list resumes from its stored token").isEqualTo(tokenBefore);

            api.post(workspace + "/tasks", Map.of("title", "After restart"), token);
            await().atMost(Duration.ofSeconds(30)).until(() -> ReplayProbe.handled.get() >= 1);
            Thread.sleep(500); // a replay would keep delivering old events to the probe; give it a moment to show
            assertThat(ReplayProbe.handled.get()).as("only the one new event, none of the %d old ones", eventsBefore)
                    .isEqualTo(1);
            assertThat(count("select count(*) from domain_event_entry")).isEqualTo(eventsBefore + 1);
            assertThat(api.get(workspace + "/tasks", token).json().get("total").asLong()).isEqualTo(3);
        }
    }

    private static ConfigurableApplicationContext start() {
        return OwnInstance.start(DATABASE, Map.of(), ReplayProbe.class);
    }

    private static String jdbcUrl() {
        return TestDependencyInitializer.jdbcUrl(DATABASE);
    }

    private static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), TestDependencies.username(), TestDependencies.password());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The processor's tokens, segment by segment. */
    private static String token(String processor) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl(), TestDependencies.username(), TestDependencies.password());
             ResultSet rs = c.createStatement().executeQuery("select segment, encode(token, 'escape') from token_entry"
                     + " where processor_name = '" + processor + "' order by segment")) {
            StringBuilder tokens = new StringBuilder();
            while (rs.next()) {
                tokens.append(rs.getInt(1)).append(": ").append(rs.getString(2)).append('\n');
            }
            return tokens.isEmpty() ? null : tokens.toString();
        }
    }
}
