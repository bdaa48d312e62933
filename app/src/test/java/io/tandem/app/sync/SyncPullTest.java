package io.tandem.app.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiTestBase;
import io.tandem.app.support.TestDependencies;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Pull delivers every operation of a workspace exactly once and in order, whatever the writers do meanwhile. */
class SyncPullTest extends ApiTestBase {

    private static final int WRITERS = 8;
    private static final int TASKS_PER_WRITER = 12;

    @Test
    void aPullerFollowingNextTokenGetsEveryOperationExactlyOnceWhileEightWritersCommit() throws Exception {
        TestUser owner = register("Puller Owner");
        UUID workspace = createWorkspace(owner, "Exactly once");
        String ws = "/api/v1/workspaces/" + workspace;
        List<UUID> taskIds = new CopyOnWriteArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<JsonNode> pulled = Collections.synchronizedList(new ArrayList<>());
        List<String> tokens = Collections.synchronizedList(new ArrayList<>());

        ExecutorService pool = Executors.newFixedThreadPool(WRITERS + 1);
        Future<?> puller = pool.submit(() -> {
            ApiClient client = new ApiClient(port);
            String token = null;
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            // Keeps pulling during the writes, then until it has caught up with everything that was written.
            while (writing.get() || pulled.size() < eventCount(workspace, taskIds)) {
                assertThat(System.nanoTime()).as("the puller catches up in time").isLessThan(deadline);
                ApiClient.Response r = client.get(ws + "/sync/pull?limit=7" + (token == null ? "" : "&since=" + token),
                        owner.token());
                assertThat(r.status()).as("pull: %s", r).isEqualTo(200);
                r.json().get("operations").forEach(pulled::add);
                token = r.json().get("nextToken").asString();
                tokens.add(token);
            }
            return null;
        });
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                ApiClient client = new ApiClient(port);
                for (int i = 0; i < TASKS_PER_WRITER; i++) {
                    ApiClient.Response created = client.post(ws + "/tasks", Map.of("title", "w" + writer + "-" + i),
                            owner.token());
                    assertThat(created.status()).as("create: %s", created).isEqualTo(201);
                    UUID id = UUID.fromString(created.json().get("id").asString());
                    taskIds.add(id);
                    assertThat(client.put(ws + "/tasks/" + id, Map.of("description", "edited " + i), owner.token())
                            .status()).isEqualTo(200);
                    if (i % 4 == 0) {
                        assertThat(client.post(ws + "/tasks/" + id + "/complete", Map.of(), owner.token()).status())
                                .isEqualTo(200);
                    }
                    if (i % 6 == 5) {
                        assertThat(client.delete(ws + "/tasks/" + id, owner.token()).status()).isEqualTo(204);
                    }
                }
                return null;
            }));
        }
        for (Future<?> writer : writers) {
            writer.get();
        }
        writing.set(false);
        puller.get();
        pool.shutdown();

        List<String> ids = pulled.stream().map(op -> op.get("id").asString()).toList();
        assertThat(new HashSet<>(ids)).as("no operation twice").hasSameSizeAs(ids);
        assertThat(new HashSet<>(ids)).as("exactly the workspace's events")
                .isEqualTo(eventIds(workspace, taskIds));
        assertThat(ids).hasSize(2 + WRITERS * TASKS_PER_WRITER * 2 + WRITERS * 3 + WRITERS * 2);

        // Per aggregate, versions arrive as 1, 2, 3...: nothing skipped, nothing out of order.
        Map<String, Long> lastVersion = new HashMap<>();
        for (JsonNode op : pulled) {
            String aggregate = op.get("entityType").asString().equals("task") ? op.get("entityId").asString()
                    : workspace.toString();
            long version = op.get("version").asLong();
            assertThat(version).as("version of %s", aggregate).isEqualTo(lastVersion.getOrDefault(aggregate, 0L) + 1);
            lastVersion.put(aggregate, version);
        }
        List<JsonNode> deletes = pulled.stream().filter(op -> op.get("type").asString().equals("delete")).toList();
        assertThat(deletes).hasSize(WRITERS * 2).allSatisfy(op -> {
            assertThat(op.get("entityType").asString()).isEqualTo("task");
            assertThat(op.get("data").isEmpty()).as("a tombstone carries no data").isTrue();
        });
        JsonNode create = pulled.stream().filter(op -> op.get("eventType").asString().equals("TaskCreatedEvent"))
                .findFirst().orElseThrow();
        assertThat(create.get("data").get("title").asString()).startsWith("w");
        assertThat(create.get("data").get("status").asString()).isEqualTo("todo");
        assertThat(create.get("userId").asString()).isEqualTo(owner.id().toString());
        assertThat(create.get("workspaceId").asString()).isEqualTo(workspace.toString());
    }

    @Test
    void theSameTokenAnswersTheSameOperations() {
        TestUser owner = register("Repeat Owner");
        UUID workspace = createWorkspace(owner, "Repeatable");
        String pull = "/api/v1/workspaces/" + workspace + "/sync/pull";
        for (int i = 0; i < 5; i++) {
            createTask(owner, workspace, Map.of("title", "t" + i));
        }
        // The sync log follows the writes shortly after each answer.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.get(pull, owner.token()).json().get("operations").size() == 7);
        JsonNode first = api.get(pull + "?limit=3", owner.token()).json();
        assertThat(first.get("hasMore").asBoolean()).isTrue();
        assertThat(first.get("operations")).hasSize(3);
        assertThat(first.get("operations").get(2).get("token").asString()).isEqualTo(first.get("nextToken").asString());
        String token = first.get("nextToken").asString();
        JsonNode once = api.get(pull + "?since=" + token, owner.token()).json();
        JsonNode twice = api.get(pull + "?since=" + token, owner.token()).json();
        assertThat(once.get("operations")).hasSize(4).isEqualTo(twice.get("operations"));
        assertThat(once.get("hasMore").asBoolean()).isFalse();
        assertThat(once.get("serverTime").asLong()).isPositive();

        JsonNode end = api.get(pull + "?since=" + once.get("nextToken").asString(), owner.token()).json();
        assertThat(end.get("operations")).isEmpty();
        assertThat(end.get("nextToken").asString()).isEqualTo(once.get("nextToken").asString());
        JsonNode status = api.get("/api/v1/workspaces/" + workspace + "/sync/status", owner.token()).json();
        assertThat(status.get("latestToken").asString()).isEqualTo(once.get("nextToken").asString());
        assertThat(status.get("pendingConflicts")).isEmpty();
    }

    @Test
    void malformedAndForeignTokensAreRefused() {
        TestUser owner = register("Token Owner");
        UUID workspace = createWorkspace(owner, "Mine");
        UUID other = createWorkspace(owner, "Other");
        String foreign = api.get("/api/v1/workspaces/" + other + "/sync/pull", owner.token()).json().get("nextToken").asString();
        String pull = "/api/v1/workspaces/" + workspace + "/sync/pull";
        for (String bad : List.of("not-a-token", foreign, "djE6eHl6OjE", "%20%20x")) {
            ApiClient.Response r = api.get(pull + "?since=" + bad, owner.token());
            assertThat(r.status()).as("since=%s: %s", bad, r).isEqualTo(400);
            assertThat(r.json().get("errors").get(0).get("field").asString()).isEqualTo("since");
        }
        assertThat(api.get(pull + "?limit=0", owner.token()).status()).isEqualTo(400);
        assertThat(api.get(pull + "?limit=501", owner.token()).status()).isEqualTo(400);
        TestUser stranger = register("Stranger");
        assertThat(api.get(pull, stranger.token()).status()).isEqualTo(404);
        assertThat(api.get(pull, null).status()).isEqualTo(401);
    }

    private static long eventCount(UUID workspace, List<UUID> taskIds) {
        return eventIds(workspace, taskIds).size();
    }

    private static Set<String> eventIds(UUID workspace, List<UUID> taskIds) {
        List<String> aggregates = new ArrayList<>(taskIds.stream().map(UUID::toString).toList());
        aggregates.add(workspace.toString());
        try (Connection c = DriverManager.getConnection(TestDependencies.eventStoreJdbcUrl(), TestDependencies.username(),
                TestDependencies.password());
             PreparedStatement s = c.prepareStatement(
                     "SELECT event_identifier FROM domain_event_entry WHERE aggregate_identifier = ANY (?)")) {
            s.setArray(1, c.createArrayOf("varchar", aggregates.toArray()));
            Set<String> ids = new HashSet<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
