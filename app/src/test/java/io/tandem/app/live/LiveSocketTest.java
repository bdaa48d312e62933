package io.tandem.app.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.api.sync.SyncConflict;
import io.tandem.api.sync.SyncConflictListener;
import io.tandem.api.sync.SyncLogListener;
import io.tandem.api.sync.SyncOperation;
import io.tandem.app.support.ApiTestBase;
import io.tandem.app.support.LiveClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The WebSocket end to end over real sockets: who may connect and join, what the sync log delivers, presence in
 * Redis, the frame limit and the task_update frame. The sync log is driven by calling its listener bean with
 * operations built from real tasks, as the sync log does after each commit.
 */
class LiveSocketTest extends ApiTestBase {

    private static final AtomicLong TOKENS = new AtomicLong();

    @Autowired
    SyncLogListener syncLog;
    @Autowired
    SyncConflictListener conflicts;
    @Autowired
    LiveRedis redis;
    @Autowired
    MeterRegistry meters;

    @Test
    void aMissingOrBadTokenIsRefusedAndAGoodOneAcceptedInTheQueryOrTheHeader() {
        TestUser user = register("Sol");
        assertRefused(LiveClient.attempt(LiveClient.builder(), URI.create("ws://127.0.0.1:" + port + "/ws")));
        assertRefused(LiveClient.attempt(LiveClient.builder(),
                URI.create("ws://127.0.0.1:" + port + "/ws?token=not.a.jwt")));
        assertRefused(LiveClient.attempt(LiveClient.builder().header("Authorization", "Bearer " + user.token() + "x"),
                URI.create("ws://127.0.0.1:" + port + "/ws")));

        UUID workspace = createWorkspace(user, "Open");
        try (LiveClient byQuery = LiveClient.connect(port, user.token());
             LiveClient byHeader = LiveClient.connectWithHeader(port, user.token())) {
            for (LiveClient client : List.of(byQuery, byHeader)) {
                client.send("join_workspace", Map.of("workspaceId", workspace.toString()));
                client.await("user_presence", p -> p.get("userId").asString().equals(user.id().toString()));
            }
        }
    }

    @Test
    void aPwaServedFromAnotherOriginOpensTheSocket() {
        // Browsers send their page's origin with the handshake; TANDEM_CORS_ORIGINS (the REST policy, empty here)
        // does not apply to it, TANDEM_WS_ALLOWED_ORIGINS (any, by default) does.
        TestUser user = register("Far Away");
        UUID workspace = createWorkspace(user, "Elsewhere");
        WebSocket.Builder fromElsewhere = LiveClient.builder().header("Origin", "https://app.example.test");
        try (LiveClient client = LiveClient.open(fromElsewhere, URI.create("ws://127.0.0.1:" + port + "/ws?token=" + user.token()))) {
            client.send("join_workspace", Map.of("workspaceId", workspace.toString()));
            client.await("user_presence", p -> p.get("userId").asString().equals(user.id().toString()));
        }
    }

    @Test
    void aNonMemberWhoJoinsHearsAnErrorAndNothingOfTheWorkspace() {
        TestUser owner = register("Owner");
        TestUser stranger = register("Stranger");
        UUID workspace = createWorkspace(owner, "Private");
        JsonNode task = createTask(owner, workspace, Map.of("title", "Secret plan"));
        try (LiveClient member = joined(owner, workspace); LiveClient outsider = LiveClient.connect(port, stranger.token())) {
            outsider.send("join_workspace", Map.of("workspaceId", workspace.toString()));
            JsonNode error = outsider.await("error", p -> true).get("payload");
            assertThat(error.get("code").asString()).isEqualTo("not_found");
            assertThat(error.get("message").asString()).isNotBlank();

            SyncOperation created = create(task, owner.id());
            syncLog.appended(created);
            member.await("task_created", p -> p.get("id").asString().equals(task.get("id").asString()));
            // Frames leave a connection in order: the answer to a later frame comes after anything meant for it.
            outsider.sendRaw("{}");
            await().atMost(Duration.ofSeconds(10)).until(() -> outsider.frames.size() >= 2);
            assertThat(outsider.frames).extracting(f -> f.get("type").asString()).containsExactly("error", "error");
            assertThat(outsider.frames.toString()).doesNotContain("Secret plan").doesNotContain(workspace.toString());
        }
    }

