package io.tandem.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tandem.app.support.TestDependencies;
import io.tandem.app.support.TestDependencyInitializer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Task creation over HTTP at concurrency 16 against the app in its own JVM (with the options {@code scripts/run}
 * starts it with), beside PostgreSQL's own commit rate for the same rows measured with pgbench in the same run.
 * Each client thread keeps one connection alive ({@link KeepAliveHttp}), a client about as light as pgbench's.
 *
 * <p>Prints creates per second, p50/p99 latency, the server's resident memory (VmRSS and its peak VmHWM from
 * /proc), pgbench's transactions per second for one task event plus one read-model row each, and the ratio.
 * Arguments (all optional): {@code seconds} (30), {@code concurrency} (16), {@code pgbenchSeconds} (15),
 * {@code warmupSeconds} (15).
 */
public final class TaskCreationBenchmark {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String APP_DATABASE = "tandem_bench_task_creation";
    private static final String PGBENCH_DATABASE = "tandem_bench_pgbench";

    private TaskCreationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int pgbenchSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        int warmupSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 15;

        try (ServerProcess server = ServerProcess.start("task-creation", APP_DATABASE, Map.of())) {
            String base = server.base();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();

            List<String[]> clients = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                clients.add(client(http, base, i));
            }
            // Long enough for the JIT compilers to finish with the hot paths: the figures are for a warm server.
            System.out.printf("warm-up: %d s%n", warmupSeconds);
            run(base, clients, Duration.ofSeconds(warmupSeconds));
            System.out.printf("measuring: %d s at concurrency %d%n", seconds, concurrency);
            Result result = run(base, clients, Duration.ofSeconds(seconds));
            String rss = server.memory("VmRSS");
            String hwm = server.memory("VmHWM");

            long[] sizes = eventSizes();
            double pgTps = pgbench(concurrency, pgbenchSeconds, sizes);

