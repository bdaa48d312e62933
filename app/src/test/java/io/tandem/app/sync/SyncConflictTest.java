package io.tandem.app.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tandem.api.sync.SyncConflict;
import io.tandem.api.sync.SyncConflictListener;
import io.tandem.api.sync.SyncLogListener;
import io.tandem.api.sync.SyncOperation;
import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Each conflict strategy, preserved fields and manual resolution. Every scenario starts from the same history,
 * written by "Bea" with her clients' clocks: created at t=1000 (version 1), title changed at t=2000 (version 2),
 * description changed at t=4000 (version 3). "Al" then pushes a change based on version 1.
 */
class SyncConflictTest extends ApiTestBase {

    /**
     * Records what the sync feature tells its listeners. Registered into the running context rather than imported,
     * so that this class shares the one application context (and its database connections) with the other tests.
     */
    static class Listeners implements SyncConflictListener, SyncLogListener {
        static final List<SyncConflict> conflicts = new CopyOnWriteArrayList<>();
        static final List<SyncOperation> operations = new CopyOnWriteArrayList<>();

        @Override
        public void detected(UUID userId, UUID workspaceId, UUID taskId, List<SyncConflict> raised) {
            raised.forEach(conflict -> assertThat(conflict.entityId()).isEqualTo(taskId));
            conflicts.addAll(raised);
        }

        @Override
        public void appended(SyncOperation operation) {
            operations.add(operation);
        }
    }

    @Autowired
    ConfigurableApplicationContext context;

    @BeforeEach
    void listen() {
        context.getBeanFactory().registerSingleton("syncConflictTestListeners", new Listeners());
    }

    @AfterEach
    void stopListening() {
        ((DefaultListableBeanFactory) context.getBeanFactory()).destroySingleton("syncConflictTestListeners");
    }

    private TestUser bea;
    private TestUser al;
    private UUID workspace;

    private void workspace(String strategy, List<String> preserveFields) {
        bea = register("Bea");
        al = register("Al");
        workspace = createWorkspace(bea, "Conflicts " + strategy);
        invite(bea, workspace, al, "member");
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("conflictStrategy", strategy);
        settings.put("preserveFields", preserveFields);
        assertThat(api.put("/api/v1/workspaces/" + workspace, Map.of("settings", settings), bea.token()).status())
                .isEqualTo(200);
    }

    private UUID history() {
        UUID task = UUID.randomUUID();
        assertThat(push(bea, "create", task, Map.of("title", "Bea", "description", "first"), null, 1000)
                .get("status").asString()).isEqualTo("applied");
        assertThat(push(bea, "update", task, Map.of("title", "Bea title"), 1L, 2000).get("version").asLong()).isEqualTo(2);
        assertThat(push(bea, "update", task, Map.of("description", "Bea text"), 2L, 4000).get("version").asLong())
                .isEqualTo(3);
        return task;
    }

    @Test
    void fieldLevelMergeJoinsDisjointFieldsAndGivesOverlapsToTheLaterEdit() {
        workspace("field_level_merge", List.of());
        UUID task = history();

        JsonNode later = push(al, "update", task, Map.of("title", "Al title", "priority", "high"), 1L, 3000);
        assertThat(later.get("status").asString()).isEqualTo("merged");
        assertThat(later.get("version").asLong()).isEqualTo(4);
        assertThat(task(task)).containsEntry("title", "Al title").containsEntry("description", "Bea text")
                .containsEntry("priority", "high");

        JsonNode earlier = push(al, "update", task, Map.of("title", "Al old title"), 1L, 1500);
        assertThat(earlier.get("status").asString()).isEqualTo("merged");
        assertThat(earlier.get("version").asLong()).as("nothing to write").isEqualTo(4);
        assertThat(task(task)).containsEntry("title", "Al title");

        JsonNode current = push(al, "update", task, Map.of("title", "On top"), 4L, 1);
        assertThat(current.get("status").asString()).as("no one else changed it").isEqualTo("applied");
    }

    @Test
    void lastWriterWinsComparesEachOperationWithTheTasksLatestChange() {
        workspace("last_writer_wins", List.of());
        UUID task = history();

        // Later than Bea's title (2000) but earlier than her latest change (4000): Bea's task stands.
        JsonNode lost = push(al, "update", task, Map.of("title", "Al title"), 1L, 3000);
        assertThat(lost.get("status").asString()).isEqualTo("merged");
        assertThat(lost.get("version").asLong()).isEqualTo(3);
        assertThat(task(task)).containsEntry("title", "Bea title");

        JsonNode won = push(al, "update", task, Map.of("title", "Al later"), 1L, 5000);
        assertThat(won.get("status").asString()).isEqualTo("merged");
        assertThat(won.get("version").asLong()).isEqualTo(4);
        assertThat(task(task)).containsEntry("title", "Al later").containsEntry("description", "Bea text");
    }

