package io.tandem.app.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.LongFunction;
import java.util.function.Supplier;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.ApiTestBase;
import io.tandem.app.support.DescriptionEditor;
import io.tandem.app.support.LiveClient;
import io.tandem.ot.TextOp;
import io.tandem.ot.TextUnicode;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The contract's collaborative editing over live sockets, end to end: four editors of two users type into one
 * description at once, each with one operation in flight, and all end with the server's text and revision.
 */
class LiveDescriptionTest extends ApiTestBase {

    @Test
    void fourEditorsTypingAtOnceConvergeOnTheServersTextAndRevision() {
        TestUser ann = register("Ann");
        TestUser bob = register("Bob");
        UUID ws = createWorkspace(ann, "Live editing");
        invite(ann, ws, bob, "member");
        String task = createTask(ann, ws, Map.of("description", "Hello")).get("id").asString();
        String description = "/api/v1/workspaces/" + ws + "/tasks/" + task + "/description";

        List<LiveClient> sockets = new ArrayList<>();
        List<DescriptionEditor> editors = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                TestUser who = i % 2 == 0 ? ann : bob;
                LiveClient socket = LiveClient.connect(port, who.token());
                sockets.add(socket);
                socket.send("join_workspace", Map.of("workspaceId", ws.toString()));
                socket.await("user_presence", p -> p.get("userId").asString().equals(who.id().toString()));
                JsonNode start = api.get(description, who.token()).json();
                DescriptionEditor editor = new DescriptionEditor(socket, task, start.get("text").asString(),
                        start.get("revision").asLong(), 7 + i);
                editor.sync();
                editors.add(editor);
            }

            JsonNode server = typeTogether(editors, () -> api.get(description, ann.token()).json());
            String text = server.get("text").asString();
            long revision = server.get("revision").asLong();
            assertConverged(editors, server, "Hello", since -> api.get(description + "/ops?since=" + since,
                    bob.token()).json());

