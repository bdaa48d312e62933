package io.tandem.app.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Push: one result per operation, in order; refusals stay alone; a retried operation is a duplicate. */
class SyncPushTest extends ApiTestBase {

    @Autowired
    MeterRegistry meters;

    @Test
    void operationsOfOnePushBuildOnEachOtherAndABadOneIsRejectedAlone() {
        TestUser owner = register("Pusher");
        UUID workspace = createWorkspace(owner, "Push");
        SyncClient client = new SyncClient(api, workspace, owner.token());
        // The workspace's own two operations reach the sync log shortly after it was created.
        await().atMost(Duration.ofSeconds(10)).until(() -> client.pull() >= 0 && client.pulled().size() == 2);
        UUID category = UUID.randomUUID();
        client.enqueue("create", "category", category, Map.of("name", "Errands", "color", "#00AA00"), null);
        UUID task = UUID.randomUUID();
        client.enqueue("create", "task", task, Map.of("title", "Buy milk", "categoryId", category.toString()), null);
        client.enqueue("update", "task", task, Map.of("priority", "high"), null);
        client.enqueue("create", "task", UUID.randomUUID(), Map.of("title", ""), null);
        client.enqueue("update", "task", UUID.randomUUID(), Map.of("title", "ghost"), 1L);
        client.enqueue("update", "task", task, Map.of("bogus", 1), null);
        client.enqueue("update", "task", task, Map.of("description", "2 litres"), 2L);
        client.enqueue("delete", "category", UUID.randomUUID(), Map.of(), null);
        List<String> ids = client.queue().stream().map(op -> (String) op.get("id")).toList();
        double appliedBefore = count("create", "applied");

        List<JsonNode> results = client.push();

        assertThat(results).extracting(r -> r.get("id").asString()).containsExactlyElementsOf(ids);
        assertThat(results).extracting(r -> r.get("status").asString()).containsExactly(
                "applied", "applied", "applied", "rejected", "rejected", "rejected", "applied", "rejected");
        assertThat(results.get(1).get("version").asLong()).isEqualTo(1);
        assertThat(results.get(2).get("version").asLong()).isEqualTo(2);
        assertThat(results.get(6).get("version").asLong()).isEqualTo(3);
        assertThat(results.get(3).get("error").asString()).contains("title");
        assertThat(results.get(4).get("error").asString()).isNotBlank();
        assertThat(results.get(5).get("error").asString()).contains("bogus");
        assertThat(results.get(0).has("error")).isFalse();
        assertThat(count("create", "applied") - appliedBefore).isEqualTo(2);
        assertThat(count("create", "rejected")).isPositive();

        JsonNode stored = api.get("/api/v1/workspaces/" + workspace + "/tasks/" + task, owner.token()).json();
        assertThat(stored.get("title").asString()).isEqualTo("Buy milk");
        assertThat(stored.get("priority").asString()).isEqualTo("high");
        assertThat(stored.get("description").asString()).isEqualTo("2 litres");
        assertThat(stored.get("categoryId").asString()).isEqualTo(category.toString());

        // The answer's token already covers the push's own operations: nothing comes back to its sender.
        assertThat(client.pull()).isZero();
        SyncClient fresh = new SyncClient(api, workspace, owner.token());
        fresh.pull();
        assertThat(fresh.tasks().get(task)).containsEntry("priority", "high").containsEntry("description", "2 litres")
                .containsEntry("version", 3L);
        assertThat(fresh.categories().get(category)).containsEntry("name", "Errands");
    }

    /**
     * A push of many operations that all apply (tried in one transaction), then one that ends with a refusal (tried
     * so, rolled back, applied one by one): the answers and versions are those of operations applied in turn.
     */
    @Test
    void aLongPushAppliesEveryOperationInTurnWhetherOrNotOneOfThemIsRefused() {
        TestUser owner = register("Batcher");
        UUID workspace = createWorkspace(owner, "Batch");
        SyncClient client = new SyncClient(api, workspace, owner.token());
        await().atMost(Duration.ofSeconds(10)).until(() -> client.pull() >= 0 && client.pulled().size() == 2);
        List<UUID> tasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            UUID task = UUID.randomUUID();
            tasks.add(task);
            client.enqueue("create", "task", task, Map.of("title", "Item " + i), null);
        }
        for (UUID task : tasks) {
            client.enqueue("update", "task", task, Map.of("priority", "high"), 1L);
        }
        for (UUID task : tasks) {
            client.enqueue("update", "task", task, Map.of("title", "Item " + tasks.indexOf(task) + " done"), 2L);
        }

        List<JsonNode> first = client.push();

