package io.tandem.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.tandem.app.support.ApiClient;
import tools.jackson.databind.JsonNode;

/**
 * Live latency: the time from a command's HTTP answer (POST /tasks, 201) to the {@code task_created} frame at
 * another member's WebSocket, at a steady write rate. Prints p50, p99 and max, and how many frames never came.
 *
 * <p>{@code bench/run LiveLatency [writesPerSecond=200] [seconds=20] [writers=8]}: the writes come from {@code writers}
 * members of the workspace in turn (a team at work; one account alone would meet its own rate-limit bucket, a single
 * Redis key updated by compare-and-swap, long before the workspace's capacity). Starts the app as its own JVM, as
 * {@code scripts/run} does ({@link ServerProcess}), on its own database ({@code tandem_bench_live}). A frame can beat the HTTP answer (the answer
 * waits for the read model too); such latencies count as negative.
 */
public final class LiveLatencyBenchmark {

    private static final String DATABASE = "tandem_bench_live";
    private static final String PASSWORD = "correct horse battery";

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int warmUp = Math.min(rate * 2, 400);
        int writers = args.length > 2 ? Integer.parseInt(args[2]) : 8;

        int exit;
        try (ServerProcess server = ServerProcess.start("live-latency", DATABASE, Map.of())) {
            exit = run(server.port(), rate, seconds, warmUp, writers);
            System.out.printf("  server resident: VmRSS %s, peak VmHWM %s%n", server.memory("VmRSS"), server.memory("VmHWM"));
        }
        System.exit(exit);
    }

    private static int run(int port, int rate, int seconds, int warmUp, int writers) throws Exception {
        ApiClient api = new ApiClient(port);
        JsonNode owner = register(api, "writer");
        JsonNode reader = register(api, "reader");
        String ownerToken = owner.get("accessToken").asString();
        String workspace = api.post("/api/v1/workspaces", Map.of("name", "Bench"), ownerToken).json()
                .get("id").asString();
        api.post("/api/v1/workspaces/" + workspace + "/invite",
                Map.of("email", reader.get("user").get("email").asString(), "role", "member"), ownerToken);
        List<String> writerTokens = new ArrayList<>(List.of(ownerToken));
        for (int i = 1; i < writers; i++) {
            JsonNode writer = register(api, "writer" + i);
            api.post("/api/v1/workspaces/" + workspace + "/invite",
                    Map.of("email", writer.get("user").get("email").asString(), "role", "member"), ownerToken);
            writerTokens.add(writer.get("accessToken").asString());
        }

        Map<String, Long> frameAt = new ConcurrentHashMap<>();
        CountDownLatch joined = new CountDownLatch(1);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        WebSocket socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?token=" + reader.get("accessToken").asString()),
                        new FrameClock(frameAt, joined))
                .get(10, TimeUnit.SECONDS);
        socket.sendText(ApiClient.JSON.writeValueAsString(Map.of("type", "join_workspace",
                "payload", Map.of("workspaceId", workspace))), true).get(10, TimeUnit.SECONDS);
        if (!joined.await(10, TimeUnit.SECONDS)) {
            System.out.println("The reader could not join the workspace over the WebSocket.");
            return 1;
        }

        String tasks = "http://127.0.0.1:" + port + "/api/v1/workspaces/" + workspace + "/tasks";
        Map<String, Long> answeredAt = new ConcurrentHashMap<>();
        List<Long> httpNanos = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        List<CompletableFuture<?>> inFlight = Collections.synchronizedList(new ArrayList<>());
        int total = warmUp + rate * seconds;
        AtomicInteger sent = new AtomicInteger();
        CountDownLatch allSent = new CountDownLatch(1);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        long periodNanos = 1_000_000_000L / rate;
        long started = System.nanoTime();
        pacer.scheduleAtFixedRate(() -> {
            int n = sent.getAndIncrement();
            if (n >= total) {
                allSent.countDown();
                throw new IllegalStateException("done"); // ends the schedule
            }
            String id = UUID.randomUUID().toString();
            boolean measured = n >= warmUp;
            HttpRequest request = HttpRequest.newBuilder(URI.create(tasks))
                    .header("Authorization", "Bearer " + writerTokens.get(n % writerTokens.size()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(ApiClient.JSON.writeValueAsString(
                            Map.of("id", id, "title", "Task " + n))))
                    .timeout(Duration.ofSeconds(30))
                    .build();
            long before = System.nanoTime();
            inFlight.add(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                long now = System.nanoTime();
                if (e != null || r.statusCode() != 201) {
                    failed.incrementAndGet();
                    firstFailure.compareAndSet(null, e != null ? e.toString() : r.statusCode() + " " + r.body());
                } else if (measured) {
                    answeredAt.put(id, now);
                    httpNanos.add(now - before);
                }
            }));
        }, 0, periodNanos, TimeUnit.NANOSECONDS);
        allSent.await();
        pacer.shutdown();
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        double achieved = (total - warmUp) / ((System.nanoTime() - started) / 1e9 - warmUp / (double) rate);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && !frameAt.keySet().containsAll(answeredAt.keySet())) {
            Thread.sleep(50);
        }
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");

        List<Long> latencies = new ArrayList<>();
        answeredAt.forEach((id, answered) -> {
            Long frame = frameAt.get(id);
            if (frame != null) {
                latencies.add(frame - answered);
            }
        });
        Collections.sort(latencies);
        List<Long> answers = new ArrayList<>(httpNanos);
        Collections.sort(answers);
        int missing = answeredAt.size() - latencies.size();

        System.out.printf("Live latency: %d writes at %d/s for %d s (plus %d warm-up) by %d members, achieved %.0f writes/s%n",
                total - warmUp, rate, seconds, warmUp, writerTokens.size(), achieved);
        System.out.printf("  HTTP 201 answers: %d, failed writes: %d, HTTP answer p50 %.1f ms, p99 %.1f ms%n",
                answeredAt.size(), failed.get(), ms(percentile(answers, 50)), ms(percentile(answers, 99)));
        if (firstFailure.get() != null) {
            System.out.println("  first failed write: " + firstFailure.get());
        }
        if (latencies.isEmpty()) {
            System.out.println("  No task_created frame arrived: nothing feeds the SyncLogListener (is the sync log"
                    + " in this build?).");
            return 1;
        }
        System.out.printf("  task_created frames: %d, missing: %d%n", latencies.size(), missing);
        System.out.printf("  answer -> frame latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms, min %.1f ms%n",
                ms(percentile(latencies, 50)), ms(percentile(latencies, 99)), ms(latencies.get(latencies.size() - 1)),
                ms(latencies.get(0)));
        return 0;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static JsonNode register(ApiClient api, String name) {
        String email = name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@bench.test";
        ApiClient.Response r = api.post("/api/v1/auth/register",
                Map.of("email", email, "password", PASSWORD, "name", name), null);
        if (r.status() != 201) {
            throw new IllegalStateException("register failed: " + r);
        }
        return r.json();
    }

    /** Notes when each task's {@code task_created} frame arrives. */
    private static final class FrameClock implements WebSocket.Listener {
        private final Map<String, Long> frameAt;
        private final CountDownLatch joined;
        private final StringBuilder partial = new StringBuilder();

        FrameClock(Map<String, Long> frameAt, CountDownLatch joined) {
            this.frameAt = frameAt;
            this.joined = joined;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = System.nanoTime();
                JsonNode frame = ApiClient.JSON.readTree(partial.toString());
                partial.setLength(0);
                String type = frame.get("type").asString();
                if ("task_created".equals(type)) {
                    frameAt.putIfAbsent(frame.get("payload").get("id").asString(), now);
                } else if ("user_presence".equals(type)) {
                    joined.countDown();
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