    @Test
    void taskCreatedUpdatedAndDeletedReachAJoinedMember() {
        TestUser owner = register("Ada");
        TestUser member = register("Ben");
        UUID workspace = createWorkspace(owner, "Live");
        invite(owner, workspace, member, "member");
        try (LiveClient client = joined(member, workspace)) {
            JsonNode task = createTask(owner, workspace, Map.of("title", "Ship it", "priority", "high"));
            String taskId = task.get("id").asString();
            SyncOperation created = create(task, owner.id());
            syncLog.appended(created);
            JsonNode createdFrame = client.await("task_created", p -> p.get("id").asString().equals(taskId))
                    .get("payload");
            assertThat(createdFrame.get("title").asString()).isEqualTo("Ship it");
            assertThat(createdFrame.get("priority").asString()).isEqualTo("high");
            assertThat(createdFrame.get("workspaceId").asString()).isEqualTo(workspace.toString());
            assertThat(createdFrame.get("createdBy").asString()).isEqualTo(owner.id().toString());
            assertThat(createdFrame.get("version").asLong()).isEqualTo(1);

            assertThat(api.put(path(workspace, taskId), Map.of("title", "Ship it today"), owner.token()).status())
                    .isEqualTo(200);
            SyncOperation updated = operation("update", "task", UUID.fromString(taskId),
                    Map.of("title", "Ship it today"), 2, owner.id(), workspace, "TaskFieldsChangedEvent");
            syncLog.appended(updated);
            JsonNode updatedFrame = client.await("task_updated", p -> p.get("token").asString().equals(updated.token()))
                    .get("payload");
            assertThat(updatedFrame.get("taskId").asString()).isEqualTo(taskId);
            assertThat(updatedFrame.get("changes").get("title").asString()).isEqualTo("Ship it today");
            assertThat(updatedFrame.get("updatedBy").asString()).isEqualTo(owner.id().toString());
            assertThat(updatedFrame.get("version").asLong()).isEqualTo(2);

            assertThat(api.delete(path(workspace, taskId), owner.token()).status()).isEqualTo(204);
            SyncOperation deleted = operation("delete", "task", UUID.fromString(taskId), Map.of(), 3, owner.id(),
                    workspace, "TaskDeletedEvent");
            syncLog.appended(deleted);
            JsonNode deletedFrame = client.await("task_deleted", p -> p.get("token").asString().equals(deleted.token()))
                    .get("payload");
            assertThat(deletedFrame.get("taskId").asString()).isEqualTo(taskId);
            assertThat(deletedFrame.get("deletedBy").asString()).isEqualTo(owner.id().toString());

            List<String> order = client.frames.stream().map(f -> f.get("type").asString())
                    .filter(t -> t.startsWith("task_")).toList();
            assertThat(order).containsSubsequence("task_created", "task_updated", "task_deleted");
        }
    }

    @Test
    void aCategoryChangeArrivesAsTheCategory() {
        TestUser owner = register("Cat");
        UUID workspace = createWorkspace(owner, "Sorted");
        JsonNode category = api.post("/api/v1/workspaces/" + workspace + "/categories",
                Map.of("name", "Errands", "color", "#00AA00"), owner.token()).json();
        try (LiveClient client = joined(owner, workspace)) {
            UUID categoryId = UUID.fromString(category.get("id").asString());
            syncLog.appended(operation("update", "category", categoryId, Map.of("name", "Chores"), 2, owner.id(),
                    workspace, "CategoryUpdatedEvent"));
            JsonNode frame = client.await("category_updated", p -> p.get("id").asString().equals(categoryId.toString()))
                    .get("payload");
            assertThat(frame.get("name").asString()).isEqualTo("Chores");
            assertThat(frame.get("color").asString()).isEqualTo("#00AA00");
            assertThat(frame.get("workspaceId").asString()).isEqualTo(workspace.toString());
        }
    }