        assertThat(first).hasSize(60).extracting(r -> r.get("status").asString()).containsOnly("applied");
        assertThat(first).extracting(r -> r.get("version").asLong())
                .containsExactlyElementsOf(java.util.stream.Stream.of(1L, 2L, 3L)
                        .flatMap(v -> java.util.Collections.nCopies(20, v).stream()).toList());

        for (UUID task : tasks) {
            client.enqueue("update", "task", task, Map.of("priority", "low"), 3L);
        }
        client.enqueue("update", "task", tasks.get(0), Map.of("bogus", 1), null);

        List<JsonNode> second = client.push();

        assertThat(second).extracting(r -> r.get("status").asString())
                .containsExactlyElementsOf(java.util.stream.Stream.concat(java.util.Collections.nCopies(20, "applied")
                        .stream(), java.util.stream.Stream.of("rejected")).toList());
        assertThat(second.subList(0, 20)).extracting(r -> r.get("version").asLong()).containsOnly(4L);
        SyncClient fresh = new SyncClient(api, workspace, owner.token());
        fresh.pull();
        for (UUID task : tasks) {
            assertThat(fresh.tasks().get(task)).containsEntry("priority", "low").containsEntry("version", 4L)
                    .containsEntry("title", "Item " + tasks.indexOf(task) + " done");
        }
        JsonNode stored = api.get("/api/v1/workspaces/" + workspace + "/tasks/" + tasks.get(7), owner.token()).json();
        assertThat(stored.get("version").asLong()).isEqualTo(4);
    }

    @Test
    void aRetriedPushAnswersDuplicateWithTheVersionsAndWritesNothing() {
        TestUser owner = register("Retrier");
        UUID workspace = createWorkspace(owner, "Retry");
        SyncClient client = new SyncClient(api, workspace, owner.token());
        UUID task = client.createTask(Map.of("title", "Once"));
        client.updateTask(task, Map.of("title", "Once more"));
        List<Map<String, Object>> operations = new ArrayList<>(client.queue());
        List<JsonNode> first = client.push();
        String tokenAfter = api.get("/api/v1/workspaces/" + workspace + "/sync/status", owner.token()).json()
                .get("latestToken").asString();

        ApiClient.Response retry = api.post("/api/v1/workspaces/" + workspace + "/sync/push",
                Map.of("operations", operations), owner.token());

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("results")).extracting(r -> r.get("status").asString())
                .containsExactly("duplicate", "duplicate");
        assertThat(retry.json().get("results")).extracting(r -> r.get("version").asLong())
                .containsExactly(first.get(0).get("version").asLong(), first.get(1).get("version").asLong());
        assertThat(api.get("/api/v1/workspaces/" + workspace + "/sync/status", owner.token()).json()
                .get("latestToken").asString()).as("no new operation").isEqualTo(tokenAfter);
        assertThat(count("update", "duplicate")).isPositive();
    }

    @Test
    void pushIsRefusedToViewersTooLargeBatchesAndForeignTokens() {
        TestUser owner = register("Push Owner");
        TestUser viewer = register("Push Viewer");
        UUID workspace = createWorkspace(owner, "Guarded");
        UUID other = createWorkspace(owner, "Elsewhere");
        invite(owner, workspace, viewer, "viewer");
        String push = "/api/v1/workspaces/" + workspace + "/sync/push";
        Map<String, Object> one = operation("create", UUID.randomUUID(), Map.of("title", "x"));

        assertThat(api.post(push, Map.of("operations", List.of(one)), viewer.token()).status()).isEqualTo(403);
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(operation("create", UUID.randomUUID(), Map.of("title", "x" + i)));
        }
        assertThat(api.post(push, Map.of("operations", tooMany), owner.token()).status()).isEqualTo(400);
        String foreign = api.get("/api/v1/workspaces/" + other + "/sync/status", owner.token()).json()
                .get("latestToken").asString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("operations", List.of(one));
        body.put("lastSyncToken", foreign);
        assertThat(api.post(push, body, owner.token()).status()).isEqualTo(400);
        assertThat(api.post(push, Map.of("operations", List.of(one), "extra", 1), owner.token()).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/workspaces/" + workspace + "/tasks", owner.token()).json().get("total").asLong())
                .as("nothing of the refused pushes was written").isZero();
    }

    private static Map<String, Object> operation(String type, UUID entityId, Map<String, Object> data) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("id", UUID.randomUUID().toString());
        op.put("type", type);
        op.put("entityType", "task");
        op.put("entityId", entityId.toString());
        op.put("data", data);
        op.put("baseVersion", null);
        op.put("timestamp", System.currentTimeMillis());
        return op;
    }

    private double count(String type, String status) {
        var counter = meters.find("sync.operations").tags("type", type, "status", status).counter();
        return counter == null ? 0 : counter.count();
    }
}
