package io.tandem.app.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.OwnInstance;
import io.tandem.app.support.TestDependencyInitializer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Two replicas on one event store, without Axon Server's routing of a task's commands to one of them: each keeps
 * the aggregates it used loaded, and a loaded task that the other replica changed since is read again before it
 * decides anything. Were the cached task used as it was, the replica would see a version or a description revision
 * that it has never heard of and refuse it.
 */
class CachedAggregatesAcrossReplicasTest {

    private static final String PASSWORD = "correct horse battery";

    @Test
    void aTaskChangedOnTheOtherReplicaIsReadAgainBeforeItIsUsed() {
        String database = System.getenv().getOrDefault("TANDEM_TEST_DATABASE", "tandem_test") + "_cached";
        TestDependencyInitializer.recreateDatabase(database);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Map<String, Object> shared = Map.of(
                "tandem.redis.key-prefix", "tandem-cached-" + UUID.randomUUID() + ":",
                "tandem.auth.jwt-secret", Base64.getEncoder().encodeToString(secret));

        try (ConfigurableApplicationContext a = OwnInstance.start(database, shared);
             ConfigurableApplicationContext b = OwnInstance.start(database, shared)) {
            ApiClient apiA = OwnInstance.client(a);
            ApiClient apiB = OwnInstance.client(b);
            String email = "ada-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
            ApiClient.Response registered = apiA.post("/api/v1/auth/register",
                    Map.of("email", email, "password", PASSWORD, "name", "Ada"), null);
            assertThat(registered.status()).as("%s", registered).isEqualTo(201);
            String token = registered.json().get("accessToken").asString();
            String workspace = apiA.post("/api/v1/workspaces", Map.of("name", "Both"), token).json().get("id").asString();
            String tasks = "/api/v1/workspaces/" + workspace + "/tasks";
            String id = apiA.post(tasks, Map.of("title", "First", "description", "hello"), token)
                    .json().get("id").asString();
            String descriptionOps = tasks + "/" + id + "/description/ops";
            // A uses the task (and keeps it), then B changes it twice, by a field and by a description edit.
            assertThat(apiA.put(tasks + "/" + id, Map.of("title", "On A", "version", 1), token).status()).isEqualTo(200);
            ApiClient.Response onB = apiB.put(tasks + "/" + id, Map.of("title", "On B", "version", 2), token);
            assertThat(onB.status()).as("%s", onB).isEqualTo(200);
            UUID clientB = UUID.randomUUID();
            long base = apiB.get(tasks + "/" + id + "/description", token).json().get("revision").asLong();
            ApiClient.Response editOnB = apiB.post(descriptionOps, Map.of("revision", base, "op", List.of(5, " world"),
                    "clientId", clientB.toString(), "seq", 1), token);
            assertThat(editOnB.status()).as("%s", editOnB).isEqualTo(200);
            long revision = editOnB.json().get("revision").asLong();
            assertThat(revision).isEqualTo(base + 1);

            ApiClient.Response onA = apiA.put(tasks + "/" + id, Map.of("title", "On A again", "version", 4), token);
            assertThat(onA.status()).as("A knows B's version 4: %s", onA).isEqualTo(200);
            assertThat(onA.json().get("version").asLong()).isEqualTo(5);
            ApiClient.Response editOnA = apiA.post(descriptionOps, Map.of("revision", revision, "op", List.of("Oh, "),
                    "clientId", UUID.randomUUID().toString(), "seq", 1), token);
            assertThat(editOnA.status()).as("A knows B's revision %d: %s", revision, editOnA).isEqualTo(200);
            assertThat(editOnA.json().get("revision").asLong()).isEqualTo(revision + 1);
            // B's resent edit is recognised on A too: A read B's events.
            ApiClient.Response resent = apiA.post(descriptionOps, Map.of("revision", base, "op", List.of(5, " world"),
                    "clientId", clientB.toString(), "seq", 1), token);
            assertThat(resent.json().get("duplicate").asBoolean()).as("%s", resent).isTrue();
            assertThat(resent.json().get("revision").asLong()).isEqualTo(revision);

            JsonNode description = apiB.get(tasks + "/" + id + "/description", token).json();
            assertThat(description.get("text").asString()).isEqualTo("Oh, hello world");
        }
    }
}
