package io.tandem.app.live;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;

/** The sockets open on this replica, by session, by joined workspace and by user; delivers frames to them. */
@Component
class LiveConnections {

    private final Map<String, LiveConnection> bySession = new ConcurrentHashMap<>();
    private final Map<UUID, Set<LiveConnection>> byWorkspace = new ConcurrentHashMap<>();
    private final Map<UUID, Set<LiveConnection>> byUser = new ConcurrentHashMap<>();

    LiveConnections(MeterRegistry meters) {
        Gauge.builder("websocket.active.connections", bySession, Map::size)
                .description("Open WebSocket connections on this replica")
                .register(meters);
    }

    void opened(LiveConnection connection) {
        bySession.put(connection.sessionId(), connection);
        add(byUser, connection.user.id(), connection);
    }

    LiveConnection get(String sessionId) {
        return bySession.get(sessionId);
    }

    /** Forgets a closed socket; answers it (with the workspaces it had joined) or null when already forgotten. */
    LiveConnection closed(String sessionId) {
        LiveConnection connection = bySession.remove(sessionId);
        if (connection == null) {
            return null;
        }
        connection.workspaces.forEach(workspace -> remove(byWorkspace, workspace, connection));
        remove(byUser, connection.user.id(), connection);
        return connection;
    }

    /** Answers false when the connection had joined the workspace already. */
    boolean join(LiveConnection connection, UUID workspaceId) {
        add(byWorkspace, workspaceId, connection);
        return connection.workspaces.add(workspaceId);
    }

    /** Answers false when the connection had not joined the workspace. */
    boolean leave(LiveConnection connection, UUID workspaceId) {
        remove(byWorkspace, workspaceId, connection);
        return connection.workspaces.remove(workspaceId);
    }

    /** This replica's sockets of the user. */
    Collection<LiveConnection> ofUser(UUID userId) {
        Set<LiveConnection> sockets = byUser.get(userId);
        return sockets == null ? List.of() : List.copyOf(sockets);
    }

    /** This replica's sockets joined to the workspace. */
    Collection<LiveConnection> inWorkspace(UUID workspaceId) {
        Set<LiveConnection> sockets = byWorkspace.get(workspaceId);
        return sockets == null ? List.of() : List.copyOf(sockets);
    }

    Collection<LiveConnection> all() {
        return List.copyOf(bySession.values());
    }

    /** Whether a socket of this replica has joined the workspace. */
    boolean watching(UUID workspaceId) {
        Set<LiveConnection> members = byWorkspace.get(workspaceId);
        return members != null && !members.isEmpty();
    }

    void deliver(Envelope envelope) {
        Set<LiveConnection> audience = switch (envelope.audience()) {
            case WORKSPACE -> byWorkspace.get(envelope.target());
            case USER -> byUser.get(envelope.target());
            case OPERATION, ACCESS -> throw new IllegalArgumentException("Not a frame: " + envelope.audience());
        };
        if (audience == null || audience.isEmpty()) {
            return;
        }
        TextMessage frame = new TextMessage(envelope.frame());
        audience.forEach(connection -> {
            if (!connection.id.equals(envelope.except())) {
                connection.send(frame);
            }
        });
    }

    /** Inside compute, so that a concurrent removal never drops the set this connection is being added to. */
    private static void add(Map<UUID, Set<LiveConnection>> index, UUID key, LiveConnection connection) {
        index.compute(key, (k, set) -> {
            Set<LiveConnection> members = set == null ? ConcurrentHashMap.newKeySet() : set;
            members.add(connection);
            return members;
        });
    }

    private static void remove(Map<UUID, Set<LiveConnection>> index, UUID key, LiveConnection connection) {
        index.computeIfPresent(key, (k, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }
}
