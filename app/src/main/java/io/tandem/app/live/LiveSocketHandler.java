package io.tandem.app.live;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.tandem.app.security.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator.OverflowStrategy;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The life of a socket: opened for the user its handshake authenticated, each client frame checked against the
 * connection's budget and served, presence cleared when it closes. One connection is one user.
 */
@Component
class LiveSocketHandler extends TextWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(LiveSocketHandler.class);
    /** Tomcat's own bound on one blocked write; without it a stuck client would hold a thread for 20 s. */
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private final LiveConnections connections;
    private final LiveAccess access;
    private final ClientFrames frames;
    private final Presence presence;
    private final LiveExecutors executors;
    private final ObjectMapper mapper;
    private final LiveProperties properties;
    private final int framesPerSecond;

    LiveSocketHandler(LiveConnections connections, ClientFrames frames, Presence presence, LiveExecutors executors,
                      ObjectMapper mapper, LiveProperties properties, FrameRateProperties rate, LiveAccess access) {
        this.connections = connections;
        this.access = access;
        this.frames = frames;
        this.presence = presence;
        this.executors = executors;
        this.mapper = mapper;
        this.properties = properties;
        this.framesPerSecond = rate.wsPerSecond();
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        if (!(session.getAttributes().get(TokenHandshakeInterceptor.USER) instanceof CurrentUser user)
                || !(session.getAttributes().get(TokenHandshakeInterceptor.TOKEN) instanceof Jwt token)) {
            session.close(CloseStatus.POLICY_VIOLATION);
            return;
        }
        long sendTimeLimit = properties.sendTimeLimit().toMillis();
        if (session instanceof NativeWebSocketSession nativeSession) {
            jakarta.websocket.Session container = nativeSession.getNativeSession(jakarta.websocket.Session.class);
            if (container != null) {
                container.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, sendTimeLimit);
            }
        }
        ConcurrentWebSocketSessionDecorator decorated = new ConcurrentWebSocketSessionDecorator(session,
                (int) sendTimeLimit, (int) properties.sendBufferSizeLimit().toBytes(), OverflowStrategy.TERMINATE);
        // Greedy refill: the budget comes back smoothly, so a steady client is never cut off at a second's edge.
        Bucket bucket = Bucket.builder()
                .addLimit(Bandwidth.builder().capacity(framesPerSecond)
                        .refillGreedy(framesPerSecond, Duration.ofSeconds(1)).build())
                .build();
        LiveConnection connection = new LiveConnection(decorated, user, token, bucket, executors.delivery);
        connections.opened(connection);
        access.opened(connection);
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        LiveConnection connection = connections.get(session.getId());
        if (connection == null) {
            return;
        }
        if (!connection.admitFrame()) {
            connection.send(frames.error(new FrameException("rate_limited",
                    "At most " + framesPerSecond + " frames per second; this one was not processed")));
            return;
        }
        try {
            JsonNode frame = parse(message.getPayload());
            JsonNode payload = frame.get("payload");
            if (payload == null || payload.isNull()) {
                payload = mapper.createObjectNode();
            } else if (!payload.isObject()) {
                throw new FrameException("malformed_frame", "payload must be a JSON object");
            }
            frames.handle(connection, frame.get("type").asString(), payload);
        } catch (RuntimeException e) {
            connection.send(frames.error(Failures.describe(e)));
        }
        presence.touched(connection);
    }

    private JsonNode parse(String text) {
        JsonNode frame;
        try {
            frame = mapper.readTree(text);
        } catch (JacksonException e) {
            throw new FrameException("malformed_frame", "A frame is a JSON object {type, payload}");
        }
        if (frame == null || !frame.isObject() || frame.get("type") == null || !frame.get("type").isString()) {
            throw new FrameException("malformed_frame", "A frame is a JSON object {type, payload} with a string type");
        }
        return frame;
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("WebSocket transport error on session {}: {}", session.getId(), exception.toString());
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        LiveConnection connection = connections.closed(session.getId());
        if (connection == null) {
            return;
        }
        connection.cancelExpiry();
        Set<UUID> joined = Set.copyOf(connection.workspaces);
        joined.forEach(workspaceId -> presence.left(connection, workspaceId));
    }
}
