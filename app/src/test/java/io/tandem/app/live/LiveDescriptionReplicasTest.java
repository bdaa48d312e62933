package io.tandem.app.live;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.DescriptionEditor;
import io.tandem.app.support.LiveClient;
import io.tandem.app.support.OwnInstance;
import io.tandem.app.support.TestDependencyInitializer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Four editors of one description spread over two replicas (one database, one Redis, as behind a load balancer):
 * each gets its acks and the others' operations from whichever replica applied them, and all converge.
 */
class LiveDescriptionReplicasTest {

    private static final String PASSWORD = "correct horse battery";

    @Test
    void editorsOnTwoReplicasConvergeOnTheServersText() {
        String database = System.getenv().getOrDefault("TANDEM_TEST_DATABASE", "tandem_test") + "_ot_replicas";
        TestDependencyInitializer.recreateDatabase(database);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Map<String, Object> shared = Map.of(
                "tandem.redis.key-prefix", "tandem-ot-replicas-" + UUID.randomUUID() + ":",
                "tandem.auth.jwt-secret", Base64.getEncoder().encodeToString(secret));
        try (ConfigurableApplicationContext a = OwnInstance.start(database, shared);
             ConfigurableApplicationContext b = OwnInstance.start(database, shared)) {
            List<ConfigurableApplicationContext> replicas = List.of(a, b);
            ApiClient api = OwnInstance.client(a);
            JsonNode ann = register(api, "Ann");
            JsonNode bob = register(OwnInstance.client(b), "Bob");
            String annToken = ann.get("accessToken").asString();
            String workspace = api.post("/api/v1/workspaces", Map.of("name", "Spread"), annToken).json().get("id")
                    .asString();
            api.post("/api/v1/workspaces/" + workspace + "/invite",
                    Map.of("email", bob.get("user").get("email").asString(), "role", "member"), annToken);
            String task = api.post("/api/v1/workspaces/" + workspace + "/tasks",
                    Map.of("title", "Shared", "description", "Hello"), annToken).json().get("id").asString();
            String description = "/api/v1/workspaces/" + workspace + "/tasks/" + task + "/description";

            List<LiveClient> sockets = new ArrayList<>();
            List<DescriptionEditor> editors = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    JsonNode who = i % 2 == 0 ? ann : bob;
                    ConfigurableApplicationContext replica = replicas.get(i / 2 % 2 == 0 ? i % 2 : 1 - i % 2);
                    String token = who.get("accessToken").asString();
                    String userId = who.get("user").get("id").asString();
                    LiveClient socket = LiveClient.connect(OwnInstance.port(replica), token);
                    sockets.add(socket);
                    socket.send("join_workspace", Map.of("workspaceId", workspace));
                    socket.await("user_presence", p -> p.get("userId").asString().equals(userId));
                    JsonNode start = OwnInstance.client(replica).get(description, token).json();
                    DescriptionEditor editor = new DescriptionEditor(socket, task, start.get("text").asString(),
                            start.get("revision").asLong(), 21 + i);
                    editor.sync();
                    editors.add(editor);
                }
                JsonNode server = LiveDescriptionTest.typeTogether(editors, () -> api.get(description, annToken).json());
                LiveDescriptionTest.assertConverged(editors, server, "Hello",
                        since -> OwnInstance.client(b).get(description + "/ops?since=" + since, annToken).json());
            } finally {
                sockets.forEach(LiveClient::close);
            }
        }
    }

    private static JsonNode register(ApiClient api, String name) {
        String email = name.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        return api.post("/api/v1/auth/register", Map.of("email", email, "password", PASSWORD, "name", name), null)
                .json();
    }
}
