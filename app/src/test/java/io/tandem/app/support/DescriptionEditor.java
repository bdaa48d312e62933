package io.tandem.app.support;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.tandem.ot.Side;
import io.tandem.ot.TextOp;
import io.tandem.ot.TextUnicode;
import tools.jackson.databind.JsonNode;

/**
 * An editor of one task's description over a live socket, as the contract's client algorithm (ShareDB's) goes:
 * one operation in flight, what is typed meanwhile composed into one pending operation, and every operation from
 * the server transformed against both before it is applied here. {@link #poll} handles the frames that arrived,
 * {@link #type} makes one random edit; both hold the editor's lock, so a test may call them from one thread and a
 * benchmark poll on the socket's thread ({@link LiveClient#onFrame}) while another types.
 */
public final class DescriptionEditor {

    private final LiveClient socket;
    private final String taskId;
    public final UUID clientId = UUID.randomUUID();
    private final Random random;
    private int read;
    private long seq;
    public long revision;
    public String text;
    private TextOp inflight;
    private long inflightSeq;
    private TextOp pending;
    /** When what is in flight goes again (a frame was dropped by the frame budget), or 0. */
    private long resendAt;
    private long sentAt;
    /** Frames out of place (a gap, an op after its own ack): the contract promises none. */
    public int disorder;
    /** What each frame out of order was, for the failure message. */
    public final List<String> disorderSeen = new ArrayList<>();
    /** The last frames handled, for a failure's message. */
    private final ArrayDeque<String> recent = new ArrayDeque<>();
    /** The revision each acknowledged seq produced. */
    public final Map<Long, Long> acked = new HashMap<>();
    /** For each acknowledged operation, the nanoseconds from its (last) sending to its ack being handled. */
    public final List<Long> ackNanos = new ArrayList<>();

    public DescriptionEditor(LiveClient socket, String taskId, String text, long revision, long seed) {
        this.socket = socket;
        this.taskId = taskId;
        this.text = text;
        this.revision = revision;
        this.random = new Random(seed);
    }

    /** Asks for the operations after the known revision and handles frames until {@code description_synced}. */
    public synchronized void sync() {
        int from = socket.frames.size();
        socket.send("description_sync", Map.of("taskId", taskId, "since", revision));
        socket.await("description_synced", p -> p.get("taskId").asString().equals(taskId));
        poll();
        if (read < from) {
            read = from;
        }
    }

    /** Handles every frame that arrived since the last call. */
    public synchronized void poll() {
        if (resendAt != 0 && System.nanoTime() > resendAt) {
            resendAt = 0;
            resendInflight();
        }
        while (read < socket.frames.size()) {
            JsonNode frame = socket.frames.get(read++);
            JsonNode payload = frame.get("payload");
            if ("error".equals(frame.get("type").asString()) && "rate_limited".equals(payload.path("code").asString(""))) {
                // Over the socket's frame budget the server drops a frame without saying which: what is in flight
                // goes again a second later, under the same seq (a repeat is answered with its revision).
                resendAt = System.nanoTime() + 1_000_000_000L;
                continue;
            }
            if (!payload.has("taskId") || !taskId.equals(payload.get("taskId").asString())) {
                continue;
            }
            note(frame.get("type").asString() + " r" + payload.path("revision").asLong(-1) + " seq"
                    + payload.path("seq").asLong(-1) + (payload.path("clientId").asString("").equals(clientId.toString())
                    ? " (own)" : "") + " at r" + revision);
            switch (frame.get("type").asString()) {
                case "description_op" -> remote(payload);
                case "description_ack" -> acked(payload);
                case "error" -> throw new AssertionError("refused: " + payload + "; frames out of order before it: "
                        + disorderSeen + "; the last frames: " + recent);
                default -> {
                }
            }
        }
    }

    /**
     * One random insert or delete at a random place, applied here at once and sent when nothing is in flight. Over
     * 1000 code points, deletes are twice as likely, so long runs stay within the contract's 2000.
     */
    public synchronized void type() {
        int length = text.codePointCount(0, text.length());
        TextOp op;
        if (length > 0 && random.nextInt(3) < (length > 1000 ? 2 : 1)) {
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

    public synchronized boolean idle() {
        return inflight == null && pending == null;
    }

    /** Sends the pending operation again under the same seq: what a client does after a reconnect. */
    public synchronized void resendInflight() {
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

    private void note(String event) {
        recent.addLast(event);
        if (recent.size() > 40) {
            recent.removeFirst();
        }
    }

    private void send(TextOp op, long number) {
        sentAt = System.nanoTime();
        note("sent seq" + number + " at r" + revision);
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
            disorderSeen.add("description_op " + r + " at revision " + revision);
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
            disorderSeen.add("description_ack " + r + " at revision " + revision);
        }
        revision = r;
        ackNanos.add(System.nanoTime() - sentAt);
        acked.put(inflightSeq, r);
        inflight = null;
        flush();
    }
}