    @Test
    void preservedFieldsRaiseAConflictUnderEveryStrategy() {
        for (String strategy : List.of("field_level_merge", "last_writer_wins", "manual")) {
            workspace(strategy, List.of("title"));
            UUID task = history();

            ApiClient.Response response = pushResponse(al, "update", task,
                    Map.of("title", "Al title", "priority", "low"), 1L, 9000);
            JsonNode result = response.json().get("results").get(0);
            assertThat(result.get("status").asString()).as(strategy).isEqualTo("conflict");
            assertThat(result.get("version").asLong()).as("the rest of the change applied").isEqualTo(4);
            JsonNode conflict = response.json().get("conflicts").get(0);
            assertThat(conflict.get("conflictId").asString()).isEqualTo(result.get("conflictId").asString());
            assertThat(conflict.get("entityType").asString()).isEqualTo("task");
            assertThat(conflict.get("entityId").asString()).isEqualTo(task.toString());
            assertThat(conflict.get("fields")).extracting(JsonNode::asString).containsExactly("title");
            assertThat(conflict.get("serverValue").get("title").asString()).isEqualTo("Bea title");
            assertThat(conflict.get("clientValue").get("title").asString()).isEqualTo("Al title");
            assertThat(conflict.get("baseVersion").asLong()).isEqualTo(1);
            assertThat(conflict.get("serverVersion").asLong()).isEqualTo(4);
            assertThat(task(task)).containsEntry("title", "Bea title").containsEntry("priority", "low");
            JsonNode status = api.get(sync() + "/status", bea.token()).json();
            assertThat(status.get("pendingConflicts")).hasSize(1);
            assertThat(status.get("pendingConflicts").get(0)).isEqualTo(conflict);
            UUID conflictId = UUID.fromString(conflict.get("conflictId").asString());
            await().atMost(Duration.ofSeconds(10)).until(() -> Listeners.conflicts.stream()
                    .anyMatch(c -> c.conflictId().equals(conflictId)));
        }
    }

