package io.tandem.app.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.CrashAfterCommitConfiguration;
import io.tandem.app.support.ServerJvm;
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

        int port = ServerJvm.freePort();
        Process dying = ServerJvm.start(DATABASE, port, secondOp);
        try {
            ApiClient api = ServerJvm.awaitUp(port, dying);
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
        assertThat(ServerJvm.count(ServerJvm.eventsUrl(DATABASE),
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = '" + second + "'"))
                .as("the event store committed the second operation").isEqualTo(1);
        assertThat(ServerJvm.count(TestDependencyInitializer.jdbcUrl(DATABASE),
                "SELECT count(*) FROM sync_log WHERE client_operation_id = '" + secondOp + "'"))
                .as("the read side did not").isZero();

        port = ServerJvm.freePort();
        Process again = ServerJvm.start(DATABASE, port, null);
        try {
            ApiClient api = ServerJvm.awaitUp(port, again);
            String login = api.post("/api/v1/auth/login", Map.of("email", email, "password", PASSWORD), null)
                    .json().get("accessToken").asString();
            ApiClient.Response retry = api.post(pushPath, Map.of("operations", operations), login);
            assertThat(retry.status()).as("retry: %s", retry).isEqualTo(200);
            JsonNode results = retry.json().get("results");
            assertThat(results.get(0).get("status").asString()).isEqualTo("duplicate");
            assertThat(results.get(1).get("status").asString()).isEqualTo("duplicate");
            assertThat(results.get(1).get("version").asLong()).isEqualTo(1);
            assertThat(results.get(1).get("entityId").asString()).isEqualTo(second.toString());
            assertThat(ServerJvm.count(ServerJvm.eventsUrl(DATABASE),
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = '" + second + "'"))
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
}
