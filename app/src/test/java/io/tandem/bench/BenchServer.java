package io.tandem.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.tandem.app.TandemApplication;
import io.tandem.app.support.ApiClient;
import io.tandem.app.support.SplitEventStore;
import io.tandem.app.support.TestDependencies;
import io.tandem.app.support.TestDependencyInitializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application on a fresh database of its own, with a registered user, for a benchmark: in-process
 * ({@link #start}, when the benchmark needs the application's beans) or as its own JVM ({@link #process}).
 */
final class BenchServer implements AutoCloseable {

    /** The in-process application, or null when it runs as its own JVM. */
    final ConfigurableApplicationContext context;
    private final ServerProcess process;
    final ApiClient api;
    final String token;
    final UUID userId;

    private BenchServer(ConfigurableApplicationContext context, ServerProcess process, ApiClient api, String token,
                        UUID userId) {
        this.context = context;
        this.process = process;
        this.api = api;
        this.token = token;
        this.userId = userId;
    }

    /** The application as {@code scripts/run} starts it, in a JVM of its own. */
    static BenchServer process(String name, String database) throws Exception {
        ServerProcess process = ServerProcess.start(name, database, Map.of());
        ApiClient api = new ApiClient(process.port());
        var registered = register(api);
        return new BenchServer(null, process, api, registered.get("accessToken").asString(),
                UUID.fromString(registered.get("user").get("id").asString()));
    }

    private static tools.jackson.databind.JsonNode register(ApiClient api) {
        String email = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        return api.post("/api/v1/auth/register",
                Map.of("email", email, "password", "correct horse battery", "name", "Bench"), null).json();
    }

    static BenchServer start(String database) {
        return start(database, Map.of());
    }

    /** In-process, with {@code extra} properties on top of the benchmark's own. */
    static BenchServer start(String database, Map<String, ?> extra) {
        TestDependencyInitializer.recreateDatabase(database);
        Map<String, Object> properties = new HashMap<>(TestDependencyInitializer.properties());
        properties.put("spring.datasource.url", TestDependencyInitializer.jdbcUrl(database));
        properties.put("server.port", "0");
        properties.put("logging.level.root", "WARN");
        // The production pool, not the tests' small one: seeding runs 16 senders beside the projections.
        properties.put("spring.datasource.hikari.maximum-pool-size", "20");
        if (splitStore()) {
            SplitEventStore.recreate(TestDependencyInitializer.jdbcUrl(database), TestDependencies.username(),
                    TestDependencies.password());
            properties.put("tandem.event-store.url", SplitEventStore.eventsUrl(TestDependencyInitializer.jdbcUrl(database)));
        }
        properties.putAll(extra);
        System.out.println("event store: " + (splitStore() ? "a database of its own (split store)" : "the main database"));
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(TandemApplication.class).run(args);
        ApiClient api = new ApiClient(Integer.parseInt(context.getEnvironment().getProperty("local.server.port")));
        var registered = register(api);
        return new BenchServer(context, null, api, registered.get("accessToken").asString(),
                UUID.fromString(registered.get("user").get("id").asString()));
    }

    /**
     * {@code BENCH_SPLIT_STORE=1}: the events in a database of their own, as {@code TANDEM_EVENT_STORE_URL} sets them
     * up in production (no serializing buses: those stand in for Axon Server's transport only in the tests).
     */
    static boolean splitStore() {
        return "1".equals(System.getenv("BENCH_SPLIT_STORE")) || "true".equals(System.getenv("BENCH_SPLIT_STORE"));
    }

    UUID workspace(String name) {
        return UUID.fromString(api.post("/api/v1/workspaces", Map.of("name", name), token).json().get("id").asString());
    }

    /** Pushes operations in one request and fails loudly unless every one was applied or merged. */
    void push(UUID workspace, List<Map<String, Object>> operations) {
        ApiClient.Response r = pushOnce(workspace, operations, 3);
        if (r.status() != 200) {
            throw new IllegalStateException("push failed: " + r);
        }
        r.json().get("results").forEach(result -> {
            String status = result.get("status").asString();
            if (!status.equals("applied") && !status.equals("merged") && !status.equals("duplicate")) {
                throw new IllegalStateException("operation not applied: " + result);
            }
        });
    }

    /** A push is idempotent, so one that got no answer (a connect timeout on a busy machine) is simply sent again. */
    private ApiClient.Response pushOnce(UUID workspace, List<Map<String, Object>> operations, int attempts) {
        try {
            return api.post("/api/v1/workspaces/" + workspace + "/sync/push", Map.of("operations", operations), token);
        } catch (IllegalStateException noAnswer) {
            if (attempts <= 1) {
                throw noAnswer;
            }
            System.out.println("push got no answer (" + noAnswer.getCause() + ") after " + operations.size() + " ops; sending it again");
            noAnswer.printStackTrace(System.out);
            return pushOnce(workspace, operations, attempts - 1);
        }
    }

    static List<Map<String, Object>> creates(int count, String prefix) {
        List<Map<String, Object>> operations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            operations.add(operation("create", UUID.randomUUID(), Map.of("title", prefix + " " + i), null));
        }
        return operations;
    }

    static Map<String, Object> operation(String type, UUID entityId, Map<String, Object> data, Long baseVersion) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("id", UUID.randomUUID().toString());
        op.put("type", type);
        op.put("entityType", "task");
        op.put("entityId", entityId.toString());
        op.put("data", data);
        op.put("baseVersion", baseVersion);
        op.put("timestamp", System.currentTimeMillis());
        return op;
    }

    @Override
    public void close() throws InterruptedException {
        if (context != null) {
            context.close();
        }
        if (process != null) {
            process.close();
        }
    }
}
