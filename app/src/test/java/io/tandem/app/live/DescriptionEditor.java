package io.tandem.app.live;

import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.tandem.app.support.ApiClient;
import io.tandem.ot.Side;
import io.tandem.ot.TextOp;
import io.tandem.ot.TextUnicode;
import tools.jackson.databind.JsonNode;

/**
 * An editor of one task's description over a live socket, as the contract's client algorithm (ShareDB's) goes:
 * one operation in flight, what is typed meanwhile composed into one pending operation, and every operation from
 * the server transformed against both before it is applied here. Single-threaded: {@link #poll} handles the frames
 * that arrived, {@link #type} makes one random edit.
 */
final class DescriptionEditor {

    private final LiveClient socket;
    private final String taskId;
    final UUID clientId = UUID.randomUUID();
    private final Random random;
    private int read;
    private long seq;
    long revision;
    String text;
    private TextOp inflight;
    private long inflightSeq;
    private TextOp pending;
    /** Frames out of place (a gap, an op after its own ack): the contract promises none. */
    int disorder;
    /** The revision each acknowledged seq produced. */
    final Map<Long, Long> acked = new java.util.HashMap<>();

    DescriptionEditor(LiveClient socket, String taskId, String text, long revision, long seed) {
        this.socket = socket;
        this.taskId = taskId;
        this.text = text;
        this.revision = revision;
        this.random = new Random(seed);
    }

    /** Asks for the operations after the known revision and handles frames until {@code description_synced}. */
    void sync() {
        int from = socket.frames.size();
        socket.send("description_sync", Map.of("taskId", taskId, "since", revision));
        socket.await("description_synced", p -> p.get("taskId").asString().equals(taskId));
        poll();
        if (read < from) {
            read = from;
        }
    }

    /** Handles every frame that arrived since the last call. */
    void poll() {
        while (read < socket.frames.size()) {
            JsonNode frame = socket.frames.get(read++);
            JsonNode payload = frame.get("payload");
            if (!payload.has("taskId") || !taskId.equals(payload.get("taskId").asString())) {
                continue;
            }
            switch (frame.get("type").asString()) {
                case "description_op" -> remote(payload);
                case "description_ack" -> acked(payload);
                case "error" -> throw new AssertionError("refused: " + payload);
                default -> {
                }
            }
        }
    }

    /** One random insert or delete at a random place, applied here at once and sent when nothing is in flight. */
    void type() {
        int length = text.codePointCount(0, text.length());
        TextOp op;
        if (length > 0 && random.nextInt(3) == 0) {
            int at = random.nextInt(length);
            op = TextOp.delete(at, 1 + random.nextInt(Math.min(3, length - at)));
        } else {
            String[] pieces = {"a", "bc", "😀", "é", " ", "xyz", "🎉!"};
            op = TextOp.insert(random.nextInt(length + 1), pieces[random.nextInt(pieces.length)]);
        }
        text = TextUnicode.apply(text, op);
        pending = pending == null ? op : TextUnicode.compose(pending, op);
        flush();
    }

    boolean idle() {
        return inflight == null && pending == null;
    }

    /** Sends the pending operation again under the same seq: what a client does after a reconnect. */
    void resendInflight() {
        if (inflight != null) {
            send(inflight, inflightSeq);
        }
    }

    private void flush() {
        if (inflight == null && pending != null) {
            inflight = pending;
            pending = null;
            inflightSeq = ++seq;
            send(inflight, inflightSeq);
        }
    }

    private void send(TextOp op, long number) {
        socket.send("description_op", Map.of("taskId", taskId, "revision", revision, "op", op.toTree(),
                "clientId", clientId.toString(), "seq", number));
    }

    private void remote(JsonNode payload) {
        long r = payload.get("revision").asLong();
        if (r != revision + 1) {
            if (r <= revision) {
                return;
            }
            disorder++;
        }
        TextOp op = TextOp.fromTree(ApiClient.JSON.treeToValue(payload.get("op"), Object.class));
        if (inflight != null) {
            TextOp theirs = TextUnicode.transform(op, inflight, Side.RIGHT);
            inflight = TextUnicode.transform(inflight, op, Side.LEFT);
            op = theirs;
        }
        if (pending != null) {
            TextOp theirs = TextUnicode.transform(op, pending, Side.RIGHT);
            pending = TextUnicode.transform(pending, op, Side.LEFT);
            op = theirs;
        }
        text = TextUnicode.apply(text, op);
        revision = r;
    }

    private void acked(JsonNode payload) {
        if (!clientId.toString().equals(payload.get("clientId").asString())) {
            return;
        }
        long r = payload.get("revision").asLong();
        if (inflight == null || payload.get("seq").asLong() != inflightSeq) {
            return;
        }
        if (r != revision + 1) {
            disorder++;
        }
        revision = r;
        acked.put(inflightSeq, r);
        inflight = null;
        flush();
    }
}