            System.out.println();
            System.out.println("== TaskCreation ==");
            System.out.printf("server JVM:          %s, pid %d%n", String.join(" ", ServerProcess.jvmOptions()), server.pid());
            System.out.printf("creates:             %d in %.1f s, %d failed%n", result.count, result.seconds, result.failures);
            System.out.printf("creates per second:  %.1f%n", result.perSecond());
            System.out.printf("latency p50 / p99:   %.1f ms / %.1f ms (max %.1f ms)%n",
                    result.percentile(50), result.percentile(99), result.percentile(100));
            System.out.printf("server resident:     VmRSS %s, peak VmHWM %s%n", rss, hwm);
            System.out.printf("pgbench (same rows): %.1f tps at -c %d for %d s (event payload %d B, metadata %d B)%n",
                    pgTps, concurrency, pgbenchSeconds, sizes[0], sizes[1]);
            System.out.printf("ratio app/pgbench:   %.3f (aim >= 0.25)%n", result.perSecond() / pgTps);
        }
    }

    /** A registered user with a workspace of their own: {token, workspaceId}. */
    private static String[] client(HttpClient http, String base, int i) throws Exception {
        String email = "bench-" + i + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        JsonNode auth = post(http, base + "/api/v1/auth/register",
                Map.of("email", email, "password", "correct horse battery", "name", "Bench " + i), null, 201);
        String token = auth.get("accessToken").asString();
        JsonNode workspace = post(http, base + "/api/v1/workspaces", Map.of("name", "Bench " + i), token, 201);
        return new String[] {token, workspace.get("id").asString()};
    }

    private static JsonNode post(HttpClient http, String url, Object body, String token, int expected) throws Exception {
        HttpResponse<String> r = http.send(request(url, JSON.writeValueAsString(body), token),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private static HttpRequest request(String url, String json, String token) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder.build();
    }

    private record Result(long count, long failures, double seconds, long[] latenciesNanos) {
        double perSecond() {
            return count / seconds;
        }

        double percentile(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100.0 * latenciesNanos.length) - 1;
            return latenciesNanos[Math.max(0, Math.min(index, latenciesNanos.length - 1))] / 1_000_000.0;
        }
    }

    /**
     * Each client creates tasks back to back in its own workspace until the time is up, over its own kept-alive
     * connection ({@link KeepAliveHttp}: the load generator's CPU is the server's loss on two shared cores).
     */
    private static Result run(String base, List<String[]> clients, Duration duration)
            throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        AtomicLong failures = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        int[] counts = new int[clients.size()];
        CountDownLatch done = new CountDownLatch(clients.size());
        long start = System.nanoTime();
        for (int t = 0; t < clients.size(); t++) {
            long[] latencies = new long[1 << 18];
            perThread.add(latencies);
            int index = t;
            String[] client = clients.get(t);
            String path = "/api/v1/workspaces/" + client[1] + "/tasks";
            Thread worker = new Thread(() -> {
                try (KeepAliveHttp connection = new KeepAliveHttp(URI.create(base))) {
                    int n = 0;
                    while (System.nanoTime() < end && n < latencies.length) {
                        String body = "{\"title\":\"Task " + n + " of client " + index
                                + "\",\"description\":\"created by the task creation benchmark\",\"priority\":\"high\"}";
                        long t0 = System.nanoTime();
                        try {
                            int status = connection.postJson(path, client[0], body.getBytes(StandardCharsets.UTF_8));
                            if (status == 201) {
                                latencies[n++] = System.nanoTime() - t0;
                            } else {
                                failures.incrementAndGet();
                            }
                        } catch (IOException e) {
                            failures.incrementAndGet();
                        }
                    }
                    counts[index] = n;
                } finally {
                    done.countDown();
                }
            }, "bench-" + t);
            worker.start();
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        long total = Arrays.stream(counts).asLongStream().sum();
        long[] all = new long[(int) total];
        int offset = 0;
        for (int t = 0; t < counts.length; t++) {
            System.arraycopy(perThread.get(t), 0, all, offset, counts[t]);
            offset += counts[t];
        }
        Arrays.sort(all);
        return new Result(total, failures.get(), seconds, all);
    }

    /** Average stored size of the benchmark's TaskCreatedEvent payloads and metadata, so pgbench writes the same. */
    private static long[] eventSizes() throws Exception {
        try (Connection c = connect(APP_DATABASE);
             ResultSet rs = c.createStatement().executeQuery("select coalesce(avg(length(payload)), 0)::bigint,"
                     + " coalesce(avg(length(meta_data)), 0)::bigint from domain_event_entry"
                     + " where payload_type like '%TaskCreatedEvent'")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    /**
     * A scratch database with the app's own event store and read-model tables (its migrations), and pgbench
     * committing one transaction per task: the event row and the task row, sized like the app's.
     */
    private static double pgbench(int clients, int seconds, long[] sizes) throws Exception {
        TestDependencyInitializer.recreateDatabase(PGBENCH_DATABASE);
        try (Connection c = connect(PGBENCH_DATABASE)) {
            for (String migration : List.of("db/migration/V1__axon_event_store.sql", "db/migration/V3__read_models.sql")) {
                try (InputStream in = TaskCreationBenchmark.class.getClassLoader().getResourceAsStream(migration)) {
                    if (in == null) {
                        throw new IllegalStateException("Missing migration " + migration);
                    }
                    c.createStatement().execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        String script = """
                \\set ws random(1, %1$d)
                BEGIN;
                INSERT INTO domain_event_entry (global_index, aggregate_identifier, sequence_number, type,
                  event_identifier, payload_type, payload_revision, payload, meta_data, time_stamp)
                VALUES (nextval('domain_event_entry_seq'), gen_random_uuid()::text, 0, 'Task', gen_random_uuid()::text,
                  'io.tandem.api.task.TaskCreatedEvent', NULL, convert_to(repeat('p', %2$d), 'UTF8'),
                  convert_to(repeat('m', %3$d), 'UTF8'), now()::text);
                INSERT INTO tasks (id, workspace_id, title, description, completed, priority, created_by, created_at,
                  updated_at, is_recurring, is_template, status, occurrence, version)
                VALUES (gen_random_uuid(), ('00000000-0000-0000-0000-' || lpad(:ws::text, 12, '0'))::uuid,
                  'Task of client ' || :ws, 'created by the task creation benchmark', false, 3, gen_random_uuid(),
                  now(), now(), false, false, 'todo', 1, 1);
                END;
                """.formatted(clients, Math.max(1, sizes[0]), Math.max(1, sizes[1]));
        Path file = Files.createTempFile("tandem-pgbench", ".sql");
        Files.writeString(file, script);
        URI jdbc = URI.create(TestDependencies.jdbcUrl().substring("jdbc:".length()));
        List<String> command = List.of("pgbench", "-h", jdbc.getHost(), "-p", String.valueOf(jdbc.getPort()),
                "-U", TestDependencies.username(), "-n", "-c", String.valueOf(clients), "-j", String.valueOf(Math.min(clients, 4)),
                "-T", String.valueOf(seconds), "-f", file.toString(), PGBENCH_DATABASE);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (!TestDependencies.password().isEmpty()) {
            builder.environment().put("PGPASSWORD", TestDependencies.password());
        }
        String out = "";
        for (int attempt = 1; ; attempt++) {
            Process pgbench = builder.start();
            out = new String(pgbench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (pgbench.waitFor() == 0) {
                break;
            }
            if (attempt == 5 || !out.contains("too many clients")) {
                throw new IllegalStateException("pgbench failed:\n" + out);
            }
            Thread.sleep(5_000);
        }
        Matcher m = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("No tps in pgbench's output:\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }

    /** A shared PostgreSQL may be out of connections for a moment when other test runs use it too. */
    private static Connection connect(String database) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return DriverManager.getConnection(TestDependencyInitializer.jdbcUrl(database),
                        TestDependencies.username(), TestDependencies.password());
            } catch (java.sql.SQLException e) {
                if (attempt == 30 || !String.valueOf(e.getMessage()).contains("too many clients")) {
                    throw e;
                }
                Thread.sleep(2_000);
            }
        }
    }
}
