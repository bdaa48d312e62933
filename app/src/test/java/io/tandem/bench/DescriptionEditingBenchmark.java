package io.tandem.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.tandem.app.support.ApiClient;
import io.tandem.app.support.DescriptionEditor;
import io.tandem.app.support.LiveClient;
import tools.jackson.databind.JsonNode;

/**
 * Collaborative description editing under load: {@code editors} editors on one description, each making one random
 * edit every 1000/{@code rate} ms with one operation in flight and the rest composed (the contract's client
 * algorithm, {@link DescriptionEditor}), first against Tandem and then, with the same load, against ShareDB 7 with
 * {@code ot-text-unicode} in memory, printed side by side: applied operations per second, the time from sending an
 * operation to its ack (p50, p99, max), frames out of revision order, and whether every editor ends with the
 * server's text.
 *
 * <p>{@code bench/run DescriptionEditing [editors=8] [rate=10] [seconds=20] [warmUpSeconds=5]}. Tandem runs as its
 * own JVM ({@link ServerProcess}) on its own database ({@code tandem_bench_description}), with the WebSocket's frame
 * limit raised (10 frames a second by default, which one fast typist on loopback would meet); each editor is a
 * member of its own. ShareDB ({@code bench/sharedb}: its server and its own client driving the same load) is
 * installed from the committed lock file with npm into {@code app/target/sharedb-bench} and run with the machine's
 * Node.js on loopback.
 */
public final class DescriptionEditingBenchmark {

    private static final String DATABASE = "tandem_bench_description";
    private static final String PASSWORD = "correct horse battery";
    private static final String START = "Hello";

    public static void main(String[] args) throws Exception {
        int editors = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 5;

        Figures tandem;
        String resident;
        try (ServerProcess server = ServerProcess.start("description-editing", DATABASE,
                Map.of("TANDEM_RATE_LIMIT_WS_PER_SECOND", "1000"))) {
            tandem = tandem(server.port(), editors, rate, seconds, warmUp);
            resident = server.memory("VmHWM");
        }
        Figures shareDb = shareDb(editors, rate, seconds, warmUp);

        System.out.printf("%nDescription editing: %d editors on one description, %d edits/s each, one op in flight, "
                + "%d s measured after %d s of warm-up%n", editors, rate, seconds, warmUp);
        System.out.printf("  %-34s %18s %22s%n", "", "Tandem", "ShareDB 7 in memory");
        row("edits made", "%d", tandem.edits, shareDb.edits);
        row("operations applied", "%d", tandem.applied, shareDb.applied);
        row("applied ops/s", "%.1f", tandem.applied / tandem.typedSeconds, shareDb.applied / shareDb.typedSeconds);
        row("acks", "%d", tandem.acks, shareDb.acks);
        row("ack p50 (ms, send to ack)", "%.1f", tandem.ackP50, shareDb.ackP50);
        row("ack p99 (ms)", "%.1f", tandem.ackP99, shareDb.ackP99);
        row("ack max (ms)", "%.1f", tandem.ackMax, shareDb.ackMax);
        row("frames out of order (gaps)", "%d", tandem.outOfOrder, shareDb.outOfOrder);
        row("frames repeating a known version", "%s", "-", shareDb.repeats);
        row("final texts equal", "%s", tandem.textsEqual, shareDb.textsEqual);
        row("final text (code points)", "%d", tandem.codePoints, shareDb.codePoints);
        row("settled after typing (s)", "%.2f", tandem.settledSeconds, shareDb.settledSeconds);
        System.out.printf("  Tandem's server resident peak: %s; its ops are events in PostgreSQL, ShareDB's in memory%n",
                resident);
        System.exit(tandem.textsEqual && shareDb.textsEqual ? 0 : 1);
    }

    private static void row(String label, String format, Object tandem, Object shareDb) {
        System.out.printf("  %-34s %18s %22s%n", label, String.format(format, tandem), String.format(format, shareDb));
    }

