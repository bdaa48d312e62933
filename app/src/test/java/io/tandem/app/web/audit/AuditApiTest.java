package io.tandem.app.web.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiClient.Response;
import io.tandem.app.support.ApiTestBase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The audit history through HTTP: order, who and why, paging under concurrent writes, filters, roles, NDJSON. */
class AuditApiTest extends ApiTestBase {

    @Test
    void taskHistoryListsTheTasksEventsOldestFirstWithWhoAndWhy() {
        TestUser owner = register("Olive");
        UUID ws = createWorkspace(owner, "History");
        String tasks = "/api/v1/workspaces/" + ws + "/tasks";
        Response created = api.request("POST", tasks).token(owner.token()).header("X-Correlation-Id", "corr-create-1")
                .json(Map.of("title", "Audited", "priority", "high")).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String taskId = created.json().get("id").asString();
        api.request("PUT", tasks + "/" + taskId).token(owner.token()).header("X-Correlation-Id", "corr-update-2")
                .json(Map.of("title", "Audited again")).send();
        api.post(tasks + "/" + taskId + "/complete", null, owner.token());

        Response history = api.get(tasks + "/" + taskId + "/history", owner.token());

        assertThat(history.status()).as(history.toString()).isEqualTo(200);
        JsonNode events = history.json();
        assertThat(events.size()).isEqualTo(3);
        assertThat(texts(events, "eventType")).containsExactly("TaskCreatedEvent", "TaskFieldsChangedEvent", "TaskCompletedEvent");
        for (int i = 0; i < 3; i++) {
            JsonNode event = events.get(i);
            assertThat(event.get("sequenceNumber").asLong()).isEqualTo(i);
            assertThat(event.get("aggregateId").asString()).isEqualTo(taskId);
            assertThat(event.get("aggregateType").asString()).isEqualTo("Task");
            assertThat(event.get("userId").asString()).isEqualTo(owner.id().toString());
            assertThat(event.get("metadata").get("userId").asString()).isEqualTo(owner.id().toString());
            assertThat(event.get("eventId").asString()).isNotBlank();
            assertThat(Instant.parse(event.get("timestamp").asString())).isBeforeOrEqualTo(Instant.now());
        }
        assertThat(events.get(0).get("metadata").get("correlationId").asString()).isEqualTo("corr-create-1");
        assertThat(events.get(1).get("metadata").get("correlationId").asString()).isEqualTo("corr-update-2");
        assertThat(events.get(0).get("payload").get("title").asString()).isEqualTo("Audited");
        assertThat(events.get(0).get("payload").get("priority").asString()).isEqualTo("high");
        assertThat(events.get(1).get("payload").toString()).contains("Audited again");

        assertThat(api.get(tasks + "/" + UUID.randomUUID() + "/history", owner.token()).status()).isEqualTo(404);
        UUID other = createWorkspace(owner, "Elsewhere");
        assertThat(api.get("/api/v1/workspaces/" + other + "/tasks/" + taskId + "/history", owner.token()).status())
                .as("a task is only found through its own workspace").isEqualTo(404);
    }