    @Test
    void presenceIsAnnouncedKeptInRedisWithExpiryAndClearedOnClose() {
        TestUser ann = register("Ann");
        TestUser bob = register("Bob");
        UUID workspace = createWorkspace(ann, "Together");
        invite(ann, workspace, bob, "viewer");
        try (LiveClient annClient = joined(ann, workspace)) {
            LiveClient bobClient = joined(bob, workspace);
            annClient.await("user_presence", p -> isPresence(p, bob, workspace, "online"));
            bobClient.await("user_presence", p -> isPresence(p, ann, workspace, "online"));

            List<String> keys = presenceKeys(workspace, bob);
            assertThat(keys).hasSize(1);
            assertThat(redis.sync().get(keys.get(0))).isEqualTo("online");
            assertThat(redis.sync().pttl(keys.get(0))).isBetween(1L, 60_000L);

            bobClient.send("presence_update", Map.of("status", "busy"));
            annClient.await("user_presence", p -> isPresence(p, bob, workspace, "busy"));
            assertThat(redis.sync().get(keys.get(0))).isEqualTo("busy");

            bobClient.send("presence_update", Map.of("status", "sleeping"));
            assertThat(bobClient.await("error", p -> true).get("payload").get("code").asString()).isEqualTo("validation");

            bobClient.close();
            annClient.await("user_presence", p -> isPresence(p, bob, workspace, "offline"));
            await().atMost(Duration.ofSeconds(5)).until(() -> presenceKeys(workspace, bob).isEmpty());
            assertThat(presenceKeys(workspace, ann)).hasSize(1);

            annClient.send("leave_workspace", Map.of("workspaceId", workspace.toString()));
            await().atMost(Duration.ofSeconds(5)).until(() -> presenceKeys(workspace, ann).isEmpty());
        }
    }

