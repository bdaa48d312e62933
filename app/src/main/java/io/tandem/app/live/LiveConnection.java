package io.tandem.app.live;

import java.io.IOException;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;

import io.github.bucket4j.Bucket;
import io.tandem.app.security.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.SessionLimitExceededException;

/**
 * One open socket of one user: the workspaces it joined, its presence status, its frame budget, and its outgoing
 * frames.
 *
 * <p>Frames leave in the order given, on the delivery threads, never on the caller's. The session is wrapped in a
 * {@link ConcurrentWebSocketSessionDecorator}: a frame is handed to it only once the previous one has entered its
 * buffer (its message callback says so), so order holds while a slow client's blocked write holds one delivery
 * thread at most; the following frames pile up in the decorator's buffer, and once that buffer or the blocked
 * write passes its limit the decorator refuses and the connection is closed.
 */
final class LiveConnection {

    private static final Logger log = LoggerFactory.getLogger(LiveConnection.class);
    private static final TextMessage CLAIMED = new TextMessage("");

    final UUID id = UUID.randomUUID();
    final CurrentUser user;
    /** The access token the socket was opened with. */
    final Jwt token;
    final Set<UUID> workspaces = ConcurrentHashMap.newKeySet();
    volatile String status = "online";
    /** The description editors ({@code clientId}s) that sent operations over this socket: they hear acks. */
    final Set<UUID> editors = ConcurrentHashMap.newKeySet();
    /** Per task whose description this socket synced, the last revision it was sent: later frames follow on. */
    final Map<UUID, Long> descriptionRevisions = new ConcurrentHashMap<>();

    private final ConcurrentWebSocketSessionDecorator session;
    private final Bucket frames;
    private final Executor delivery;
    private final Queue<TextMessage> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicReference<TextMessage> inFlight = new AtomicReference<>();

    private volatile ScheduledFuture<?> expiry;

    LiveConnection(ConcurrentWebSocketSessionDecorator session, CurrentUser user, Jwt token, Bucket frames,
                   Executor delivery) {
        this.session = session;
        this.user = user;
        this.token = token;
        this.frames = frames;
        this.delivery = delivery;
        session.setMessageCallback(this::buffered);
    }

    String sessionId() {
        return session.getId();
    }

    boolean isOpen() {
        return session.isOpen();
    }

    /** Takes one frame from this second's budget; false when the client sends too fast. */
    boolean admitFrame() {
        return frames.tryConsume(1);
    }

    /** Queues a frame for the client and returns at once. */
    void send(TextMessage frame) {
        if (!session.isOpen()) {
            return;
        }
        outbox.add(frame);
        pump();
    }

    /** The close planned for when the token expires; cancelled when the socket closes first. */
    void expiresWith(ScheduledFuture<?> planned) {
        this.expiry = planned;
    }

    void cancelExpiry() {
        ScheduledFuture<?> planned = expiry;
        if (planned != null) {
            planned.cancel(false);
        }
    }

    void close(CloseStatus status) {
        try {
            session.close(status);
        } catch (IOException | RuntimeException e) {
            log.debug("Closing live connection {} failed: {}", id, e.toString());
        }
    }

    private void pump() {
        while (!outbox.isEmpty() && inFlight.compareAndSet(null, CLAIMED)) {
            TextMessage next = outbox.poll();
            if (next == null) {
                inFlight.set(null);
                continue;
            }
            inFlight.set(next);
            delivery.execute(() -> write(next));
            return;
        }
    }

    private void write(TextMessage frame) {
        try {
            session.sendMessage(frame);
        } catch (SessionLimitExceededException e) {
            log.info("Closing live connection {} of user {}: {}", id, user.id(), e.getMessage());
            outbox.clear();
            close(e.getStatus());
        } catch (IOException | RuntimeException e) {
            log.debug("Live connection {} failed to send: {}", id, e.toString());
            outbox.clear();
            close(CloseStatus.SESSION_NOT_RELIABLE);
        } finally {
            // A closing session returns before buffering (no callback): release the next frame here.
            buffered(frame);
        }
    }

    private void buffered(WebSocketMessage<?> frame) {
        if (frame instanceof TextMessage text && inFlight.compareAndSet(text, null)) {
            pump();
        }
    }
}