    @Test
    void ownersAdminsAndAuditorsReadHistoryOthersDoNotAndAuditorsWriteNothing() {
        TestUser owner = register("Owner");
        TestUser admin = register("Admin");
        TestUser member = register("Member");
        TestUser viewer = register("Viewer");
        TestUser stranger = register("Stranger");
        TestUser auditor = auditor();
        UUID ws = createWorkspace(owner, "Roles");
        invite(owner, ws, admin, "admin");
        invite(owner, ws, member, "member");
        invite(owner, ws, viewer, "viewer");
        String taskId = createTask(member, ws, Map.of("title", "Watched")).get("id").asString();
        String events = "/api/v1/workspaces/" + ws + "/events";
        String history = "/api/v1/workspaces/" + ws + "/tasks/" + taskId + "/history";

        for (TestUser reader : List.of(owner, admin, auditor)) {
            assertThat(api.get(events, reader.token()).status()).as("events for %s", reader.email()).isEqualTo(200);
            assertThat(api.get(history, reader.token()).status()).as("history for %s", reader.email()).isEqualTo(200);
        }
        for (TestUser lowRole : List.of(member, viewer)) {
            assertThat(api.get(events, lowRole.token()).status()).isEqualTo(403);
            assertThat(api.get(history, lowRole.token()).status()).isEqualTo(403);
            assertThat(api.request("GET", events).token(lowRole.token()).header("Accept", "application/x-ndjson").send()
                    .status()).isEqualTo(403);
        }
        assertThat(api.get(events, stranger.token()).status()).isEqualTo(404);
        assertThat(api.get(history, stranger.token()).status()).isEqualTo(404);

        assertThat(api.get("/api/v1/audit/events", auditor.token()).status()).isEqualTo(200);
        for (TestUser notAuditor : List.of(owner, admin, member)) {
            Response refused = api.get("/api/v1/audit/events", notAuditor.token());
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        }
        assertThat(api.get("/api/v1/audit/events", null).status()).isEqualTo(401);

        String tasks = "/api/v1/workspaces/" + ws + "/tasks";
        assertThat(api.post(tasks, Map.of("title", "Sneaky"), auditor.token()).status()).isEqualTo(403);
        assertThat(api.put(tasks + "/" + taskId, Map.of("title", "Sneaky"), auditor.token()).status()).isEqualTo(403);
        assertThat(api.delete(tasks + "/" + taskId, auditor.token()).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/workspaces/" + ws + "/import",
                Map.of("tasks", List.of(Map.of("id", UUID.randomUUID().toString(), "title", "Sneaky"))), auditor.token())
                .status()).isEqualTo(403);
        assertThat(api.get(tasks + "/" + taskId, owner.token()).json().get("title").asString()).isEqualTo("Watched");
    }

    @Test
    void pagingByPositionMissesNothingAndRepeatsNothingWhileOthersCommit() throws Exception {
        TestUser owner = register("Pager");
        UUID ws = createWorkspace(owner, "Busy");
        int writers = 6;
        int tasksEach = 20;
        int expected = 2 + writers * tasksEach; // workspace created + owner added, then one event per task
        Set<String> createdTasks = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            running.add(pool.submit(() -> {
                ApiClient client = new ApiClient(port);
                for (int i = 0; i < tasksEach; i++) {
                    Response r = client.post("/api/v1/workspaces/" + ws + "/tasks", Map.of("title", "Concurrent " + i), owner.token());
                    assertThat(r.status()).as(r.toString()).isEqualTo(201);
                    createdTasks.add(r.json().get("id").asString());
                }
            }));
        }

        List<JsonNode> seen = new ArrayList<>();
        long after = 0;
        int pages = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (seen.size() < expected && System.nanoTime() < deadline) {
            JsonNode page = api.get("/api/v1/workspaces/" + ws + "/events?limit=7&after=" + after, owner.token()).json();
            page.get("items").forEach(seen::add);
            assertThat(page.get("items").size()).isLessThanOrEqualTo(7);
            after = page.get("nextPosition").asLong();
            pages++;
        }
        for (Future<?> writer : running) {
            writer.get();
        }
        pool.shutdown();

        assertThat(pages).as("paged while the writers were committing").isGreaterThan(expected / 7);
        assertThat(seen).hasSize(expected);
        List<Long> positions = seen.stream().map(e -> e.get("position").asLong()).toList();
        assertThat(positions).isSorted().doesNotHaveDuplicates();
        Set<String> eventIds = new HashSet<>(texts(seen, "eventId"));
        assertThat(eventIds).hasSize(expected);
        Set<String> createdInLog = new HashSet<>();
        seen.stream().filter(e -> e.get("eventType").asString().equals("TaskCreatedEvent"))
                .forEach(e -> createdInLog.add(e.get("aggregateId").asString()));
        assertThat(createdInLog).isEqualTo(createdTasks);
        // Nothing more arrives later: the union of the pages is the whole history of the workspace.
        JsonNode rest = api.get("/api/v1/workspaces/" + ws + "/events?after=" + after, owner.token()).json();
        assertThat(rest.get("items").size()).isZero();
        assertThat(rest.get("nextPosition").asLong()).isEqualTo(after);
        JsonNode all = api.get("/api/v1/workspaces/" + ws + "/events?limit=1000", owner.token()).json();
        assertThat(texts(all.get("items"), "eventId")).containsExactlyElementsOf(texts(seen, "eventId"));
    }

    @Test
    void filtersNarrowTheWorkspaceAndTheCrossWorkspaceHistory() {
        TestUser owner = register("Filter");
        TestUser member = register("Helper");
        TestUser auditor = auditor();
        UUID ws = createWorkspace(owner, "Filtered");
        UUID other = createWorkspace(owner, "Other");
        invite(owner, ws, member, "member");
        Instant start = Instant.now();
        String first = createTask(owner, ws, Map.of("title", "First")).get("id").asString();
        createTask(member, ws, Map.of("title", "By member"));
        api.post("/api/v1/workspaces/" + ws + "/tasks/" + first + "/complete", null, owner.token());
        createTask(owner, other, Map.of("title", "Elsewhere"));
        String events = "/api/v1/workspaces/" + ws + "/events";
        // workspace: created, owner added, member added; tasks: 2 created, 1 completed
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get(events, owner.token()).json().get("items").size() == 6);

        assertThat(texts(items(events + "?eventType=TaskCreatedEvent", owner), "aggregateId")).hasSize(2);
        assertThat(texts(items(events + "?eventType=TaskCreatedEvent,TaskCompletedEvent", owner), "eventType"))
                .containsExactly("TaskCreatedEvent", "TaskCreatedEvent", "TaskCompletedEvent");
        assertThat(texts(items(events + "?aggregateId=" + first, owner), "eventType"))
                .containsExactly("TaskCreatedEvent", "TaskCompletedEvent");
        List<JsonNode> byMember = items(events + "?userId=" + member.id(), owner);
        assertThat(byMember).hasSize(1);
        assertThat(byMember.get(0).get("payload").get("title").asString()).isEqualTo("By member");
        assertThat(items(events + "?from=" + start, owner)).hasSize(3);
        assertThat(items(events + "?to=" + start, owner)).hasSize(3);
        assertThat(items(events + "?from=" + Instant.now().plusSeconds(3600), owner)).isEmpty();
        JsonNode limited = api.get(events + "?limit=2", owner.token()).json();
        assertThat(limited.get("items").size()).isEqualTo(2);
        assertThat(limited.get("hasMore").asBoolean()).isTrue();
        assertThat(limited.get("nextPosition").asLong()).isEqualTo(limited.get("items").get(1).get("position").asLong());
        assertThat(api.get(events + "?limit=0", owner.token()).status()).isEqualTo(400);
        assertThat(api.get(events + "?after=-1", owner.token()).status()).isEqualTo(400);
        assertThat(api.get(events + "?from=yesterday", owner.token()).status()).isEqualTo(400);

        List<JsonNode> audited = items("/api/v1/audit/events?workspaceId=" + ws + "&limit=1000", auditor);
        assertThat(texts(audited, "eventId")).containsExactlyElementsOf(texts(items(events, owner), "eventId"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                items("/api/v1/audit/events?workspaceId=" + other, auditor).size() == 3);
        Set<String> both = new HashSet<>(texts(items("/api/v1/audit/events?userId=" + owner.id() + "&limit=1000", auditor), "eventId"));
        assertThat(both).containsAll(texts(items("/api/v1/audit/events?workspaceId=" + other, auditor), "eventId"));
        assertThat(both).containsAll(texts(items(events + "?userId=" + owner.id(), owner), "eventId"));
    }

    @Test
    void ndjsonStreamsARangeLargerThanAPage() {
        TestUser owner = register("Streamer");
        UUID ws = createWorkspace(owner, "Stream");
        int tasks = 1200;
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            items.add(Map.of("id", UUID.randomUUID().toString(), "title", "Streamed " + i));
        }
        Response imported = api.request("POST", "/api/v1/workspaces/" + ws + "/import").token(owner.token())
                .json(Map.of("tasks", items)).timeout(Duration.ofMinutes(2)).send();
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        int expected = tasks + 2;
        String events = "/api/v1/workspaces/" + ws + "/events";

        await().atMost(Duration.ofSeconds(60)).until(() -> ndjson(events, owner).size() == expected);
        Response stream = api.request("GET", events).token(owner.token()).header("Accept", "application/x-ndjson").send();

        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.header("Content-Type")).startsWith("application/x-ndjson");
        List<JsonNode> lines = lines(stream);
        assertThat(lines).hasSize(expected);
        assertThat(lines.stream().map(e -> e.get("position").asLong()).toList()).isSorted().doesNotHaveDuplicates();
        assertThat(new HashSet<>(texts(lines, "eventId"))).hasSize(expected);
        assertThat(lines.get(expected - 1).get("payload").get("title").asString()).startsWith("Streamed ");

        long middle = lines.get(99).get("position").asLong();
        List<JsonNode> tail = ndjson(events + "?after=" + middle, owner);
        assertThat(tail).hasSize(expected - 100);
        assertThat(tail.get(0).get("eventId").asString()).isEqualTo(lines.get(100).get("eventId").asString());
        assertThat(ndjson(events + "?after=" + middle + "&limit=700", owner)).hasSize(700);
        assertThat(ndjson(events + "?eventType=WorkspaceCreatedEvent", owner)).hasSize(1);
        assertThat(ndjson("/api/v1/audit/events?workspaceId=" + ws, auditor())).hasSize(expected);
        JsonNode json = api.get(events, owner.token()).json();
        assertThat(json.get("items").size()).as("plain JSON stays paged").isEqualTo(100);
    }

    private List<JsonNode> ndjson(String path, TestUser user) {
        Response r = api.request("GET", path).token(user.token()).header("Accept", "application/x-ndjson").send();
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return lines(r);
    }

    private static List<JsonNode> lines(Response r) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.text().split("\n")) {
            if (!line.isEmpty()) {
                lines.add(ApiClient.JSON.readTree(line));
            }
        }
        return lines;
    }

    private List<JsonNode> items(String path, TestUser user) {
        Response r = api.get(path, user.token());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> items = new ArrayList<>();
        r.json().get("items").forEach(items::add);
        return items;
    }

    private static List<String> texts(Iterable<JsonNode> nodes, String field) {
        List<String> values = new ArrayList<>();
        nodes.forEach(n -> values.add(n.get(field).asString()));
        return values;
    }
}