    @Test
    void framesBeyondTenASecondAreRefusedAndTheConnectionRecovers() {
        TestUser user = register("Quick");
        UUID workspace = createWorkspace(user, "Busy");
        try (LiveClient client = LiveClient.connect(port, user.token())) {
            for (int i = 0; i < 30; i++) {
                client.send("presence_update", Map.of("status", "online"));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> client.all("error").size() >= 15);
            List<JsonNode> errors = client.all("error");
            assertThat(errors).allSatisfy(e -> assertThat(e.get("payload").get("code").asString()).isEqualTo("rate_limited"));
            assertThat(errors.size()).as("about 20 of 30 refused").isBetween(15, 20);

            await().pollDelay(Duration.ofMillis(1100)).atMost(Duration.ofSeconds(3)).until(() -> true);
            client.send("join_workspace", Map.of("workspaceId", workspace.toString()));
            client.await("user_presence", p -> isPresence(p, user, workspace, "online"));
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void malformedAndUnknownFramesAreAnsweredWithErrors() {
        TestUser user = register("Odd");
        try (LiveClient client = LiveClient.connect(port, user.token())) {
            client.sendRaw("{not json");
            client.sendRaw("{\"type\":\"dance\",\"payload\":{}}");
            client.send("join_workspace", Map.of("workspaceId", "nope"));
            await().atMost(Duration.ofSeconds(10)).until(() -> client.all("error").size() == 3);
            assertThat(client.all("error")).extracting(f -> f.get("payload").get("code").asString())
                    .containsExactly("malformed_frame", "unknown_type", "validation");
            assertThat(client.isOpen()).isTrue();
        }
    }

    @Test
    void taskUpdateChangesTheTaskForWritersOnlyAndReportsConflicts() {
        TestUser owner = register("Writer");
        TestUser viewer = register("Reader");
        UUID workspace = createWorkspace(owner, "Edits");
        invite(owner, workspace, viewer, "viewer");
        JsonNode task = createTask(owner, workspace, Map.of("title", "Draft"));
        String taskId = task.get("id").asString();
        try (LiveClient writer = joined(owner, workspace); LiveClient reader = joined(viewer, workspace)) {
            writer.send("task_update", Map.of("taskId", taskId, "changes", Map.of("title", "Final")));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    api.get(path(workspace, taskId), owner.token()).json().get("title").asString().equals("Final"));

            // Based on version 1, the title changed since: an overlapping stale edit is a conflict, a disjoint one merges.
            writer.send("task_update", Map.of("taskId", taskId, "changes", Map.of("title", "Stale"), "baseVersion", 1));
            JsonNode conflict = writer.await("error", p -> p.get("code").asString().equals("conflict")).get("payload");
            assertThat(conflict.get("taskId").asString()).isEqualTo(taskId);
            assertThat(conflict.get("currentVersion").asLong()).isEqualTo(2);
            assertThat(conflict.get("conflictingFields").get(0).asString()).isEqualTo("title");
            writer.send("task_update", Map.of("taskId", taskId, "changes", Map.of("description", "merged"),
                    "baseVersion", 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> "merged".equals(
                    api.get(path(workspace, taskId), owner.token()).json().get("description").asString()));
            assertThat(api.get(path(workspace, taskId), owner.token()).json().get("title").asString()).isEqualTo("Final");

            reader.send("task_update", Map.of("taskId", taskId, "changes", Map.of("title", "Vandal")));
            assertThat(reader.await("error", p -> true).get("payload").get("code").asString()).isEqualTo("forbidden");
            writer.send("task_update", Map.of("taskId", taskId, "changes", Map.of("priority", "urgent")));
            assertThat(writer.await("error", p -> p.get("code").asString().equals("validation")).get("payload")
                    .get("message").asString()).contains("priority");
            writer.send("task_update", Map.of("taskId", taskId, "changes", Map.of("title", "Adopted",
                    "parentTaskId", UUID.randomUUID().toString())));
            assertThat(writer.await("error", p -> p.path("field").asString("").equals("parentTaskId")).get("payload")
                    .get("code").asString()).isEqualTo("validation");
            writer.send("task_update", Map.of("taskId", UUID.randomUUID().toString(), "changes", Map.of("title", "x")));
            writer.await("error", p -> p.get("code").asString().equals("not_found"));
            assertThat(api.get(path(workspace, taskId), owner.token()).json().get("title").asString()).isEqualTo("Final");
        }
    }

    @Test
    void auditorsJoinAnyWorkspaceButCannotWrite() {
        TestUser owner = register("Boss");
        UUID workspace = createWorkspace(owner, "Audited");
        String taskId = createTask(owner, workspace, Map.of("title", "Books")).get("id").asString();
        TestUser auditor = auditor();
        try (LiveClient client = joined(auditor, workspace)) {
            client.send("task_update", Map.of("taskId", taskId, "changes", Map.of("title", "Cooked")));
            assertThat(client.await("error", p -> true).get("payload").get("code").asString()).isEqualTo("forbidden");
        }
    }

    @Test
    void conflictsReachOnlyThePusher() {
        TestUser pusher = register("Pusher");
        TestUser teammate = register("Mate");
        UUID workspace = createWorkspace(pusher, "Clash");
        invite(pusher, workspace, teammate, "member");
        String taskId = createTask(pusher, workspace, Map.of("title", "Contested")).get("id").asString();
        try (LiveClient mine = joined(pusher, workspace); LiveClient theirs = joined(teammate, workspace);
             LiveClient myOther = LiveClient.connect(port, pusher.token())) {
            // A round trip first: the server registers a connection just after the handshake, and a frame published
            // before that has nobody to go to.
            myOther.send("no_such_frame", Map.of());
            myOther.await("error", p -> p.get("code").asString().equals("unknown_type"));
            SyncConflict conflict = new SyncConflict(UUID.randomUUID(), "task", UUID.fromString(taskId),
                    List.of("title"), Map.of("title", "Server"), Map.of("title", "Client"), 1L, 2L);
            conflicts.detected(pusher.id(), workspace, UUID.fromString(taskId), List.of(conflict));
            for (LiveClient client : List.of(mine, myOther)) {
                JsonNode frame = client.await("conflict_detected", p -> p.get("taskId").asString().equals(taskId))
                        .get("payload");
                assertThat(frame.get("conflicts").get(0).get("conflictId").asString())
                        .isEqualTo(conflict.conflictId().toString());
                assertThat(frame.get("conflicts").get(0).get("fields").get(0).asString()).isEqualTo("title");
            }
            SyncOperation marker = operation("delete", "task", UUID.fromString(taskId), Map.of(), 2, pusher.id(),
                    workspace, "TaskDeletedEvent");
            syncLog.appended(marker);
            theirs.await("task_deleted", p -> p.get("token").asString().equals(marker.token()));
            assertThat(theirs.all("conflict_detected")).isEmpty();
        }
    }

    @Test
    void theGaugeCountsOpenConnections() {
        TestUser user = register("Gauge");
        double before = gauge();
        LiveClient one = LiveClient.connect(port, user.token());
        LiveClient two = LiveClient.connect(port, user.token());
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge() >= before + 2);
        one.close();
        two.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> gauge() <= before);
    }

