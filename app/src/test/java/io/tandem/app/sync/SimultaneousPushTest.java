package io.tandem.app.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiTestBase;
import io.tandem.app.support.OwnInstance;
import io.tandem.app.support.TestDependencies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The same pushed operation (same id, same content) arriving twice at the same moment, as a client that retries a
 * push whose answer it has not yet seen: two threads released together, on one replica and on two replicas of one
 * deployment, several rounds per kind of operation. Exactly one applies, the other answers {@code duplicate} with
 * the same version, and the sync log holds one operation for it.
 */
class SimultaneousPushTest extends ApiTestBase {

    private static final int ROUNDS = 4;

    private static ConfigurableApplicationContext replica;

    /** A second replica on the suite's own database (and event store), as a second pod of one deployment. */
    @BeforeAll
    static void startReplica() {
        replica = OwnInstance.start("unused", Map.of("spring.datasource.url", TestDependencies.jdbcUrl()));
    }

    @AfterAll
    static void stopReplica() {
        if (replica != null) {
            replica.close();
        }
    }

    @Test
    void aTaskCreatePushedTwiceAtOnceAppliesOnce() throws Exception {
        race("create", "task", (client, round) -> {
            UUID task = UUID.randomUUID();
            return operation("create", "task", task, Map.of("title", "Twice " + round), null);
        });
    }

    @Test
    void aTaskUpdatePushedTwiceAtOnceAppliesOnce() throws Exception {
        race("update", "task", (client, round) -> {
            UUID task = createTask(client);
            return operation("update", "task", task, Map.of("title", "Renamed " + round), 1L);
        });
    }

    @Test
    void aTaskDeletePushedTwiceAtOnceAppliesOnce() throws Exception {
        race("delete", "task", (client, round) -> {
            UUID task = createTask(client);
            return operation("delete", "task", task, Map.of(), null);
        });
    }

    @Test
    void aCategoryCreatePushedTwiceAtOnceAppliesOnce() throws Exception {
        race("create", "category", (client, round) -> operation("create", "category", UUID.randomUUID(),
                Map.of("name", "Twice " + round + " " + UUID.randomUUID(), "color", "#112233"), null));
    }

    /** Makes the operation of a round (perhaps after preparing what it works on). */
    @FunctionalInterface
    private interface Round {
        Map<String, Object> operation(SyncClient client, int round);
    }

    private void race(String type, String entityType, Round round) throws Exception {
        TestUser owner = register("Racer " + type + " " + entityType);
        UUID workspace = createWorkspace(owner, "Race");
        SyncClient client = new SyncClient(api, workspace, owner.token());
        ApiClient other = OwnInstance.client(replica);
        for (int r = 0; r < 2 * ROUNDS; r++) {
            Map<String, Object> operation = round.operation(client, r);
            // Even rounds race on one replica, odd rounds across the two.
            ApiClient second = r % 2 == 0 ? api : other;
            Map<String, Object> body = Map.of("operations", List.of(operation));
            String push = "/api/v1/workspaces/" + workspace + "/sync/push";

            List<ApiClient.Response> answers = atOnce(
                    () -> api.post(push, body, owner.token()),
                    () -> second.post(push, body, owner.token()));

            String what = "round " + r + " " + (r % 2 == 0 ? "(one replica)" : "(two replicas)");
            assertThat(answers).as(what).allSatisfy(a -> assertThat(a.status()).as(a.toString()).isEqualTo(200));
            List<JsonNode> results = answers.stream().map(a -> a.json().get("results").get(0)).toList();
            assertThat(results).as(what + ": %s", results).extracting(x -> x.get("status").asString())
                    .containsExactlyInAnyOrder("applied", "duplicate");
            assertThat(results.get(0).get("version").asLong()).as(what + ": %s", results)
                    .isEqualTo(results.get(1).get("version").asLong());

            UUID entity = UUID.fromString((String) operation.get("entityId"));
            long version = results.get(0).get("version").asLong();
            client.pull();
            List<JsonNode> logged = client.pulled().stream()
                    .filter(op -> op.get("entityId").asString().equals(entity.toString()))
                    .filter(op -> op.get("type").asString().equals(type))
                    .toList();
            assertThat(logged).as(what + ": the sync log's %s operations of %s", type, entity).hasSize(1);
            if (entityType.equals("task")) {
                assertThat(logged.get(0).get("version").asLong()).isEqualTo(version);
            }
        }
    }

    /** A task created through a push of its own, before the race. */
    private static UUID createTask(SyncClient client) {
        UUID task = client.createTask(Map.of("title", "Raced"));
        List<JsonNode> results = client.push();
        assertThat(results.get(0).get("status").asString()).as(results.toString()).isEqualTo("applied");
        return task;
    }

    private static Map<String, Object> operation(String type, String entityType, UUID entityId, Map<String, ?> data,
                                                 Long baseVersion) {
        Map<String, Object> operation = new LinkedHashMap<>();
        operation.put("id", UUID.randomUUID().toString());
        operation.put("type", type);
        operation.put("entityType", entityType);
        operation.put("entityId", entityId.toString());
        operation.put("data", data);
        operation.put("baseVersion", baseVersion);
        operation.put("timestamp", System.currentTimeMillis());
        return operation;
    }

    /** Runs both calls released by one latch, answering their results in order. */
    @SafeVarargs
    static <T> List<T> atOnce(java.util.concurrent.Callable<T>... calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.length);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (java.util.concurrent.Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
