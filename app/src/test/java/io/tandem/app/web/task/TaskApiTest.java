package io.tandem.app.web.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.app.support.ApiClient.Response;
import io.tandem.app.support.ApiTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class TaskApiTest extends ApiTestBase {

    private TestUser ann;
    private UUID ws;
    private String tasks;

    @BeforeEach
    void workspace() {
        ann = register("Ann");
        ws = createWorkspace(ann, "Tasks");
        tasks = "/api/v1/workspaces/" + ws + "/tasks";
    }

    @Test
    void aTaskIsCreatedWithEveryFieldOfTheContract() {
        TestUser bob = register("Bob");
        invite(ann, ws, bob, "member");
        String category = api.post("/api/v1/workspaces/" + ws + "/categories", Map.of("name", "Work"), ann.token())
                .json().get("id").asString();
        Map<String, Object> body = new HashMap<>();
        body.put("title", "Write report");
        body.put("description", "Quarterly numbers");
        body.put("priority", "high");
        body.put("categoryId", category);
        body.put("tags", List.of("q4", "finance"));
        body.put("assignedTo", bob.id().toString());
        body.put("dueDate", "2026-12-01T09:00:00Z");
        body.put("status", "in_progress");
        body.put("position", 3);

        Response r = api.post(tasks, body, ann.token());

        assertThat(r.status()).isEqualTo(201);
        JsonNode t = r.json();
        assertThat(r.header("Location")).isEqualTo(tasks + "/" + t.get("id").asString());
        assertThat(r.header("ETag")).isEqualTo("\"1\"");
        assertThat(t.get("workspaceId").asString()).isEqualTo(ws.toString());
        assertThat(t.get("title").asString()).isEqualTo("Write report");
        assertThat(t.get("description").asString()).isEqualTo("Quarterly numbers");
        assertThat(t.get("completed").asBoolean()).isFalse();
        assertThat(t.get("priority").asString()).isEqualTo("high");
        assertThat(t.get("categoryId").asString()).isEqualTo(category);
        assertThat(t.get("tags").toString()).isEqualTo("[\"q4\",\"finance\"]");
        assertThat(t.get("assignedTo").asString()).isEqualTo(bob.id().toString());
        assertThat(t.get("createdBy").asString()).isEqualTo(ann.id().toString());
        assertThat(t.get("dueDate").asString()).isEqualTo("2026-12-01T09:00:00Z");
        assertThat(t.get("completedAt").isNull()).isTrue();
        assertThat(t.get("createdAt").asString()).endsWith("Z");
        assertThat(t.get("updatedAt").asString()).endsWith("Z");
        assertThat(t.get("isRecurring").asBoolean()).isFalse();
        assertThat(t.get("isTemplate").asBoolean()).isFalse();
        assertThat(t.get("parentTaskId").isNull()).isTrue();
        assertThat(t.get("status").asString()).isEqualTo("in_progress");
        assertThat(t.get("position").asInt()).isEqualTo(3);
        assertThat(t.get("version").asLong()).isEqualTo(1);
    }

    @Test
    void aClientMayChooseTheIdOfAnOfflineCreatedTask() {
        UUID id = UUID.randomUUID();
        Response r = api.post(tasks, Map.of("id", id.toString(), "title", "Offline"), ann.token());
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("id").asString()).isEqualTo(id.toString());

        Response again = api.post(tasks, Map.of("id", id.toString(), "title", "Twice"), ann.token());
        assertThat(again.status()).isEqualTo(409);
        assertThat(api.get(tasks + "/" + id, ann.token()).json().get("title").asString()).isEqualTo("Offline");
    }

    @Test
    void aReadAfterAWriteSeesTheWrite() {
        for (int i = 0; i < 10; i++) {
            JsonNode created = createTask(ann, ws, Map.of("title", "rw " + i));
            String id = created.get("id").asString();
            assertThat(api.get(tasks + "/" + id, ann.token()).status()).isEqualTo(200);
            Response updated = api.put(tasks + "/" + id, Map.of("title", "rw " + i + "!"), ann.token());
            assertThat(updated.json().get("title").asString()).isEqualTo("rw " + i + "!");
            assertThat(api.get(tasks + "/" + id, ann.token()).json().get("title").asString()).isEqualTo("rw " + i + "!");
        }
    }

    @Test
    void getAnswersTheTaskWithItsVersionAsETag() {
        String id = createTask(ann, ws, Map.of()).get("id").asString();
        api.put(tasks + "/" + id, Map.of("priority", "low"), ann.token());

        Response r = api.get(tasks + "/" + id, ann.token());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("ETag")).isEqualTo("\"2\"");
        assertThat(r.json().get("version").asLong()).isEqualTo(2);
    }

    @Test
    void putChangesPresentFieldsAndKeepsAbsentOnes() {
        String id = createTask(ann, ws, Map.of("title", "Keep", "description", "old", "tags", List.of("a"))).get("id").asString();
        Map<String, Object> body = new HashMap<>();
        body.put("description", null);
        body.put("tags", List.of("b", "c"));

        Response r = api.put(tasks + "/" + id, body, ann.token());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("title").asString()).isEqualTo("Keep");
        assertThat(r.json().get("description").isNull()).isTrue();
        assertThat(r.json().get("tags").toString()).isEqualTo("[\"b\",\"c\"]");
        assertThat(r.json().get("version").asLong()).isEqualTo(2);
    }

    @Test
    void aStaleVersionTouchingOtherFieldsIsMerged() {
        String id = createTask(ann, ws, Map.of("title", "Base")).get("id").asString();
        api.put(tasks + "/" + id, Map.of("title", "Server title", "version", 1), ann.token());

        Response r = api.put(tasks + "/" + id, Map.of("priority", "high", "version", 1), ann.token());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("title").asString()).isEqualTo("Server title");
        assertThat(r.json().get("priority").asString()).isEqualTo("high");
        assertThat(r.json().get("version").asLong()).isEqualTo(3);
    }

    @Test
    void aStaleVersionTouchingTheSameFieldsConflicts() {
        String id = createTask(ann, ws, Map.of("title", "Base")).get("id").asString();
        api.put(tasks + "/" + id, Map.of("title", "Server title", "version", 1), ann.token());

        Response r = api.put(tasks + "/" + id, Map.of("title", "Client title", "priority", "low", "version", 1), ann.token());

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("currentVersion").asLong()).isEqualTo(2);
        assertThat(r.json().get("conflictingFields").toString()).isEqualTo("[\"title\"]");
        assertThat(r.json().get("serverTask").get("title").asString()).isEqualTo("Server title");
        JsonNode now = api.get(tasks + "/" + id, ann.token()).json();
        assertThat(now.get("title").asString()).isEqualTo("Server title");
        assertThat(now.get("priority").asString()).as("nothing half-applied").isEqualTo("medium");
    }

    @Test
    void aStaleIfMatchFailsThePrecondition() {
        String id = createTask(ann, ws, Map.of("title", "Base")).get("id").asString();
        api.put(tasks + "/" + id, Map.of("description", "changed"), ann.token());

        Response stale = api.request("PUT", tasks + "/" + id).token(ann.token()).header("If-Match", "\"1\"")
                .json(Map.of("priority", "high")).send();
        Response fresh = api.request("PUT", tasks + "/" + id).token(ann.token()).header("If-Match", "\"2\"")
                .json(Map.of("priority", "high")).send();

        assertThat(stale.status()).isEqualTo(412);
        assertThat(fresh.status()).isEqualTo(200);
        assertThat(fresh.header("ETag")).isEqualTo("\"3\"");
    }

    @Test
    void completingAndReopeningSetStatusAndCompletedAt() {
        String id = createTask(ann, ws, Map.of()).get("id").asString();

        Response done = api.post(tasks + "/" + id + "/complete", null, ann.token());
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.json().get("completed").asBoolean()).isTrue();
        assertThat(done.json().get("status").asString()).isEqualTo("done");
        assertThat(done.json().get("completedAt").isNull()).isFalse();

        assertThat(api.post(tasks + "/" + id + "/complete", null, ann.token()).status()).isEqualTo(409);

        Response open = api.post(tasks + "/" + id + "/reopen", null, ann.token());
        assertThat(open.status()).isEqualTo(200);
        assertThat(open.json().get("completed").asBoolean()).isFalse();
        assertThat(open.json().get("status").asString()).isEqualTo("todo");
        assertThat(open.json().get("completedAt").isNull()).isTrue();
    }

    @Test
    void completingARecurringTaskCreatesItsNextOccurrence() {
        Map<String, Object> body = new HashMap<>();
        body.put("title", "Water plants");
        body.put("isRecurring", true);
        body.put("dueDate", "2026-12-01T08:00:00Z");
        body.put("recurringConfig", Map.of("frequency", "weekly", "interval", 1, "count", 2));
        String id = api.post(tasks, body, ann.token()).json().get("id").asString();

        api.post(tasks + "/" + id + "/complete", null, ann.token());

        org.awaitility.Awaitility.await().untilAsserted(() -> {
            JsonNode open = api.get(tasks + "?completed=false", ann.token()).json();
            assertThat(open.get("total").asLong()).isEqualTo(1);
            JsonNode next = open.get("items").get(0);
            assertThat(next.get("title").asString()).isEqualTo("Water plants");
            assertThat(next.get("parentTaskId").asString()).isEqualTo(id);
            assertThat(next.get("dueDate").asString()).isEqualTo("2026-12-08T08:00:00Z");
            assertThat(next.get("isRecurring").asBoolean()).isTrue();
        });
        JsonNode recurring = api.get(tasks + "/recurring", ann.token()).json();
        assertThat(recurring.get("total").asLong()).isEqualTo(1);
        assertThat(recurring.get("items").get(0).get("id").asString()).isEqualTo(id);

        String second = api.get(tasks + "?completed=false", ann.token()).json().get("items").get(0).get("id").asString();
        api.post(tasks + "/" + second + "/complete", null, ann.token());
        assertThat(api.get(tasks + "?completed=false", ann.token()).json().get("total").asLong())
                .as("count 2 ends the series").isZero();
    }

    @Test
    void aDeletedTaskIsGone() {
        String id = createTask(ann, ws, Map.of()).get("id").asString();
        assertThat(api.delete(tasks + "/" + id, ann.token()).status()).isEqualTo(204);
        assertThat(api.get(tasks + "/" + id, ann.token()).status()).isEqualTo(404);
        assertThat(api.put(tasks + "/" + id, Map.of("title", "x"), ann.token()).status()).isEqualTo(404);
        assertThat(api.delete(tasks + "/" + id, ann.token()).status()).isEqualTo(404);
        assertThat(api.get(tasks, ann.token()).json().get("total").asLong()).isZero();
    }

    @Test
    void theListFiltersByEveryContractFilter() {
        TestUser bob = register("Bob");
        invite(ann, ws, bob, "member");
        String cat = api.post("/api/v1/workspaces/" + ws + "/categories", Map.of("name", "Home"), ann.token()).json().get("id").asString();
        createTask(ann, ws, Map.of("title", "a", "priority", "high", "tags", List.of("x"), "dueDate", "2026-12-01T00:00:00Z"));
        createTask(ann, ws, Map.of("title", "b", "status", "in_progress", "categoryId", cat));
        createTask(ann, ws, Map.of("title", "c", "assignedTo", bob.id().toString(), "dueDate", "2026-12-20T00:00:00Z"));
        String d = createTask(ann, ws, Map.of("title", "d")).get("id").asString();
        api.post(tasks + "/" + d + "/complete", null, ann.token());

        assertThat(titles("?priority=high")).containsExactly("a");
        assertThat(titles("?status=in_progress")).containsExactly("b");
        assertThat(titles("?categoryId=" + cat)).containsExactly("b");
        assertThat(titles("?assignedTo=" + bob.id())).containsExactly("c");
        assertThat(titles("?tag=x")).containsExactly("a");
        assertThat(titles("?completed=true")).containsExactly("d");
        assertThat(titles("?dueBefore=2026-12-10T00:00:00Z")).containsExactly("a");
        assertThat(titles("?dueAfter=2026-12-10T00:00:00Z")).containsExactly("c");
        assertThat(titles("?status=done&completed=true")).containsExactly("d");
    }

    @Test
    void theListSortsAndPagesWithoutOverlap() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(createTask(ann, ws, Map.of("title", "t" + i, "position", 7 - i)).get("title").asString());
        }
        assertThat(titles("?sort=position")).containsExactly("t6", "t5", "t4", "t3", "t2", "t1", "t0");
        assertThat(titles("?sort=-createdAt").get(0)).isEqualTo("t6");

        List<String> paged = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            JsonNode r = api.get(tasks + "?sort=position&size=3&page=" + page, ann.token()).json();
            assertThat(r.get("total").asLong()).isEqualTo(7);
            assertThat(r.get("size").asInt()).isEqualTo(3);
            r.get("items").forEach(t -> paged.add(t.get("title").asString()));
        }
        Collections.reverse(created);
        assertThat(paged).containsExactlyElementsOf(created);
    }

    @Test
    void badListParametersAreRejected() {
        assertThat(api.get(tasks + "?size=201", ann.token()).status()).isEqualTo(400);
        assertThat(api.get(tasks + "?page=-1", ann.token()).status()).isEqualTo(400);
        assertThat(api.get(tasks + "?sort=colour", ann.token()).status()).isEqualTo(400);
        assertThat(api.get(tasks + "?priority=urgent", ann.token()).status()).isEqualTo(400);
        assertThat(api.get(tasks + "?dueBefore=tomorrow", ann.token()).status()).isEqualTo(400);
    }

    @Test
    void invalidTaskInputIsRejectedNamingTheFieldAndNothingIsCreated() {
        TestUser stranger = register("Stranger");
        assertField(Map.of("title", "x".repeat(501)), "title");
        assertField(Map.of("title", "ok", "description", "d".repeat(2001)), "description");
        assertField(Map.of("title", "ok", "priority", "urgent"), "priority");
        assertField(Map.of("title", "ok", "categoryId", UUID.randomUUID().toString()), "categoryId");
        assertField(Map.of("title", "ok", "assignedTo", stranger.id().toString()), "assignedTo");
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            tags.add("t" + i);
        }
        assertField(Map.of("title", "ok", "tags", tags), "tags");
        assertField(Map.of("title", "ok", "tags", List.of("x".repeat(101))), "tags");
        assertField(Map.of("title", "ok", "dueDate", "next week"), "dueDate");
        assertField(Map.of("title", "ok", "titel", "typo"), "titel");
        assertField(Map.of("description", "no title"), "title");
        assertField(Map.of("title", "ok", "position", "first"), "position");
        Response malformed = api.post(tasks, "{\"title\": \"x\"", ann.token());
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(api.get(tasks, ann.token()).json().get("total").asLong()).isZero();
    }

    @Test
    void anUnknownTaskIsNotFound() {
        assertThat(api.get(tasks + "/" + UUID.randomUUID(), ann.token()).status()).isEqualTo(404);
        assertThat(api.post(tasks + "/" + UUID.randomUUID() + "/complete", null, ann.token()).status()).isEqualTo(404);
    }

    private void assertField(Map<String, ?> body, String field) {
        Response r = api.post(tasks, body, ann.token());
        assertThat(r.status()).as("%s -> %s", body.keySet(), r).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        List<String> fields = new ArrayList<>();
        r.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).contains(field);
    }

    private List<String> titles(String query) {
        Response r = api.get(tasks + query, ann.token());
        assertThat(r.status()).as(query + " -> " + r).isEqualTo(200);
        List<String> titles = new ArrayList<>();
        r.json().get("items").forEach(t -> titles.add(t.get("title").asString()));
        return titles;
    }
}
