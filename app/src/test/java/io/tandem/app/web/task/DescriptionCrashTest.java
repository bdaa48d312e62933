package io.tandem.app.web.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.tandem.api.task.EditTaskDescriptionCommand;
import io.tandem.app.support.ApiClient;
import io.tandem.app.support.CrashAfterCommitConfiguration;
import io.tandem.app.support.ServerJvm;
import io.tandem.app.support.TestDependencyInitializer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The server dies (halted) after the event store committed a description operation and before anything read it or
 * answered: the editor sends the same {@code (clientId, seq)} again to a new process and gets the revision it
 * produced, applied once.
 */
class DescriptionCrashTest {

    private static final String DATABASE = "tandem_description_crash_test";
    private static final String PASSWORD = "correct horse battery";

    @Test
    void anOperationResentAfterTheServerDiedBetweenCommitAndAckAnswersTheSameRevision() throws Exception {
        TestDependencyInitializer.recreateDatabase(DATABASE);
        String email = "ot-crash-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        UUID clientId = UUID.randomUUID();
        String haltAfter = new EditTaskDescriptionCommand(null, null, 0, null, clientId, 2).operationId().toString();
        String ops;
        String task;

        int port = ServerJvm.freePort();
        Process dying = ServerJvm.start(DATABASE, port, haltAfter);
        try {
            ApiClient api = ServerJvm.awaitUp(port, dying);
            String token = api.post("/api/v1/auth/register", Map.of("email", email, "password", PASSWORD,
                    "name", "Crash"), null).json().get("accessToken").asString();
            String workspace = api.post("/api/v1/workspaces", Map.of("name", "Crash"), token).json().get("id").asString();
            task = api.post("/api/v1/workspaces/" + workspace + "/tasks", Map.of("title", "T", "description", "abc"),
                    token).json().get("id").asString();
            ops = "/api/v1/workspaces/" + workspace + "/tasks/" + task + "/description/ops";
            ApiClient.Response first = api.post(ops, edit(0, List.of(3, "d"), clientId, 1), token);
            assertThat(first.json().get("revision").asLong()).isEqualTo(1);
            assertThatThrownBy(() -> api.post(ops, edit(1, List.of(4, "e"), clientId, 2), token))
                    .as("the server dies before answering").isInstanceOf(IllegalStateException.class);
            assertThat(dying.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(dying.exitValue()).isEqualTo(CrashAfterCommitConfiguration.EXIT_CODE);
        } finally {
            dying.destroyForcibly();
        }

        port = ServerJvm.freePort();
        Process again = ServerJvm.start(DATABASE, port, null);
        try {
            ApiClient api = ServerJvm.awaitUp(port, again);
            String token = api.post("/api/v1/auth/login", Map.of("email", email, "password", PASSWORD), null)
                    .json().get("accessToken").asString();
            ApiClient.Response resent = api.post(ops, edit(1, List.of(4, "e"), clientId, 2), token);
            assertThat(resent.status()).as(resent.toString()).isEqualTo(200);
            assertThat(resent.json().get("revision").asLong()).isEqualTo(2);
            assertThat(resent.json().get("duplicate").asBoolean()).isTrue();
            JsonNode description = api.get(ops.replace("/ops", ""), token).json();
            assertThat(description.get("text").asString()).isEqualTo("abcde");
            assertThat(description.get("revision").asLong()).isEqualTo(2);
            assertThat(ServerJvm.count(ServerJvm.eventsUrl(DATABASE),
                    "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = '" + task + "'"))
                    .as("created, then two edits, each once").isEqualTo(3);
        } finally {
            again.destroy();
            if (!again.waitFor(30, TimeUnit.SECONDS)) {
                again.destroyForcibly();
            }
        }
    }

    private static Map<String, Object> edit(long revision, List<Object> op, UUID clientId, long seq) {
        return Map.of("revision", revision, "op", op, "clientId", clientId.toString(), "seq", seq);
    }
}
