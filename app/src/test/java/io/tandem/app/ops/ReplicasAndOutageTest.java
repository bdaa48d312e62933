package io.tandem.app.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.OwnInstance;
import io.tandem.app.support.PrivateRedis;
import io.tandem.app.support.SplitEventStore;
import io.tandem.app.support.TestDependencies;
import io.tandem.app.support.TestDependencyInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two replicas on one Redis of the test's own (started here on a free port): a user's request budget is shared
 * between them; correlation ids reach the events and the ECS log lines; and when that Redis stops, {@code /health}
 * answers 503 naming it while requests go on, unlimited.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReplicasAndOutageTest {

    private static final String DATABASE = "tandem_ops_replica_test";
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path redisData;

    @Test
    void limitsHoldAcrossReplicasAndHealthReportsAStoppedRedis(CapturedOutput output) throws Exception {
        TestDependencyInitializer.recreateDatabase(DATABASE);
        PrivateRedis redis = PrivateRedis.start(redisData);
        String prefix = "replicas-" + UUID.randomUUID() + ":";
        // Cached test contexts of this JVM keep logging initialized, which a new application would not redo.
        LoggingSystem.get(getClass().getClassLoader()).cleanUp();
        try (redis;
             ConfigurableApplicationContext first = start(redis.url(), prefix);
             ConfigurableApplicationContext second = start(redis.url(), prefix)) {
            ApiClient a = OwnInstance.client(first);
            ApiClient b = OwnInstance.client(second);

            String limited = register(a, "limited");
            List<ApiClient> alternating = List.of(a, b, a, b, a, b);
            for (int i = 0; i < 6; i++) {
                ApiClient.Response r = alternating.get(i).get("/api/v1/auth/me", limited);
                assertThat(r.status()).as("request %d: %s", i + 1, r).isEqualTo(200);
                assertThat(r.header("RateLimit-Remaining")).isEqualTo(String.valueOf(5 - i));
            }
            OpsApiTest.assertProblem(a.get("/api/v1/auth/me", limited), 429);
            OpsApiTest.assertProblem(b.get("/api/v1/auth/me", limited), 429);

            String writer = register(b, "writer");
            String correlation = "ops-corr-" + UUID.randomUUID();
            ApiClient.Response workspace = a.request("POST", "/api/v1/workspaces").token(writer)
                    .header("X-Correlation-Id", correlation).json(Map.of("name", "Traced")).send();
            assertThat(workspace.status()).isEqualTo(201);
            assertThat(workspace.header("X-Correlation-Id")).isEqualTo(correlation);
            assertThat(eventMetadataContaining(correlation)).as("events carry the request's correlation id")
                    .isGreaterThanOrEqualTo(1);

            assertThat(a.get("/health", null).status()).isEqualTo(200);
            redis.stop();

            String healthCorrelation = "ops-health-" + UUID.randomUUID();
            ApiClient.Response health = a.request("GET", "/health").header("X-Correlation-Id", healthCorrelation).send();
            assertThat(health.status()).as(health.toString()).isEqualTo(503);
            JsonNode body = health.json();
            assertThat(body.get("status").asString()).isEqualTo("unhealthy");
            assertThat(body.at("/services/redis").asString()).isEqualTo("down");
            assertThat(body.at("/services/database").asString()).isEqualTo("up");
            assertThat(body.at("/services/elasticsearch").asString()).isEqualTo("up");
            assertThat(body.at("/services/eventStore").asString()).isEqualTo("up");
            assertThat(b.get("/ready", null).status()).as("readiness does not follow dependencies").isEqualTo(200);

            // The limiter fails open: the user is served again (without RateLimit headers), on both replicas.
            ApiClient.Response open = b.get("/api/v1/auth/me", writer);
            assertThat(open.status()).isEqualTo(200);
            assertThat(open.header("RateLimit-Limit")).isNull();

            // ECS JSON lines, with the request's correlation id on the line it logged.
            assertThat(output.getOut().lines()
                    .filter(line -> line.contains("Health check of redis failed"))
                    .filter(line -> line.startsWith("{") && line.contains("\"@timestamp\""))
                    .anyMatch(line -> line.contains("\"correlationId\":\"" + healthCorrelation + "\"")))
                    .as("an ECS line of the failed Redis check with the request's correlation id").isTrue();
        }
    }

    private static ConfigurableApplicationContext start(String redisUrl, String prefix) {
        return OwnInstance.start(DATABASE, Map.of(
                "spring.data.redis.url", redisUrl,
                "tandem.redis.key-prefix", prefix,
                "tandem.rate-limit.api-requests", "6",
                "logging.structured.format.console", "ecs"));
    }

    private static String register(ApiClient api, String name) {
        String email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        ApiClient.Response r = api.post("/api/v1/auth/register",
                Map.of("email", email, "password", PASSWORD, "name", name), null);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("accessToken").asString();
    }

    private static long eventMetadataContaining(String text) throws Exception {
        // In the split-store run the events are in the database of their own beside the main one.
        String events = SplitEventStore.enabled() ? SplitEventStore.eventsUrl(TestDependencyInitializer.jdbcUrl(DATABASE))
                : TestDependencyInitializer.jdbcUrl(DATABASE);
        try (Connection c = DriverManager.getConnection(events, TestDependencies.username(), TestDependencies.password());
             ResultSet rs = c.createStatement().executeQuery("select count(*) from domain_event_entry "
                     + "where position('" + text + "' in convert_from(meta_data, 'UTF8')) > 0")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
