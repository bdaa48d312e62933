package io.tandem.app.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.api.sync.SyncConflict;
import io.tandem.api.sync.SyncConflictListener;
import io.tandem.api.sync.SyncLogListener;
import io.tandem.api.sync.SyncOperation;
import io.tandem.app.support.ApiClient;
import io.tandem.app.support.LiveClient;
import io.tandem.app.support.OwnInstance;
import io.tandem.app.support.TestDependencyInitializer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two replicas on one database and one Redis, as behind a load balancer: what the sync log of one replica appends
 * reaches the members connected to the other, presence crosses over too, and a conflict reaches the pusher on
 * whichever replica they are connected.
 */
class LiveReplicasTest {

    private static final String PASSWORD = "correct horse battery";

    @Test
    void framesPublishedOnOneReplicaReachClientsOfTheOther() {
        String database = System.getenv().getOrDefault("TANDEM_TEST_DATABASE", "tandem_test") + "_replicas";
        TestDependencyInitializer.recreateDatabase(database);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Map<String, Object> shared = Map.of(
                "tandem.redis.key-prefix", "tandem-replicas-" + UUID.randomUUID() + ":",
                "tandem.auth.jwt-secret", Base64.getEncoder().encodeToString(secret));

        try (ConfigurableApplicationContext a = OwnInstance.start(database, shared);
             ConfigurableApplicationContext b = OwnInstance.start(database, shared)) {
            ApiClient apiA = OwnInstance.client(a);
            ApiClient apiB = OwnInstance.client(b);
            JsonNode owner = register(apiA, "Ada");
            JsonNode member = register(apiB, "Ben");
            String ownerToken = owner.get("accessToken").asString();
            UUID ownerId = UUID.fromString(owner.get("user").get("id").asString());
            String workspace = apiA.post("/api/v1/workspaces", Map.of("name", "Spread"), ownerToken)
                    .json().get("id").asString();
            assertThat(apiA.post("/api/v1/workspaces/" + workspace + "/invite",
                    Map.of("email", member.get("user").get("email").asString(), "role", "member"), ownerToken)
                    .status()).isEqualTo(201);
            JsonNode task = apiA.post("/api/v1/workspaces/" + workspace + "/tasks", Map.of("title", "Everywhere"),
                    ownerToken).json();

            try (LiveClient onB = LiveClient.connect(OwnInstance.port(b), member.get("accessToken").asString());
                 LiveClient onA = LiveClient.connect(OwnInstance.port(a), ownerToken)) {
                String memberId = member.get("user").get("id").asString();
                onB.send("join_workspace", Map.of("workspaceId", workspace));
                onB.await("user_presence", p -> p.get("userId").asString().equals(memberId));
                onA.send("join_workspace", Map.of("workspaceId", workspace));
                onA.await("user_presence", p -> p.get("userId").asString().equals(ownerId.toString()));
                onB.await("user_presence", p -> p.get("userId").asString().equals(ownerId.toString())
                        && p.get("status").asString().equals("online"));
                onA.await("user_presence", p -> p.get("userId").asString().equals(memberId));

                SyncOperation created = LiveSocketTest.create(task, ownerId);
                a.getBean(SyncLogListener.class).appended(created);
                JsonNode frame = onB.await("task_created",
                        p -> p.get("id").asString().equals(task.get("id").asString())).get("payload");
                assertThat(frame.get("title").asString()).isEqualTo("Everywhere");
                onA.await("task_created", p -> p.get("id").asString().equals(task.get("id").asString()));

                SyncOperation updated = LiveSocketTest.operation("update", "task", created.entityId(),
                        Map.of("title", "Still everywhere"), 2, ownerId, created.workspaceId(), "TaskFieldsChangedEvent");
                b.getBean(SyncLogListener.class).appended(updated);
                onA.await("task_updated", p -> p.get("token").asString().equals(updated.token()));

                SyncConflict conflict = new SyncConflict(UUID.randomUUID(), "task", created.entityId(),
                        List.of("title"), Map.of("title", "Server"), Map.of("title", "Client"), 1L, 2L);
                a.getBean(SyncConflictListener.class).detected(UUID.fromString(memberId), created.workspaceId(),
                        created.entityId(), List.of(conflict));
                onB.await("conflict_detected", p -> p.get("taskId").asString().equals(created.entityId().toString()));

                // A's own client hears the frame that follows the conflict, and never the conflict itself.
                SyncOperation marker = LiveSocketTest.operation("delete", "task", created.entityId(), Map.of(), 3,
                        ownerId, created.workspaceId(), "TaskDeletedEvent");
                a.getBean(SyncLogListener.class).appended(marker);
                onA.await("task_deleted", p -> p.get("token").asString().equals(marker.token()));
                assertThat(onA.all("conflict_detected")).isEmpty();

                onB.close();
                onA.await("user_presence", p -> p.get("userId").asString().equals(memberId)
                        && p.get("status").asString().equals("offline"));

                // A logout on A ends the session's socket on B at once, and its token on both.
                String memberToken = member.get("accessToken").asString();
                try (LiveClient again = LiveClient.connect(OwnInstance.port(b), memberToken)) {
                    again.send("join_workspace", Map.of("workspaceId", workspace));
                    again.await("user_presence", p -> p.get("userId").asString().equals(memberId));
                    assertThat(apiA.post("/api/v1/auth/logout", Map.of("refreshToken",
                            member.get("refreshToken").asString()), memberToken).status()).isEqualTo(204);
                    assertThat(again.closed.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join())
                            .isEqualTo(1008);
                    assertThat(apiB.get("/api/v1/auth/me", memberToken).status()).isEqualTo(401);
                    assertThat(apiA.get("/api/v1/auth/me", memberToken).status()).isEqualTo(401);
                }
            }
        }
    }

    private static JsonNode register(ApiClient api, String name) {
        String email = name.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        ApiClient.Response r = api.post("/api/v1/auth/register", Map.of("email", email, "password", PASSWORD,
                "name", name), null);
        assertThat(r.status()).as("register: %s", r).isEqualTo(201);
        return r.json();
    }

}
