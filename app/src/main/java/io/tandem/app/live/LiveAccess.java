package io.tandem.app.live;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.tandem.app.security.RevokedAccess;
import io.tandem.app.problem.ApiException;
import io.tandem.app.access.WorkspaceAccess;
import io.tandem.app.access.WorkspaceAccess.Need;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import tools.jackson.databind.ObjectMapper;

/**
 * Keeps an open socket's access as current as a request's. A socket is closed when its token expires (a timer at
 * its expiry), when it is revoked (logout, erasure: announced to every replica through {@link LiveBus}, which then
 * checks the user's sockets with the same decoder every request passes), and it leaves a workspace, with an
 * {@code error {code: "access_revoked", workspaceId}} frame, as soon as the sync log records its member's removal
 * or the workspace's deletion, in the workspace's frame order. Every {@code accessRecheck} all sockets are checked
 * again (token and memberships), which bounds what a lost announcement or a join racing a removal can leave open.
 */
@Component
class LiveAccess implements SmartLifecycle {

    static final CloseStatus EXPIRED = CloseStatus.POLICY_VIOLATION.withReason("The access token expired");
    static final CloseStatus REVOKED = CloseStatus.POLICY_VIOLATION.withReason("The access token is no longer valid");
    private static final Logger log = LoggerFactory.getLogger(LiveAccess.class);

    private final LiveConnections connections;
    private final Presence presence;
    private final LiveBus bus;
    private final LiveExecutors executors;
    private final JwtDecoder tokens;
    private final WorkspaceAccess access;
    private final ObjectMapper mapper;
    private final Duration recheck;
    private volatile boolean running;
    private volatile ScheduledFuture<?> sweep;

    LiveAccess(LiveConnections connections, Presence presence, LiveBus bus, LiveExecutors executors,
               JwtDecoder tokens, WorkspaceAccess access, ObjectMapper mapper, LiveProperties properties) {
        this.connections = connections;
        this.presence = presence;
        this.bus = bus;
        this.executors = executors;
        this.tokens = tokens;
        this.access = access;
        this.mapper = mapper;
        this.recheck = properties.accessRecheck();
        bus.accessChecking(userId -> executors.delivery.execute(() -> checkTokens(connections.ofUser(userId))));
    }

    /** Plans the socket's close for the instant its token expires. */
    void opened(LiveConnection connection) {
        Instant expiresAt = connection.token.getExpiresAt();
        if (expiresAt == null) {
            return;
        }
        closeAt(connection, expiresAt);
    }

    /**
     * The scheduler's clock and the wall clock drift apart by a little: a close that comes early is planned again for
     * what is left, so that a socket never closes while its token is still valid.
     */
    private void closeAt(LiveConnection connection, Instant expiresAt) {
        long delay = Duration.between(Instant.now(), expiresAt).toNanos();
        if (delay <= 0) {
            connection.close(EXPIRED);
            return;
        }
        connection.expiresWith(executors.scheduler.schedule(() -> closeAt(connection, expiresAt), delay,
                TimeUnit.NANOSECONDS));
    }

    /** A revocation made on this replica: every replica (this one too) checks the user's sockets. */
    @EventListener
    void on(RevokedAccess.AccessRevoked revoked) {
        bus.accessRevoked(revoked.userId());
    }

    /** The user is no member any more; as a global auditor they still read, so their sockets stay joined. */
    void memberRemoved(UUID workspaceId, UUID userId) {
        connections.inWorkspace(workspaceId).stream()
                .filter(connection -> connection.user.id().equals(userId) && !connection.user.auditor())
                .forEach(connection -> drop(connection, workspaceId, "You are no longer a member of this workspace"));
    }

    void workspaceDeleted(UUID workspaceId) {
        connections.inWorkspace(workspaceId)
                .forEach(connection -> drop(connection, workspaceId, "The workspace was deleted"));
    }

    private void drop(LiveConnection connection, UUID workspaceId, String message) {
        if (!connections.leave(connection, workspaceId)) {
            return;
        }
        presence.left(connection, workspaceId);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("code", "access_revoked");
        payload.put("message", message);
        payload.put("workspaceId", workspaceId.toString());
        connection.send(new TextMessage(mapper.writeValueAsString(new Frame("error", payload))));
    }

    /** Closes the sockets whose token the decoder refuses now (revoked, expired, account erased). */
    private void checkTokens(Iterable<LiveConnection> sockets) {
        for (LiveConnection connection : sockets) {
            try {
                tokens.decode(connection.token.getTokenValue());
            } catch (JwtException refused) {
                log.info("Closing live connection {} of user {}: {}", connection.id, connection.user.id(),
                        refused.getMessage());
                connection.close(REVOKED);
            } catch (RuntimeException e) {
                log.warn("Could not check the token of live connection {}: {}", connection.id, e.toString());
            }
        }
    }

    /** The backstop: every socket's token, then each workspace it joined. */
    private void recheckAll() {
        List<LiveConnection> open = List.copyOf(connections.all());
        checkTokens(open);
        for (LiveConnection connection : open) {
            if (!connection.isOpen()) {
                continue;
            }
            for (UUID workspaceId : List.copyOf(connection.workspaces)) {
                try {
                    access.require(workspaceId, connection.user, Need.READ);
                } catch (ApiException refused) {
                    drop(connection, workspaceId, "You no longer have access to this workspace");
                } catch (RuntimeException e) {
                    log.warn("Could not check live connection {} in workspace {}: {}", connection.id, workspaceId,
                            e.toString());
                }
            }
        }
    }

    @Override
    public void start() {
        running = true;
        long every = Math.max(1, recheck.toMillis());
        sweep = executors.scheduler.scheduleWithFixedDelay(() -> executors.delivery.execute(this::recheckAll), every, every,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        ScheduledFuture<?> planned = sweep;
        if (planned != null) {
            planned.cancel(false);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
