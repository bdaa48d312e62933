package io.tandem.app.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.CrashAfterCommitConfiguration;
import io.tandem.app.support.SplitEventStore;
import io.tandem.app.support.TestDependencies;
import io.tandem.app.support.TestDependencyInitializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The server process dies (halted, no shutdown hooks) after the event store committed a push's operation and before
 * the read side committed it (CrashAfterCommitConfiguration), so before the push was answered. The client never saw
 * an answer, so it pushes again to a new process: the operation is a duplicate with the version it produced, and its
 * event exists once. In the split-store run the events are in a database of their own, as with Axon Server.
 */
class SyncCrashTest {

    private static final String DATABASE = "tandem_sync_crash_test";
    private static final String PASSWORD = "correct horse battery";

    @Test
    void aPushRetriedAfterTheServerWasKilledBetweenCommitAndAnswerIsADuplicate() throws Exception {
        TestDependencyInitializer.recreateDatabase(DATABASE);
        String email = "crash-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String firstOp = UUID.randomUUID().toString();
        String secondOp = UUID.randomUUID().toString();
        List<Map<String, Object>> operations = List.of(
                operation(firstOp, first, "Before the crash"),
                operation(secondOp, second, "Committed, never answered"));
        String pushPath;
        String token;

        int port = freePort();
        Process dying = start(port, secondOp);
        try {
            ApiClient api = awaitUp(port, dying);
            token = api.post("/api/v1/auth/register", Map.of("email", email, "password", PASSWORD, "name", "Crash"), null)
                    .json().get("accessToken").asString();
            UUID workspace = UUID.fromString(api.post("/api/v1/workspaces", Map.of("name", "Crash"), token)
                    .json().get("id").asString());
            pushPath = "/api/v1/workspaces/" + workspace + "/sync/push";
            assertThatThrownBy(() -> api.post(pushPath, Map.of("operations", operations), token))
                    .as("the server dies before answering").isInstanceOf(IllegalStateException.class);
            assertThat(dying.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(dying.exitValue()).as("halted by the test hook")
                    .isEqualTo(CrashAfterCommitConfiguration.EXIT_CODE);
        } finally {
            dying.destroyForcibly();
        }
        assertThat(count(eventsUrl(), "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = '" + second + "'"))
                .as("the event store committed the second operation").isEqualTo(1);
        assertThat(count(TestDependencyInitializer.jdbcUrl(DATABASE),
                "SELECT count(*) FROM sync_log WHERE client_operation_id = '" + secondOp + "'"))
                .as("the read side did not").isZero();

        port = freePort();
        Process again = start(port, null);
        try {
            ApiClient api = awaitUp(port, again);
            String login = api.post("/api/v1/auth/login", Map.of("email", email, "password", PASSWORD), null)
                    .json().get("accessToken").asString();
            ApiClient.Response retry = api.post(pushPath, Map.of("operations", operations), login);
            assertThat(retry.status()).as("retry: %s", retry).isEqualTo(200);
            JsonNode results = retry.json().get("results");
            assertThat(results.get(0).get("status").asString()).isEqualTo("duplicate");
            assertThat(results.get(1).get("status").asString()).isEqualTo("duplicate");
            assertThat(results.get(1).get("version").asLong()).isEqualTo(1);
            assertThat(results.get(1).get("entityId").asString()).isEqualTo(second.toString());
            assertThat(count(eventsUrl(), "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = '" + second + "'"))
                    .as("the task was created once").isEqualTo(1);
            String workspacePath = pushPath.replace("/sync/push", "");
            assertThat(api.get(workspacePath + "/tasks/" + second, login).json().get("title").asString())
                    .isEqualTo("Committed, never answered");
        } finally {
            again.destroy();
            if (!again.waitFor(30, TimeUnit.SECONDS)) {
                again.destroyForcibly();
            }
        }
    }

    private static Map<String, Object> operation(String id, UUID taskId, String title) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("id", id);
        op.put("type", "create");
        op.put("entityType", "task");
        op.put("entityId", taskId.toString());
        op.put("data", Map.of("title", title));
        op.put("baseVersion", null);
        op.put("timestamp", System.currentTimeMillis());
        return op;
    }

    /** Starts the application as its own JVM, on this test's database. */
    private static Process start(int port, String haltAfter) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.tandem.app.TandemApplication"));
        Map<String, Object> properties = new LinkedHashMap<>(TestDependencyInitializer.properties());
        properties.put("spring.datasource.url", TestDependencyInitializer.jdbcUrl(DATABASE));
        properties.put("server.port", port);
        if (haltAfter != null) {
            properties.put(CrashAfterCommitConfiguration.PROPERTY, haltAfter);
        }
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        File log = new File("target/sync-crash-" + port + ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    private static ApiClient awaitUp(int port, Process process) {
        ApiClient api = new ApiClient(port);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            assertThat(process.isAlive()).as("the server process is running").isTrue();
            return api.get("/api/v1/auth/me", null).status() == 401;
        });
        return api;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Where this test's events are: the main database, or the events' own in the split-store run. */
    private static String eventsUrl() {
        String main = TestDependencyInitializer.jdbcUrl(DATABASE);
        return SplitEventStore.enabled() ? SplitEventStore.eventsUrl(main) : main;
    }

    private static long count(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url,
                TestDependencies.username(), TestDependencies.password());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