    record Figures(long edits, double typedSeconds, double settledSeconds, long applied, long acks, double ackP50,
                   double ackP99, double ackMax, long outOfOrder, long repeats, boolean textsEqual, long codePoints) {
    }

    private static Figures tandem(int port, int count, int rate, int seconds, int warmUp) throws Exception {
        ApiClient api = new ApiClient(port);
        List<JsonNode> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(register(api, "editor" + i));
        }
        String owner = users.get(0).get("accessToken").asString();
        String workspace = api.post("/api/v1/workspaces", Map.of("name", "Description bench"), owner).json()
                .get("id").asString();
        for (JsonNode user : users.subList(1, users.size())) {
            api.post("/api/v1/workspaces/" + workspace + "/invite",
                    Map.of("email", user.get("user").get("email").asString(), "role", "member"), owner);
        }
        String task = api.post("/api/v1/workspaces/" + workspace + "/tasks",
                Map.of("title", "Shared notes", "description", START), owner).json().get("id").asString();
        String description = "/api/v1/workspaces/" + workspace + "/tasks/" + task + "/description";

        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<LiveClient> sockets = new ArrayList<>();
        List<DescriptionEditor> editors = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                JsonNode user = users.get(i);
                String token = user.get("accessToken").asString();
                String userId = user.get("user").get("id").asString();
                LiveClient socket = LiveClient.connect(port, token);
                sockets.add(socket);
                socket.send("join_workspace", Map.of("workspaceId", workspace));
                socket.await("user_presence", p -> p.get("userId").asString().equals(userId));
                JsonNode start = api.get(description, token).json();
                DescriptionEditor editor = new DescriptionEditor(socket, task, start.get("text").asString(),
                        start.get("revision").asLong(), 17 + i);
                editor.sync();
                // From here on every frame is handled on arrival, so an ack's time is when it came.
                socket.onFrame(() -> {
                    try {
                        editor.poll();
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                });
                editor.poll();
                editors.add(editor);
            }

            type(editors, rate, warmUp, failure, new AtomicLong());
            settle(editors, api, description, owner);
            long startRevision = api.get(description, owner).json().get("revision").asLong();
            for (DescriptionEditor editor : editors) {
                synchronized (editor) {
                    editor.ackNanos.clear();
                }
            }
            AtomicLong edits = new AtomicLong();
            double typed = type(editors, rate, seconds, failure, edits);
            long settling = System.nanoTime();
            JsonNode server = settle(editors, api, description, owner);
            double settled = (System.nanoTime() - settling) / 1e9;
            if (failure.get() != null) {
                throw new IllegalStateException("An editor failed", failure.get());
            }

