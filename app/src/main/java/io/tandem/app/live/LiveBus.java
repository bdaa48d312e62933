package io.tandem.app.live;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.tandem.api.sync.SyncOperation;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import tools.jackson.databind.ObjectMapper;

/**
 * Carries frames to every replica: each frame is published once on one Redis channel, and every replica (this one
 * included) delivers what it hears to its own sockets. Redis pub/sub is fire-and-forget, like live delivery itself:
 * a client that missed frames catches up with a sync pull.
 *
 * <p>Sync operations travel as they are ({@link #operation}), and each replica frames only those of the workspaces
 * its own sockets have joined: most workspaces have nobody connected at a given moment, and framing a task means
 * reading it from the read model.
 */
@Component
class LiveBus implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveBus.class);

    private final LiveRedis redis;
    private final LiveConnections connections;
    private final LiveExecutors executors;
    private final ObjectMapper mapper;
    private final String channel;
    private volatile StatefulRedisPubSubConnection<String, String> subscription;
    private volatile Consumer<SyncOperation> framer = operation -> {
    };
    private volatile Consumer<UUID> accessChecker = userId -> {
    };
    private volatile boolean running;

    /**
     * {@code channel} ({@code TANDEM_LIVE_CHANNEL}) names the Redis channel the replicas of one deployment share;
     * by default {@code <key prefix>live}, so deployments sharing a Redis stay apart.
     */
    LiveBus(LiveRedis redis, LiveConnections connections, LiveExecutors executors, ObjectMapper mapper,
            @Value("${tandem.live.channel:}") String channel) {
        this.redis = redis;
        this.connections = connections;
        this.executors = executors;
        this.mapper = mapper;
        this.channel = StringUtils.hasText(channel) ? channel : redis.key("live");
    }

    void toWorkspace(UUID workspaceId, Frame frame) {
        publish(new Envelope(Envelope.Audience.WORKSPACE, workspaceId, mapper.writeValueAsString(frame)));
    }

    /** A frame for every replica's sockets joined to the workspace, but for the one that sent it. */
    void toWorkspaceExcept(UUID workspaceId, UUID sender, Frame frame) {
        publish(new Envelope(Envelope.Audience.WORKSPACE, workspaceId, mapper.writeValueAsString(frame), sender));
    }

    void toUser(UUID userId, Frame frame) {
        publish(new Envelope(Envelope.Audience.USER, userId, mapper.writeValueAsString(frame)));
    }

    /** Sends a workspace's sync operation to every replica, to be framed where a socket has joined the workspace. */
    void operation(SyncOperation operation) {
        publish(new Envelope(Envelope.Audience.OPERATION, operation.workspaceId(), mapper.writeValueAsString(operation)));
    }

    /** Tells every replica that the user lost access somewhere: their sockets check their token again. */
    void accessRevoked(UUID userId) {
        publish(new Envelope(Envelope.Audience.ACCESS, userId, ""));
    }

    /** Who checks a user's sockets of this replica when {@link #accessRevoked} is heard. */
    void accessChecking(Consumer<UUID> checker) {
        this.accessChecker = checker;
    }

    /** Who turns the operations of workspaces joined here into frames (in order per workspace, off this thread). */
    void framing(Consumer<SyncOperation> framer) {
        this.framer = framer;
    }

    /** A frame for the sockets of this replica joined to the workspace (an operation framed here). */
    void deliverHere(UUID workspaceId, Frame frame) {
        connections.deliver(new Envelope(Envelope.Audience.WORKSPACE, workspaceId, mapper.writeValueAsString(frame)));
    }

    /** Delivers to this replica's sockets; an operation only where one of them has joined its workspace. */
    private void deliver(Envelope envelope) {
        if (envelope.audience() == Envelope.Audience.ACCESS) {
            accessChecker.accept(envelope.target());
        } else if (envelope.audience() != Envelope.Audience.OPERATION) {
            connections.deliver(envelope);
        } else if (connections.watching(envelope.target())) {
            framer.accept(mapper.readValue(envelope.frame(), SyncOperation.class));
        }
    }

    private void publish(Envelope envelope) {
        String message = mapper.writeValueAsString(envelope);
        try {
            redis.async().publish(channel, message).whenComplete((receivers, error) -> {
                if (error != null) {
                    local(envelope, error);
                }
            });
        } catch (RuntimeException e) {
            local(envelope, e);
        }
    }

    /** Without Redis, this replica's own clients still get the frame. */
    private void local(Envelope envelope, Throwable error) {
        log.warn("Redis unavailable for live delivery, delivering on this replica only: {}", error.toString());
        deliver(envelope);
    }

    private void received(String message) {
        try {
            deliver(mapper.readValue(message, Envelope.class));
        } catch (RuntimeException e) {
            log.warn("Ignoring an unreadable live message: {}", e.toString());
        }
    }

    @Override
    public void start() {
        running = true;
        subscribe();
    }

    /** Lettuce re-subscribes by itself after a lost connection; this only covers Redis being down at start. */
    private void subscribe() {
        if (!running || subscription != null) {
            return;
        }
        try {
            StatefulRedisPubSubConnection<String, String> connection = redis.client.connectPubSub();
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String message) {
                    received(message);
                }
            });
            connection.sync().subscribe(channel);
            subscription = connection;
        } catch (RuntimeException e) {
            log.warn("Cannot subscribe to live updates yet, retrying: {}", e.toString());
            executors.scheduler.schedule(this::subscribe, 5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void stop() {
        running = false;
        StatefulRedisPubSubConnection<String, String> open = subscription;
        subscription = null;
        if (open != null) {
            open.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