    @Test
    void manualHoldsOverlapsUntilAMemberResolvesThem() {
        workspace("manual", List.of());
        UUID keepServer = history();
        UUID takeClient = history();
        UUID merge = history();
        UUID serverConflict = conflictOf(push(al, "update", keepServer, Map.of("title", "Al 1"), 1L, 9000));
        UUID clientConflict = conflictOf(push(al, "update", takeClient, Map.of("title", "Al 2", "priority", "high"), 1L, 9000));
        UUID mergeConflict = conflictOf(push(al, "update", merge, Map.of("title", "Al 3"), 1L, 9000));
        assertThat(task(takeClient)).containsEntry("title", "Bea title").containsEntry("priority", "high");
        assertThat(api.get(sync() + "/status", al.token()).json().get("pendingConflicts")).hasSize(3);

        ApiClient.Response server = resolve(serverConflict, Map.of("resolution", "server"), al);
        assertThat(server.status()).as("%s", server).isEqualTo(200);
        assertThat(server.json().get("title").asString()).isEqualTo("Bea title");
        ApiClient.Response client = resolve(clientConflict, Map.of("resolution", "client"), al);
        assertThat(client.status()).as("%s", client).isEqualTo(200);
        assertThat(client.json().get("title").asString()).isEqualTo("Al 2");
        assertThat(client.json().get("version").asLong()).isEqualTo(5);
        assertThat(resolve(mergeConflict, Map.of("resolution", "merged"), al).status()).as("merged needs data")
                .isEqualTo(400);
        ApiClient.Response merged = resolve(mergeConflict,
                Map.of("resolution", "merged", "data", Map.of("title", "Bea and Al")), bea);
        assertThat(merged.status()).as("%s", merged).isEqualTo(200);
        assertThat(merged.json().get("title").asString()).isEqualTo("Bea and Al");
        assertThat(task(merge)).containsEntry("title", "Bea and Al");

        assertThat(api.get(sync() + "/status", al.token()).json().get("pendingConflicts")).isEmpty();
        assertThat(resolve(clientConflict, Map.of("resolution", "server"), al).status()).isEqualTo(409);
        assertThat(resolve(UUID.randomUUID(), Map.of("resolution", "server"), al).status()).isEqualTo(404);
        assertThat(resolve(serverConflict, Map.of("resolution", "both"), al).status()).isEqualTo(400);
        // The resolution is an ordinary change in the sync log. (Read through pull: the listener beans that hear it
        // live in whichever cached test context owns the sync-log segment, not necessarily this one.)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode ops = api.get(sync() + "/pull?limit=500", al.token()).json().get("operations");
            boolean found = false;
            for (JsonNode op : ops) {
                found |= op.get("entityId").asString().equals(merge.toString()) && op.get("version").asLong() == 4
                        && "Bea and Al".equals(op.get("data").path("title").asString());
            }
            assertThat(found).as("the merged resolution is in the sync log").isTrue();
        });
    }

    @Test
    void aRetriedPushAnswersTheConflictItHeldWhileItIsPending() {
        workspace("manual", List.of());
        UUID task = history();
        String operation = UUID.randomUUID().toString();
        ApiClient.Response first = pushResponse(al, operation, "update", task, Map.of("title", "Al"), 1L, 9000);
        UUID conflict = conflictOf(first.json().get("results").get(0));
        assertThat(first.json().get("conflicts")).hasSize(1);

        // The first answer may never have reached the client: the retry tells it the conflict again.
        ApiClient.Response retried = pushResponse(al, operation, "update", task, Map.of("title", "Al"), 1L, 9000);
        JsonNode result = retried.json().get("results").get(0);
        assertThat(result.get("status").asString()).isEqualTo("duplicate");
        assertThat(result.get("conflictId").asString()).isEqualTo(conflict.toString());
        assertThat(retried.json().get("conflicts")).hasSize(1);
        assertThat(retried.json().get("conflicts").get(0).get("conflictId").asString()).isEqualTo(conflict.toString());
        assertThat(retried.json().get("conflicts").get(0).get("fields").get(0).asString()).isEqualTo("title");
        assertThat(api.get(sync() + "/status", al.token()).json().get("pendingConflicts")).hasSize(1);

        // Once resolved, a retry still names it but no longer offers it for resolution.
        assertThat(resolve(conflict, Map.of("resolution", "server"), al).status()).isEqualTo(200);
        ApiClient.Response late = pushResponse(al, operation, "update", task, Map.of("title", "Al"), 1L, 9000);
        assertThat(late.json().get("results").get(0).get("status").asString()).isEqualTo("duplicate");
        assertThat(late.json().get("results").get(0).get("conflictId").asString()).isEqualTo(conflict.toString());
        assertThat(late.json().get("conflicts")).isEmpty();
    }

    private static UUID conflictOf(JsonNode result) {
        assertThat(result.get("status").asString()).isEqualTo("conflict");
        return UUID.fromString(result.get("conflictId").asString());
    }

    private ApiClient.Response resolve(UUID conflictId, Map<String, Object> body, TestUser user) {
        return api.post(sync() + "/conflicts/" + conflictId + "/resolve", body, user.token());
    }

    private Map<String, Object> task(UUID id) {
        return ApiClient.JSON.convertValue(api.get("/api/v1/workspaces/" + workspace + "/tasks/" + id, bea.token()).json(),
                new tools.jackson.core.type.TypeReference<Map<String, Object>>() {
                });
    }

    private JsonNode push(TestUser user, String type, UUID taskId, Map<String, Object> data, Long base, long timestamp) {
        return pushResponse(user, type, taskId, data, base, timestamp).json().get("results").get(0);
    }

    private ApiClient.Response pushResponse(TestUser user, String type, UUID taskId, Map<String, Object> data, Long base,
                                            long timestamp) {
        return pushResponse(user, UUID.randomUUID().toString(), type, taskId, data, base, timestamp);
    }

    private ApiClient.Response pushResponse(TestUser user, String operationId, String type, UUID taskId,
                                            Map<String, Object> data, Long base, long timestamp) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("id", operationId);
        op.put("type", type);
        op.put("entityType", "task");
        op.put("entityId", taskId.toString());
        op.put("data", data);
        op.put("baseVersion", base);
        op.put("timestamp", timestamp);
        ApiClient.Response r = api.post(sync() + "/push", Map.of("operations", List.of(op)), user.token());
        assertThat(r.status()).as("push: %s", r).isEqualTo(200);
        return r;
    }

    private String sync() {
        return "/api/v1/workspaces/" + workspace + "/sync";
    }
}
