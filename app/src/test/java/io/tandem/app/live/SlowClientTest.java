package io.tandem.app.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.api.sync.SyncLogListener;
import io.tandem.api.sync.SyncOperation;
import io.tandem.app.support.ApiTestBase;
import io.tandem.app.support.LiveClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A client that stops reading must not hold up anyone else: its frames pile up only until its limits, then it is
 * disconnected, while a healthy member of the same workspace keeps receiving promptly.
 */
class SlowClientTest extends ApiTestBase {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Autowired
    SyncLogListener syncLog;
    @Autowired
    LiveConnections connections;
    @Autowired
    LiveRedis redis;

    @Test
    void aClientThatNeverReadsIsClosedAndDelaysNobody() throws Exception {
        TestUser owner = register("Fast");
        TestUser sloth = register("Sloth");
        UUID workspace = createWorkspace(owner, "Firehose");
        invite(owner, workspace, sloth, "member");
        UUID taskId = UUID.fromString(createTask(owner, workspace, Map.of()).get("id").asString());

        try (Socket slow = neverReadingClient(sloth.token());
             LiveClient fast = LiveClient.connect(port, owner.token())) {
            sendFrame(slow, "{\"type\":\"join_workspace\",\"payload\":{\"workspaceId\":\"" + workspace + "\"}}");
            fast.send("join_workspace", Map.of("workspaceId", workspace.toString()));
            fast.await("user_presence", p -> p.get("userId").asString().equals(owner.id().toString()));
            await().atMost(Duration.ofSeconds(10)).until(() -> !redis.sync()
                    .keys(redis.key("presence:" + workspace + ":" + sloth.id() + ":*")).isEmpty());
            assertThat(openConnectionsOf(sloth)).isEqualTo(1);

            // Frames of a realistic size (a full description is 2,000 characters), far more of them than the slow
            // client's socket buffers (up to 4 MB here) and its 512 KB send buffer hold: about 8 MB.
            String bulk = "x".repeat(4_000);
            List<SyncOperation> operations = new ArrayList<>();
            for (int i = 1; i <= 2_000; i++) {
                operations.add(LiveSocketTest.operation("update", "task", taskId, Map.of("description", bulk + i),
                        i + 1, owner.id(), workspace, "TaskFieldsChangedEvent"));
            }
            // Published in batches, each once the healthy client has the one before, so that it never lags (as a
            // client that keeps up would not); the slow client falls further behind with each batch.
            Duration slowestBatch = Duration.ZERO;
            for (int from = 0; from < operations.size(); from += 50) {
                List<SyncOperation> batch = operations.subList(from, from + 50);
                long started = System.nanoTime();
                batch.forEach(syncLog::appended);
                String last = batch.get(batch.size() - 1).token();
                fast.await("task_updated", p -> p.get("token").asString().equals(last));
                Duration took = Duration.ofNanos(System.nanoTime() - started);
                slowestBatch = took.compareTo(slowestBatch) > 0 ? took : slowestBatch;
            }
            // Waiting on the slow client would cost its whole send time limit (20 s in the tests).
            assertThat(slowestBatch).as("the healthy client's slowest batch of 50 frames").isLessThan(Duration.ofSeconds(5));
            List<String> tokens = fast.all("task_updated").stream().map(f -> f.get("payload").get("token").asString())
                    .toList();
            assertThat(tokens).containsExactlyElementsOf(operations.stream().map(SyncOperation::token).toList());
            await().atMost(Duration.ofSeconds(15)).until(() -> openConnectionsOf(sloth) == 0);
            assertThat(fast.isOpen()).isTrue();

            SyncOperation after = LiveSocketTest.operation("delete", "task", taskId, Map.of(), 2_002, owner.id(),
                    workspace, "TaskDeletedEvent");
            syncLog.appended(after);
            fast.await("task_deleted", p -> p.get("token").asString().equals(after.token()));
        }
    }

    private long openConnectionsOf(TestUser user) {
        return connections.all().stream().filter(c -> c.user.id().equals(user.id()) && c.isOpen()).count();
    }

    /** A WebSocket handshake by hand on a socket with a tiny receive buffer, which the test then never reads. */
    private Socket neverReadingClient(String token) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String request = "GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                + "Sec-WebSocket-Version: 13\r\nAuthorization: Bearer " + token + "\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("Handshake answer ended early: " + head);
            }
            head.write(b);
        }
        assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
        return socket;
    }

    /** A client's text frame: final, masked, payload under 64 KB. */
    private static void sendFrame(Socket socket, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        }
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        OutputStream out = socket.getOutputStream();
        out.write(frame.toByteArray());
        out.flush();
    }

}
