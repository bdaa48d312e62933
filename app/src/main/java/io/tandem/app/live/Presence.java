package io.tandem.app.live;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.annotation.PostConstruct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.TextMessage;
import tools.jackson.databind.ObjectMapper;

/**
 * Who is connected to a workspace, shared by all replicas: one Redis key per (workspace, user, connection) holding
 * the status, with an expiry that this replica's heartbeat keeps pushing back while the socket is open, so that the
 * users of a replica that died vanish on their own. Changes are broadcast as {@code user_presence}; a user goes
 * {@code offline} when the last of their connections leaves the workspace.
 *
 * <p>All Redis work runs on one thread of its own, in order, and fails open: without Redis there is no presence,
 * but everything else keeps working.
 */
@Component
class Presence {

    static final Set<String> STATUSES = Set.of("online", "away", "busy");
    static final String OFFLINE = "offline";

    private static final Logger log = LoggerFactory.getLogger(Presence.class);

    private final LiveRedis redis;
    private final LiveBus bus;
    private final LiveConnections connections;
    private final LiveExecutors executors;
    private final ObjectMapper mapper;
    private final long ttlMillis;

    Presence(LiveRedis redis, LiveBus bus, LiveConnections connections, LiveExecutors executors, ObjectMapper mapper,
             LiveProperties properties) {
        this.redis = redis;
        this.bus = bus;
        this.connections = connections;
        this.executors = executors;
        this.mapper = mapper;
        this.ttlMillis = properties.presenceTtl().toMillis();
    }

    @PostConstruct
    void startHeartbeat() {
        long every = Math.max(1000, ttlMillis / 3);
        executors.scheduler.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
    }

    /** The connection joined: it is announced, and told who else is there. */
    void joined(LiveConnection connection, UUID workspaceId) {
        run(() -> {
            write(redis.sync(), connection, workspaceId);
            announce(connection.user.id(), workspaceId, connection.status);
            for (Map<String, Object> other : present(workspaceId)) {
                if (!connection.user.id().toString().equals(other.get("userId"))) {
                    connection.send(new TextMessage(mapper.writeValueAsString(new Frame("user_presence", other))));
                }
            }
        });
    }

    /** The connection changed its status in every workspace it joined. */
    void changed(LiveConnection connection) {
        Set<UUID> workspaces = Set.copyOf(connection.workspaces);
        String status = connection.status;
        run(() -> {
            for (UUID workspaceId : workspaces) {
                write(redis.sync(), connection, workspaceId);
                announce(connection.user.id(), workspaceId, status);
            }
        });
    }

    /** The connection left (or closed); the user is offline there unless another of their connections remains. */
    void left(LiveConnection connection, UUID workspaceId) {
        run(() -> {
            RedisCommands<String, String> commands = redis.sync();
            commands.del(key(workspaceId, connection.user.id(), connection.id));
            if (keys(commands, pattern(workspaceId) + glob(connection.user.id().toString()) + ":*").isEmpty()) {
                announce(connection.user.id(), workspaceId, OFFLINE);
            }
        });
    }

    /** Any sign of life keeps the connection's entries from expiring. */
    void touched(LiveConnection connection) {
        Set<UUID> workspaces = Set.copyOf(connection.workspaces);
        if (!workspaces.isEmpty()) {
            run(() -> workspaces.forEach(workspaceId -> write(redis.sync(), connection, workspaceId)));
        }
    }

    private void heartbeat() {
        try {
            RedisCommands<String, String> commands = redis.sync();
            for (LiveConnection connection : connections.all()) {
                for (UUID workspaceId : connection.workspaces) {
                    write(commands, connection, workspaceId);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Presence heartbeat failed: {}", e.toString());
        }
    }

    private List<Map<String, Object>> present(UUID workspaceId) {
        RedisCommands<String, String> commands = redis.sync();
        Map<String, String> statusByUser = new LinkedHashMap<>();
        for (String key : keys(commands, pattern(workspaceId) + "*")) {
            String status = commands.get(key);
            String[] parts = key.substring(redis.key("presence:").length()).split(":");
            if (status != null && parts.length == 3) {
                statusByUser.put(parts[1], status);
            }
        }
        List<Map<String, Object>> present = new ArrayList<>();
        statusByUser.forEach((userId, status) -> present.add(payload(userId, workspaceId, status)));
        return present;
    }

    private void announce(UUID userId, UUID workspaceId, String status) {
        bus.toWorkspace(workspaceId, new Frame("user_presence", payload(userId.toString(), workspaceId, status)));
    }

    private static Map<String, Object> payload(String userId, UUID workspaceId, String status) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("userId", userId);
        payload.put("workspaceId", workspaceId.toString());
        payload.put("status", status);
        return payload;
    }

    private void write(RedisCommands<String, String> commands, LiveConnection connection, UUID workspaceId) {
        if (connection.isOpen() && connection.workspaces.contains(workspaceId)) {
            commands.set(key(workspaceId, connection.user.id(), connection.id), connection.status,
                    SetArgs.Builder.px(ttlMillis));
        }
    }

    private static List<String> keys(RedisCommands<String, String> commands, String match) {
        List<String> keys = new ArrayList<>();
        ScanArgs args = ScanArgs.Builder.matches(match).limit(500);
        KeyScanCursor<String> cursor = commands.scan(args);
        keys.addAll(cursor.getKeys());
        while (!cursor.isFinished()) {
            cursor = commands.scan(ScanCursor.of(cursor.getCursor()), args);
            keys.addAll(cursor.getKeys());
        }
        return keys;
    }

    String key(UUID workspaceId, UUID userId, UUID connectionId) {
        return redis.key("presence:" + workspaceId + ":" + userId + ":" + connectionId);
    }

    private String pattern(UUID workspaceId) {
        return glob(redis.key("presence:" + workspaceId + ":"));
    }

    /** The key prefix is configuration: its glob characters must match themselves. */
    private static String glob(String literal) {
        return literal.replaceAll("([\\\\*?\\[\\]])", "\\\\$1");
    }

    private void run(Runnable task) {
        try {
            executors.scheduler.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("Presence not updated: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            // Sockets close as the application stops; their entries expire on their own.
        }
    }
}