            // A resent (clientId, seq) changes nothing and is acknowledged with the revision it produced.
            DescriptionEditor first = editors.get(0);
            LiveClient socket = sockets.get(0);
            socket.send("description_op", Map.of("taskId", task, "revision", 0, "op", List.of("again"),
                    "clientId", first.clientId.toString(), "seq", 1));
            JsonNode ack = socket.await("description_ack", p -> p.get("seq").asLong() == 1
                    && p.get("clientId").asString().equals(first.clientId.toString())
                    && p.get("revision").asLong() == first.acked.get(1L)).get("payload");
            assertThat(ack.get("revision").asLong()).isEqualTo(first.acked.get(1L));
            JsonNode after = api.get(description, ann.token()).json();
            assertThat(after.get("revision").asLong()).isEqualTo(revision);
            assertThat(after.get("text").asString()).isEqualTo(text);
        } finally {
            sockets.forEach(LiveClient::close);
        }
    }

    @Test
    void cursorsReachTheOtherSocketsMovedToTheCurrentRevision() {
        TestUser ann = register("Ann");
        TestUser bob = register("Bob");
        UUID ws = createWorkspace(ann, "Cursors");
        invite(ann, ws, bob, "member");
        String task = createTask(ann, ws, Map.of("description", "world")).get("id").asString();
        String ops = "/api/v1/workspaces/" + ws + "/tasks/" + task + "/description/ops";
        try (LiveClient annSocket = LiveClient.connect(port, ann.token());
             LiveClient bobSocket = LiveClient.connect(port, bob.token())) {
            for (LiveClient socket : List.of(annSocket, bobSocket)) {
                socket.send("join_workspace", Map.of("workspaceId", ws.toString()));
            }
            bobSocket.await("user_presence", p -> p.get("userId").asString().equals(bob.id().toString()));
            annSocket.await("user_presence", p -> p.get("userId").asString().equals(ann.id().toString()));
            // Revision 1 inserts "Hello " before where Ann's cursor (made on revision 0) was.
            assertThat(api.post(ops, Map.of("revision", 0, "op", List.of("Hello "), "clientId",
                    UUID.randomUUID().toString(), "seq", 1), bob.token()).status()).isEqualTo(200);
            UUID annClient = UUID.randomUUID();

            annSocket.send("description_cursor", Map.of("taskId", task, "revision", 0, "selection", List.of(2, 5),
                    "clientId", annClient.toString()));

            JsonNode cursor = bobSocket.await("description_cursor", p -> p.get("taskId").asString().equals(task))
                    .get("payload");
            assertThat(cursor.get("revision").asLong()).isEqualTo(1);
            assertThat(cursor.get("selection").get(0).asInt()).isEqualTo(8);
            assertThat(cursor.get("selection").get(1).asInt()).isEqualTo(11);
            assertThat(cursor.get("userId").asString()).isEqualTo(ann.id().toString());
            assertThat(cursor.get("clientId").asString()).isEqualTo(annClient.toString());
            sleep(300);
            assertThat(annSocket.all("description_cursor")).as("not back to its sender").isEmpty();
        }
    }

    @Test
    void refusedOperationsAnswerAnErrorNamingTheEditAndChangeNothing() {
        TestUser ann = register("Ann");
        TestUser viewer = register("Vera");
        UUID ws = createWorkspace(ann, "Refusals");
        invite(ann, ws, viewer, "viewer");
        String task = createTask(ann, ws, Map.of("description", "abc")).get("id").asString();
        UUID client = UUID.randomUUID();
        try (LiveClient annSocket = LiveClient.connect(port, ann.token());
             LiveClient viewerSocket = LiveClient.connect(port, viewer.token())) {
            annSocket.send("join_workspace", Map.of("workspaceId", ws.toString()));
            viewerSocket.send("join_workspace", Map.of("workspaceId", ws.toString()));
            annSocket.await("user_presence", p -> p.get("userId").asString().equals(ann.id().toString()));
            viewerSocket.await("user_presence", p -> p.get("userId").asString().equals(viewer.id().toString()));

            annSocket.send("description_op", Map.of("taskId", task, "revision", 0, "op", List.of(9, "x"),
                    "clientId", client.toString(), "seq", 1));
            JsonNode tooFar = annSocket.await("error", p -> p.has("seq") && p.get("seq").asLong() == 1)
                    .get("payload");
            assertThat(tooFar.get("taskId").asString()).isEqualTo(task);
            assertThat(tooFar.get("clientId").asString()).isEqualTo(client.toString());

            viewerSocket.send("description_op", Map.of("taskId", task, "revision", 0, "op", List.of("x"),
                    "clientId", UUID.randomUUID().toString(), "seq", 1));
            JsonNode forbidden = viewerSocket.await("error", p -> p.has("seq")).get("payload");
            assertThat(forbidden.get("code").asString()).isEqualTo("forbidden");

            JsonNode description = api.get("/api/v1/workspaces/" + ws + "/tasks/" + task + "/description", ann.token())
                    .json();
            assertThat(description.get("text").asString()).isEqualTo("abc");
            assertThat(description.get("revision").asLong()).isZero();
        }
    }

    /**
     * The editors type for four seconds, each with one operation in flight, then wait until every one is idle at the
     * server's revision; answers the server's description then.
     */
    static JsonNode typeTogether(List<DescriptionEditor> editors, Supplier<JsonNode> serverDescription) {
        Random pace = new Random(11);
        long typingUntil = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < typingUntil) {
            for (DescriptionEditor editor : editors) {
                editor.poll();
                if (pace.nextInt(4) == 0) {
                    editor.type();
                }
            }
            sleep(15);
        }
        long settleUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode server = serverDescription.get();
        while (System.nanoTime() < settleUntil && !settled(editors, server.get("revision").asLong())) {
            editors.forEach(DescriptionEditor::poll);
            sleep(20);
            server = serverDescription.get();
        }
        return server;
    }

    /**
     * Every editor idle with the server's text and revision, its frames in revision order, and the operations log
     * (read a page at a time after a revision) replaying from {@code initial} to the server's text.
     */
    static void assertConverged(List<DescriptionEditor> editors, JsonNode server, String initial,
                                LongFunction<JsonNode> opsAfter) {
        String text = server.get("text").asString();
        long revision = server.get("revision").asLong();
        assertThat(revision).as("operations applied").isGreaterThan(10);
        for (DescriptionEditor editor : editors) {
            assertThat(editor.idle()).isTrue();
            assertThat(editor.revision).isEqualTo(revision);
            assertThat(editor.text).isEqualTo(text);
            assertThat(editor.disorder).as("frames out of revision order: %s", editor.disorderSeen).isZero();
        }
        String rebuilt = initial;
        long since = 0;
        while (since < revision) {
            for (JsonNode op : opsAfter.apply(since).get("ops")) {
                assertThat(op.get("revision").asLong()).isEqualTo(since + 1);
                rebuilt = TextUnicode.apply(rebuilt, TextOp.fromTree(ApiClient.JSON.treeToValue(op.get("op"), Object.class)));
                since = op.get("revision").asLong();
            }
        }
        assertThat(rebuilt).as("the operations log replayed from the start").isEqualTo(text);
    }

    private static boolean settled(List<DescriptionEditor> editors, long serverRevision) {
        return editors.stream().allMatch(e -> e.idle() && e.revision == serverRevision);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
