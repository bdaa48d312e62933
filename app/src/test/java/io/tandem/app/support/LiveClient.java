package io.tandem.app.support;


import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.tandem.app.support.ApiClient;
import tools.jackson.databind.JsonNode;

/** A WebSocket client as a PWA would be one: it keeps every frame it receives, in order, for the test to inspect. */
public final class LiveClient implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public final List<JsonNode> frames;
    public final CompletableFuture<Integer> closed;
    private final WebSocket socket;
    private final Collector collector;

    private LiveClient(WebSocket socket, Collector collector) {
        this.socket = socket;
        this.collector = collector;
        this.frames = collector.frames;
        this.closed = collector.closed;
    }

    /** Connects with {@code ?token=}. */
    public static LiveClient connect(int port, String token) {
        return open(HTTP.newWebSocketBuilder(), URI.create("ws://127.0.0.1:" + port + "/ws?token=" + token));
    }

    /** Connects with {@code Authorization: Bearer}. */
    public static LiveClient connectWithHeader(int port, String token) {
        return open(HTTP.newWebSocketBuilder().header("Authorization", "Bearer " + token),
                URI.create("ws://127.0.0.1:" + port + "/ws"));
    }

    /** A connection attempt whose outcome the test inspects (refused handshakes fail it). */
    public static CompletableFuture<WebSocket> attempt(WebSocket.Builder builder, URI uri) {
        return builder.connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, new WebSocket.Listener() {
        });
    }

    public static WebSocket.Builder builder() {
        return HTTP.newWebSocketBuilder();
    }

    public static LiveClient open(WebSocket.Builder builder, URI uri) {
        Collector collector = new Collector();
        WebSocket socket = builder.connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, collector)
                .orTimeout(10, TimeUnit.SECONDS).join();
        return new LiveClient(socket, collector);
    }

    public void send(String type, Map<String, ?> payload) {
        sendRaw(ApiClient.JSON.writeValueAsString(Map.of("type", type, "payload", payload)));
    }

    public synchronized void sendRaw(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Waits for the first frame of this type that matches, and answers it. */
    public JsonNode await(String type, Predicate<JsonNode> payload) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20))
                .until(() -> find(type, payload), f -> f != null);
    }

    public JsonNode find(String type, Predicate<JsonNode> payload) {
        return frames.stream().filter(f -> type.equals(f.get("type").asString()) && payload.test(f.get("payload")))
                .findFirst().orElse(null);
    }

    public List<JsonNode> all(String type) {
        return frames.stream().filter(f -> type.equals(f.get("type").asString())).toList();
    }

    /** Called on the socket's thread after each frame is added to {@link #frames}, for clients driven by arrivals. */
    public void onFrame(Runnable listener) {
        collector.listeners.add(listener);
    }

    public boolean isOpen() {
        return !socket.isOutputClosed() && !closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        closed.orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> -1).join();
    }

    private static final class Collector implements WebSocket.Listener {
        private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
        private final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                frames.add(ApiClient.JSON.readTree(partial.toString()));
                partial.setLength(0);
                listeners.forEach(Runnable::run);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }
}