            String text = server.get("text").asString();
            List<Long> acks = new ArrayList<>();
            long disorder = 0;
            boolean equal = true;
            for (DescriptionEditor editor : editors) {
                synchronized (editor) {
                    acks.addAll(editor.ackNanos);
                    disorder += editor.disorder;
                    equal &= editor.idle() && editor.text.equals(text)
                            && editor.revision == server.get("revision").asLong();
                }
            }
            Collections.sort(acks);
            return new Figures(edits.get(), typed, settled, server.get("revision").asLong() - startRevision, acks.size(),
                    ms(percentile(acks, 50)), ms(percentile(acks, 99)), ms(acks.isEmpty() ? 0 : acks.get(acks.size() - 1)),
                    disorder, 0, equal, text.codePointCount(0, text.length()));
        } finally {
            sockets.forEach(LiveClient::close);
        }
    }

    /** Each editor types every 1000/rate ms, staggered across the editors, for {@code seconds}; answers how long. */
    private static double type(List<DescriptionEditor> editors, int rate, int seconds, AtomicReference<Throwable> failure,
                               AtomicLong edits) throws InterruptedException {
        if (seconds <= 0) {
            return 0;
        }
        long periodNanos = 1_000_000_000L / rate;
        ScheduledExecutorService typists = Executors.newScheduledThreadPool(2);
        List<ScheduledFuture<?>> schedules = new ArrayList<>();
        long began = System.nanoTime();
        for (int i = 0; i < editors.size(); i++) {
            DescriptionEditor editor = editors.get(i);
            schedules.add(typists.scheduleAtFixedRate(() -> {
                try {
                    editor.type();
                    edits.incrementAndGet();
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, i * periodNanos / editors.size(), periodNanos, TimeUnit.NANOSECONDS));
        }
        Thread.sleep(seconds * 1000L);
        schedules.forEach(s -> s.cancel(false));
        typists.shutdown();
        typists.awaitTermination(10, TimeUnit.SECONDS);
        return (System.nanoTime() - began) / 1e9;
    }

    /** Waits (at most 60 s) until every editor is idle at the server's revision; answers the server's description. */
    private static JsonNode settle(List<DescriptionEditor> editors, ApiClient api, String description, String token)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonNode server = api.get(description, token).json();
            long revision = server.get("revision").asLong();
            boolean settled = editors.stream().allMatch(e -> {
                synchronized (e) {
                    return e.idle() && e.revision == revision;
                }
            });
            if (settled || System.nanoTime() > deadline) {
                return server;
            }
            Thread.sleep(50);
        }
    }

    /** Installs ShareDB from bench/sharedb's lock file (once), starts its server and runs the same load with its client. */
    private static Figures shareDb(int editors, int rate, int seconds, int warmUp) throws Exception {
        Path source = Path.of("bench/sharedb").toAbsolutePath();
        Path scratch = Path.of("app/target/sharedb-bench").toAbsolutePath();
        Files.createDirectories(scratch);
        for (String file : List.of("package.json", "package-lock.json", "server.js", "editors.js")) {
            Files.copy(source.resolve(file), scratch.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path installed = scratch.resolve("node_modules/.package-lock.json");
        if (!Files.exists(installed) || Files.getLastModifiedTime(installed)
                .compareTo(Files.getLastModifiedTime(source.resolve("package-lock.json"))) < 0) {
            System.out.println("Installing ShareDB and ot-text-unicode from npm into " + scratch);
            int exit = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(scratch.toFile())
                    .inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("npm ci in " + scratch + " exited with " + exit);
            }
        }
        Process server = new ProcessBuilder("node", "server.js", "0", START).directory(scratch.toFile())
                .redirectErrorStream(true).start();
        try {
            BufferedReader serverOut = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            String listening = serverOut.readLine();
            if (listening == null || !listening.startsWith("listening ")) {
                throw new IllegalStateException("ShareDB did not start: " + listening);
            }
            String port = listening.substring("listening ".length()).trim();
            System.out.println("ShareDB " + version(scratch) + " listening on 127.0.0.1:" + port);
            Process client = new ProcessBuilder("node", "editors.js", port, String.valueOf(editors), String.valueOf(rate),
                    String.valueOf(seconds), String.valueOf(warmUp)).directory(scratch.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String result = new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (client.waitFor() != 0 || result.isEmpty()) {
                throw new IllegalStateException("ShareDB's editors failed: " + result);
            }
            JsonNode f = ApiClient.JSON.readTree(result.lines().reduce((a, b) -> b).orElseThrow());
            return new Figures(f.get("edits").asLong(), f.get("typedSeconds").asDouble(),
                    f.get("settledSeconds").asDouble(), f.get("applied").asLong(), f.get("acks").asLong(),
                    f.get("ackP50").asDouble(), f.get("ackP99").asDouble(), f.get("ackMax").asDouble(),
                    f.get("outOfOrder").asLong(), f.get("repeats").asLong(), f.get("textsEqual").asBoolean(),
                    f.get("codePoints").asLong());
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String version(Path scratch) throws IOException {
        return ApiClient.JSON.readTree(Files.readString(scratch.resolve("node_modules/sharedb/package.json")))
                .get("version").asString();
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
}
