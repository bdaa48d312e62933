package io.tandem.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.tandem.app.TandemApplication;
import io.tandem.app.support.SplitEventStore;
import io.tandem.app.support.TestDependencies;
import io.tandem.app.support.TestDependencyInitializer;

/**
 * The app as its own JVM, started as {@code scripts/run} starts it (the options of scripts/jvm.options, the main
 * configuration, the production connection pool), on a fresh database of its own; for benchmarks whose figures
 * must not include the benchmark's own work or the test configuration. Its log goes to
 * {@code app/target/bench-<name>-server.log}.
 */
final class ServerProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the dependencies if needed, recreates {@code database} and starts the server on it. */
    static ServerProcess start(String name, String database, Map<String, String> extraEnvironment) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                TestDependencies.start();
                TestDependencyInitializer.recreateDatabase(database);
                break;
            } catch (IllegalStateException e) {
                if (attempt == 30) {
                    throw e;
                }
                System.out.println("PostgreSQL is busy (" + e.getMessage() + "); trying again");
                Thread.sleep(2_000);
            }
        }
        int port = freePort();
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
        Path log = Path.of("app/target/bench-" + name + "-server.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions());
        command.addAll(List.of("-cp", classpath, TandemApplication.class.getName()));
        // Extra Spring arguments for experiments, e.g. BENCH_SERVER_ARGS="--axon.eventhandling.processors.task-list.batch-size=20"
        String extra = System.getenv("BENCH_SERVER_ARGS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
            System.out.printf("server arguments: %s%n", extra.trim());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        env.put("PORT", String.valueOf(port));
        env.put("DATABASE_URL", TestDependencyInitializer.jdbcUrl(database));
        env.put("DATABASE_USERNAME", TestDependencies.username());
        env.put("DATABASE_PASSWORD", TestDependencies.password());
        env.put("REDIS_URL", TestDependencies.redisUrl());
        env.put("ELASTICSEARCH_URL", TestDependencies.elasticsearchUrl());
        env.put("TANDEM_DATA_DIR", Files.createTempDirectory("tandem-bench").toString());
        env.put("TANDEM_REDIS_KEY_PREFIX", "tandem-bench:" + UUID.randomUUID() + ":");
        // Benchmark clients write as fast as they can and would meet the per-user API limit within a second.
        env.put("TANDEM_RATE_LIMIT_API_PER_MINUTE", "100000000");
        env.put("TANDEM_RATE_LIMIT_SYNC_PER_10S", "100000000");
        // As scripts/run: glibc's allocator otherwise keeps an arena per thread and holds on to their free memory.
        env.put("MALLOC_ARENA_MAX", "2");
        env.remove("TANDEM_START_DEPENDENCIES");
        env.remove("JAVA_TOOL_OPTIONS");
        if (BenchServer.splitStore()) {
            SplitEventStore.recreate(TestDependencyInitializer.jdbcUrl(database), TestDependencies.username(),
                    TestDependencies.password());
            env.put("TANDEM_EVENT_STORE_URL", SplitEventStore.eventsUrl(TestDependencyInitializer.jdbcUrl(database)));
            System.out.println("event store: a database of its own (split store)");
        }
        env.putAll(extraEnvironment);
        System.out.printf("server: %s; log %s%n", String.join(" ", jvmOptions()), log);
        ServerProcess server = new ServerProcess(builder.start(), port);
        try {
            server.awaitUp();
        } catch (Exception e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * The JVM options {@code scripts/run} starts the server with (scripts/jvm.options), or BENCH_SERVER_JVM_OPTS for
     * experiments.
     */
    static List<String> jvmOptions() throws IOException {
        String override = System.getenv("BENCH_SERVER_JVM_OPTS");
        if (override != null && !override.isBlank()) {
            return List.of(override.trim().split("\\s+"));
        }
        return Files.readAllLines(Path.of("scripts/jvm.options")).stream()
                .map(line -> line.replaceAll("#.*", "").trim())
                .filter(line -> !line.isEmpty())
                .toList();
    }

    int port() {
        return port;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** A line of /proc/<pid>/status in MiB, e.g. VmRSS (resident now) or VmHWM (its peak). */
    String memory(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith(field + ":")) {
                String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                return String.format("%.0f MiB", Long.parseLong(parts[0]) / 1024.0);
            }
        }
        return "n/a";
    }

    private void awaitUp() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The server exited with " + process.exitValue() + "; see its log");
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/actuator/health/liveness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The server did not come up within 3 minutes");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
