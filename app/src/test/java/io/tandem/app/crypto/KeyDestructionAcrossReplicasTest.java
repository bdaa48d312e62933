package io.tandem.app.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.tandem.api.Sensitive;
import io.tandem.app.support.ApiClient;
import io.tandem.app.support.OwnInstance;
import io.tandem.app.support.TestDependencyInitializer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two replicas that keep data keys in memory for ten minutes: when one destroys a workspace's key (the workspace was
 * deleted), the other forgets its copy at once, told through Redis, instead of decrypting the workspace's history
 * until its cache entry expires.
 */
class KeyDestructionAcrossReplicasTest {

    private static final String PASSWORD = "correct horse battery";

    @Test
    void aKeyDestroyedOnOneReplicaIsForgottenOnTheOther() {
        String database = System.getenv().getOrDefault("TANDEM_TEST_DATABASE", "tandem_test") + "_keys";
        TestDependencyInitializer.recreateDatabase(database);
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        Map<String, Object> shared = Map.of(
                "tandem.redis.key-prefix", "tandem-keys-" + UUID.randomUUID() + ":",
                "tandem.auth.jwt-secret", Base64.getEncoder().encodeToString(secret),
                "tandem.crypto.key-cache-ttl", "PT10M");
        Map<String, Object> onA = new java.util.HashMap<>(shared);
        onA.put("tandem.node-id", "replica-a");
        Map<String, Object> onB = new java.util.HashMap<>(shared);
        onB.put("tandem.node-id", "replica-b");

        try (ConfigurableApplicationContext a = OwnInstance.start(database, onA);
             ConfigurableApplicationContext b = OwnInstance.start(database, onB)) {
            ApiClient api = OwnInstance.client(a);
            String email = "kim-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
            String token = api.post("/api/v1/auth/register", Map.of("email", email, "password", PASSWORD,
                    "name", "Kim"), null).json().get("accessToken").asString();
            UUID workspace = UUID.fromString(api.post("/api/v1/workspaces", Map.of("name", "Short-lived"), token)
                    .json().get("id").asString());
            assertThat(api.post("/api/v1/workspaces/" + workspace + "/tasks",
                    Map.of("title", "Secret", "description", "for a while"), token).status()).isEqualTo(201);
            // The replica that destroys keys is the one holding the processor's segment: A, which started first.
            JdbcClient jdbc = JdbcClient.create(a.getBean(javax.sql.DataSource.class));
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc
                    .sql("select owner from token_entry where processor_name = 'data-keys'")
                    .query(String.class).optional().filter("replica-a"::equals).isPresent());
            DataKeys keysOnB = b.getBean(DataKeys.class);
            Optional<DataKeys.DataKey> held = keysOnB.forEncryption(Sensitive.Scope.WORKSPACE, workspace);
            assertThat(held).isPresent();
            assertThat(keysOnB.forDecryption(held.get().id())).as("B keeps the key in memory").isPresent();

            assertThat(api.delete("/api/v1/workspaces/" + workspace, token).status()).isEqualTo(204);

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                    assertThat(keysOnB.forDecryption(held.get().id())).as("B forgot the destroyed key").isEmpty());
            assertThat(keysOnB.forEncryption(Sensitive.Scope.WORKSPACE, workspace)).isEmpty();
        }
    }
}
