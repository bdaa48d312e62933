package io.tandem.app.web.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiClient.Response;
import io.tandem.app.support.ApiTestBase;
import io.tandem.app.support.TestDependencies;
import io.tandem.api.Sensitive;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import io.tandem.ot.TextOp;
import io.tandem.ot.TextUnicode;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The description endpoints of the contract: operations transformed by the server, applied once, seen everywhere. */
class DescriptionApiTest extends ApiTestBase {

    @Test
    void concurrentEditorsOnStaleRevisionsLoseNoKeystrokeAndTheLogRebuildsTheText() throws Exception {
        TestUser ann = register("Ann");
        TestUser bob = register("Bob");
        UUID ws = createWorkspace(ann, "Editing");
        invite(ann, ws, bob, "member");
        String task = createTask(ann, ws, Map.of("description", "start")).get("id").asString();
        String base = "/api/v1/workspaces/" + ws + "/tasks/" + task + "/description";

        int editors = 4;
        int editsEach = 15;
        List<String> markers = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(editors);
        List<Future<?>> runs = new ArrayList<>();
        for (int e = 0; e < editors; e++) {
            int editor = e;
            TestUser who = e % 2 == 0 ? ann : bob;
            runs.add(pool.submit(() -> {
                ApiClient client = new ApiClient(port);
                Random random = new Random(42 + editor);
                UUID clientId = UUID.randomUUID();
                for (int seq = 1; seq <= editsEach; seq++) {
                    // Read, think a moment (others write meanwhile), then insert at a random place of what was read.
                    JsonNode read = client.get(base, who.token()).json();
                    String text = read.get("text").asString();
                    int at = random.nextInt(text.codePointCount(0, text.length()) + 1);
                    String marker = "<" + editor + "." + seq + "😀>";
                    Response r = client.post(base + "/ops", Map.of("revision", read.get("revision").asLong(),
                            "op", TextOp.insert(at, marker).toTree(), "clientId", clientId.toString(), "seq", seq),
                            who.token());
                    assertThat(r.status()).as(r.toString()).isEqualTo(200);
                    assertThat(r.json().get("duplicate").asBoolean()).isFalse();
                    markers.add(marker);
                }
                return null;
            }));
        }
        for (Future<?> run : runs) {
            run.get();
        }
        pool.shutdown();

        JsonNode finalDescription = api.get(base, ann.token()).json();
        String text = finalDescription.get("text").asString();
        assertThat(finalDescription.get("revision").asLong()).isEqualTo(editors * editsEach);
        // Later inserts may land inside earlier ones (that is editing), so what must hold is that every code point
        // typed is there: the text holds the code points of "start" and of every insert, none lost and none added.
        assertThat(markers).hasSize(editors * editsEach);
        assertThat(sortedCodePoints(text)).isEqualTo(sortedCodePoints("start" + String.join("", markers)));

        List<JsonNode> ops = new ArrayList<>();
        api.get(base + "/ops?since=0", bob.token()).json().get("ops").forEach(ops::add);
        assertThat(ops).extracting(o -> o.get("revision").asLong())
                .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, editors * editsEach).boxed().toList());
        String rebuilt = "start";
        for (JsonNode op : ops) {
            rebuilt = TextUnicode.apply(rebuilt, TextOp.fromTree(ApiClient.JSON.treeToValue(op.get("op"), Object.class)));
        }
        assertThat(rebuilt).isEqualTo(text);
        JsonNode taskView = api.get("/api/v1/workspaces/" + ws + "/tasks/" + task, ann.token()).json();
        assertThat(taskView.get("description").asString()).isEqualTo(text);
        assertThat(taskView.get("descriptionRevision").asLong()).isEqualTo(editors * editsEach);
    }

    @Test
    void aResentOperationChangesNothingAndAnswersItsRevision() {
        TestUser ann = register("Ann");
        UUID ws = createWorkspace(ann, "Resend");
        String task = createTask(ann, ws, Map.of("description", "hello")).get("id").asString();
        String ops = "/api/v1/workspaces/" + ws + "/tasks/" + task + "/description/ops";
        Map<String, Object> body = Map.of("revision", 0, "op", List.of(5, " world"),
                "clientId", UUID.randomUUID().toString(), "seq", 1);

        Response first = api.post(ops, body, ann.token());
        Response again = api.post(ops, body, ann.token());

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.json().get("revision").asLong()).isEqualTo(1);
        assertThat(first.json().get("duplicate").asBoolean()).isFalse();
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("revision").asLong()).isEqualTo(1);
        assertThat(again.json().get("duplicate").asBoolean()).isTrue();
        assertThat(again.json().get("op")).isEqualTo(first.json().get("op"));
        assertThat(api.get(ops, ann.token()).json().get("ops")).hasSize(1);
        assertThat(api.get(ops.replace("/ops", ""), ann.token()).json().get("text").asString()).isEqualTo("hello world");
    }

    @Test
    void badOperationsAreRefusedWithTheFieldNamedAndChangeNothing() {
        TestUser ann = register("Ann");
        UUID ws = createWorkspace(ann, "Bad ops");
        String task = createTask(ann, ws, Map.of("description", "hello")).get("id").asString();
        String ops = "/api/v1/workspaces/" + ws + "/tasks/" + task + "/description/ops";
        String client = UUID.randomUUID().toString();

        assertField(api.post(ops, Map.of("revision", 1, "op", List.of("x"), "clientId", client, "seq", 1), ann.token()),
                400, "revision");
        assertField(api.post(ops, Map.of("revision", 0, "op", List.of(9, "x"), "clientId", client, "seq", 1), ann.token()),
                400, "op");
        assertField(api.post(ops, Map.of("revision", 0, "op", List.of(true), "clientId", client, "seq", 1), ann.token()),
                400, "op");
        assertField(api.post(ops, Map.of("revision", 0, "op", "x", "clientId", client, "seq", 1), ann.token()),
                400, "op");
        assertField(api.post(ops, Map.of("revision", 0, "op", List.of("x".repeat(1996)), "clientId", client, "seq", 1),
                ann.token()), 400, "op");
        assertThat(api.post(ops, Map.of("revision", 0, "op", List.of("x"), "seq", 1), ann.token()).status()).isEqualTo(400);
        assertField(api.get(ops + "?since=-1", ann.token()), 400, "since");
        assertField(api.get(ops + "?limit=501", ann.token()), 400, "limit");
        JsonNode description = api.get(ops.replace("/ops", ""), ann.token()).json();
        assertThat(description.get("text").asString()).isEqualTo("hello");
        assertThat(description.get("revision").asLong()).isZero();
    }

    @Test
    void membersEditViewersAndAuditorsReadStrangersSeeNothing() {
        TestUser owner = register("Owner");
        TestUser viewer = register("Viewer");
        TestUser stranger = register("Stranger");
        TestUser auditor = auditor();
        UUID ws = createWorkspace(owner, "Roles");
        invite(owner, ws, viewer, "viewer");
        String task = createTask(owner, ws, Map.of("description", "x")).get("id").asString();
        String base = "/api/v1/workspaces/" + ws + "/tasks/" + task + "/description";
        Map<String, Object> body = Map.of("revision", 0, "op", List.of("a"), "clientId", UUID.randomUUID().toString(),
                "seq", 1);

        assertThat(api.get(base, viewer.token()).status()).isEqualTo(200);
        assertThat(api.get(base + "/ops", auditor.token()).status()).isEqualTo(200);
        assertThat(api.post(base + "/ops", body, viewer.token()).status()).isEqualTo(403);
        assertThat(api.post(base + "/ops", body, auditor.token()).status()).isEqualTo(403);
        assertThat(api.get(base, stranger.token()).status()).isEqualTo(404);
        assertThat(api.post(base + "/ops", body, stranger.token()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/workspaces/" + ws + "/tasks/" + UUID.randomUUID() + "/description", owner.token())
                .status()).isEqualTo(404);
    }

    @Test
    void aDescriptionWrittenWholeIsARevisionTooAndSyncAndHistoryShowEveryChange() {
        TestUser ann = register("Ann");
        UUID ws = createWorkspace(ann, "Whole text");
        String task = createTask(ann, ws, Map.of("description", "Buy milk")).get("id").asString();
        String path = "/api/v1/workspaces/" + ws + "/tasks/" + task;
        assertThat(api.post(path + "/description/ops", Map.of("revision", 0, "op", List.of(8, " today"),
                "clientId", UUID.randomUUID().toString(), "seq", 1), ann.token()).status()).isEqualTo(200);

        Response put = api.put(path, Map.of("description", "Buy oat milk today"), ann.token());

        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("descriptionRevision").asLong()).isEqualTo(2);
        JsonNode ops = api.get(path + "/description/ops?since=1", ann.token()).json().get("ops");
        assertThat(ops).hasSize(1);
        assertThat(ops.get(0).get("op").toString()).isEqualTo("[4,\"oat \"]");
        assertThat(ops.get(0).get("clientId").isNull()).isTrue();
        assertThat(ops.get(0).get("userId").asString()).isEqualTo(ann.id().toString());

        List<JsonNode> updates = new ArrayList<>();
        api.get("/api/v1/workspaces/" + ws + "/sync/pull", ann.token()).json().get("operations").forEach(o -> {
            if (o.get("entityType").asString().equals("task") && o.get("type").asString().equals("update")) {
                updates.add(o.get("data"));
            }
        });
        assertThat(updates).extracting(d -> d.get("description").asString())
                .containsExactly("Buy milk today", "Buy oat milk today");
        assertThat(updates).extracting(d -> d.get("descriptionRevision").asLong()).containsExactly(1L, 2L);
        assertThat(updates.get(0).get("descriptionOp").toString()).isEqualTo("[8,\" today\"]");

        JsonNode history = api.get(path + "/history", ann.token()).json();
        assertThat(history).hasSize(3);
        assertThat(history.get(1).get("payload").get("descriptionChange").get("op").asString()).isEqualTo("[8,\" today\"]");
    }

    @Test
    void twoOfflineClientsWhoEachEditedAnotherSentenceBothKeepTheirSentence() {
        TestUser ann = register("Ann");
        TestUser bob = register("Bob");
        UUID ws = createWorkspace(ann, "Offline");
        invite(ann, ws, bob, "member");
        JsonNode created = createTask(ann, ws, Map.of("description", "Buy milk. Call mum. Pay rent."));
        String task = created.get("id").asString();
        long base = created.get("version").asLong();

        Response annPush = push(ann, ws, task, "Buy oat milk. Call mum. Pay rent.", base);
        Response bobPush = push(bob, ws, task, "Buy milk. Call mum. Pay the rent today.", base);

        assertThat(annPush.json().get("results").get(0).get("status").asString()).isEqualTo("applied");
        assertThat(bobPush.json().get("results").get(0).get("status").asString()).as(bobPush.toString())
                .isEqualTo("merged");
        JsonNode task1 = api.get("/api/v1/workspaces/" + ws + "/tasks/" + task, ann.token()).json();
        assertThat(task1.get("description").asString()).isEqualTo("Buy oat milk. Call mum. Pay the rent today.");
        assertThat(task1.get("descriptionRevision").asLong()).isEqualTo(2);

        // The same over PUT with a stale version: Ann's sentence and Bob's both stay.
        Response put = api.put("/api/v1/workspaces/" + ws + "/tasks/" + task,
                Map.of("description", "Buy milk. Call dad. Pay rent.", "version", base), bob.token());
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().get("description").asString()).isEqualTo("Buy oat milk. Call dad. Pay the rent today.");
    }

    @Test
    void withManualConflictsAStaleDescriptionIsStillHeldAsAConflict() {
        TestUser ann = register("Ann");
        UUID ws = createWorkspace(ann, "Manual");
        assertThat(api.put("/api/v1/workspaces/" + ws, Map.of("settings", Map.of("conflictStrategy", "manual")),
                ann.token()).status()).isEqualTo(200);
        JsonNode created = createTask(ann, ws, Map.of("description", "One. Two."));
        String task = created.get("id").asString();
        long base = created.get("version").asLong();
        push(ann, ws, task, "Uno. Two.", base);

        Response held = push(ann, ws, task, "One. Dos.", base);

        assertThat(held.json().get("results").get(0).get("status").asString()).isEqualTo("conflict");
        assertThat(api.get("/api/v1/workspaces/" + ws + "/tasks/" + task, ann.token()).json().get("description")
                .asString()).isEqualTo("Uno. Two.");
        Response put = api.put("/api/v1/workspaces/" + ws + "/tasks/" + task,
                Map.of("description", "One. Dos.", "version", base), ann.token());
        assertThat(put.status()).isEqualTo(409);
    }

    @Test
    void theOperationsTextIsEncryptedAtRestAndErasedWithItsWorkspace() {
        TestUser ann = register("Ann");
        TestUser auditor = auditor();
        UUID ws = createWorkspace(ann, "Secret");
        String task = createTask(ann, ws, Map.of()).get("id").asString();
        String marker = "secret-" + UUID.randomUUID();
        String ops = "/api/v1/workspaces/" + ws + "/tasks/" + task + "/description/ops";
        assertThat(api.post(ops, Map.of("revision", 0, "op", List.of(marker), "clientId", UUID.randomUUID().toString(),
                "seq", 1), ann.token()).status()).isEqualTo(200);

        JdbcClient events = JdbcClient.create(new DriverManagerDataSource(TestDependencies.eventStoreJdbcUrl(),
                TestDependencies.username(), TestDependencies.password()));
        List<String> stored = events.sql("select convert_from(payload, 'UTF8') from domain_event_entry "
                + "where aggregate_identifier = :task").param("task", task).query(String.class).list();
        assertThat(stored).hasSize(2).noneMatch(p -> p.contains(marker));
        assertThat(stored.get(1)).contains("\"$enc\":\"v1:");

        assertThat(api.delete("/api/v1/workspaces/" + ws, ann.token()).status()).isEqualTo(204);
        // The workspace's key is destroyed by its own processor, moments after the deletion.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode history = api.get("/api/v1/audit/events?limit=100&workspaceId=" + ws + "&aggregateId=" + task,
                    auditor.token()).json().get("items");
            assertThat(history).as("the creation and the edit in the history").hasSize(2);
            JsonNode edit = history.get(1).get("payload");
            assertThat(edit.get("descriptionChange").get("op").asString()).isEqualTo(Sensitive.ERASED);
            assertThat(edit.get("changes").get("description").asString()).isEqualTo(Sensitive.ERASED);
        });
    }

    private Response push(TestUser user, UUID ws, String task, String description, long baseVersion) {
        Map<String, Object> op = new java.util.LinkedHashMap<>();
        op.put("id", UUID.randomUUID().toString());
        op.put("type", "update");
        op.put("entityType", "task");
        op.put("entityId", task);
        op.put("data", Map.of("description", description));
        op.put("baseVersion", baseVersion);
        op.put("timestamp", System.currentTimeMillis());
        Response r = api.post("/api/v1/workspaces/" + ws + "/sync/push", Map.of("operations", List.of(op)), user.token());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r;
    }

    private static List<Integer> sortedCodePoints(String text) {
        return text.codePoints().sorted().boxed().toList();
    }

    private static void assertField(Response r, int status, String field) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.text()).contains("\"" + field + "\"");
    }
}