    private double gauge() {
        return meters.get("websocket.active.connections").gauge().value();
    }

    private LiveClient joined(TestUser user, UUID workspace) {
        LiveClient client = LiveClient.connect(port, user.token());
        client.send("join_workspace", Map.of("workspaceId", workspace.toString()));
        client.await("user_presence", p -> isPresence(p, user, workspace, "online"));
        return client;
    }

    private List<String> presenceKeys(UUID workspace, TestUser user) {
        return redis.sync().keys(redis.key("presence:" + workspace + ":" + user.id() + ":*"));
    }

    private static boolean isPresence(JsonNode payload, TestUser user, UUID workspace, String status) {
        return payload.get("userId").asString().equals(user.id().toString())
                && payload.get("workspaceId").asString().equals(workspace.toString())
                && payload.get("status").asString().equals(status);
    }

    private static void assertRefused(java.util.concurrent.CompletableFuture<?> attempt) {
        assertThatThrownBy(() -> attempt.orTimeout(10, TimeUnit.SECONDS).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(401));
    }

    private static String path(UUID workspace, String taskId) {
        return "/api/v1/workspaces/" + workspace + "/tasks/" + taskId;
    }

    /** The operation the sync log appends for a task just created over HTTP. */
    @SuppressWarnings("unchecked")
    static SyncOperation create(JsonNode task, UUID userId) {
        Map<String, Object> data = io.tandem.app.support.ApiClient.JSON.convertValue(task, Map.class);
        return operation("create", "task", UUID.fromString(task.get("id").asString()), data,
                task.get("version").asLong(), userId, UUID.fromString(task.get("workspaceId").asString()),
                "TaskCreatedEvent");
    }

    static SyncOperation operation(String type, String entityType, UUID entityId, Map<String, Object> data,
                                   long version, UUID userId, UUID workspaceId, String eventType) {
        return new SyncOperation(UUID.randomUUID().toString(), type, entityType, entityId, data, version,
                System.currentTimeMillis(), userId, workspaceId, eventType, "test-token-" + TOKENS.incrementAndGet());
    }
}
