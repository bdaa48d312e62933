package io.tandem.app.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.tandem.app.deadletter.DeadLetters;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import jakarta.annotation.PreDestroy;
import org.axonframework.axonserver.connector.AxonServerConfiguration;
import org.axonframework.axonserver.connector.AxonServerConnectionManager;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Asks each dependency a cheap question, all in parallel, and calls a dependency down when it fails or does not
 * answer within the timeout; a slow dependency therefore costs {@code /health} the timeout, never more.
 */
@Component
class DependencyChecks {

    private static final Logger log = LoggerFactory.getLogger(DependencyChecks.class);

    private final JdbcClient jdbc;
    private final DeadLetters deadLetters;
    private final RedisClient redis;
    private final EventStore eventStore;
    /** Present in Axon Server mode only: there the event store is the connection to Axon Server. */
    private final AxonServerConnectionManager axonServer;
    private final String axonServerContext;
    private final URI elasticsearchHealth;
    private final Duration timeout;
    private final Clock clock;
    private final HttpClient http;
    private final ExecutorService executor;
    private volatile StatefulRedisConnection<String, String> redisConnection;

    DependencyChecks(JdbcClient jdbc, RedisClient rateLimitRedisClient, EventStore eventStore,
            ObjectProvider<AxonServerConnectionManager> axonServer, ObjectProvider<AxonServerConfiguration> axonServerConfig,
            @Value("${tandem.elasticsearch.url}") String elasticsearchUrl, OpsProperties properties,
            DeadLetters deadLetters) {
        this.jdbc = jdbc;
        this.deadLetters = deadLetters;
        this.redis = rateLimitRedisClient;
        this.eventStore = eventStore;
        this.axonServer = axonServer.getIfAvailable();
        AxonServerConfiguration configuration = axonServerConfig.getIfAvailable();
        this.axonServerContext = configuration == null ? null : configuration.getContext();
        this.elasticsearchHealth = URI.create(elasticsearchUrl.replaceAll("/+$", "") + "/_cluster/health");
        this.timeout = properties.healthTimeout();
        this.clock = Clock.systemUTC();
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        AtomicInteger threads = new AtomicInteger();
        // Daemon threads: a check stuck on a dead connection must never hold up shutdown.
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "health-check-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    HealthReport check() {
        Map<String, CompletableFuture<Void>> running = new LinkedHashMap<>();
        running.put("database", run(this::database));
        running.put("redis", run(this::redis));
        running.put("elasticsearch", run(this::elasticsearch));
        running.put("eventStore", run(this::eventStore));
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> services = new LinkedHashMap<>();
        running.forEach((name, future) -> services.put(name, outcome(name, future, deadline)));
        Map<String, DeadLetters.Count> parked = HealthReport.UP.equals(services.get("database")) ? deadLetters() : Map.of();
        HealthReport report = new HealthReport("healthy", clock.instant(), services, parked);
        return report.healthy() ? report : new HealthReport("unhealthy", report.timestamp(), services, parked);
    }

    private Map<String, DeadLetters.Count> deadLetters() {
        try {
            return deadLetters.counts();
        } catch (RuntimeException e) {
            log.warn("Health check could not count dead letters: {}", e.toString());
            return Map.of();
        }
    }

    private String outcome(String name, CompletableFuture<Void> future, long deadline) {
        try {
            future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return HealthReport.UP;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthReport.DOWN;
        } catch (Exception e) {
            future.cancel(true);
            log.warn("Health check of {} failed: {}", name, e.getCause() == null ? e.toString() : e.getCause().toString());
            return HealthReport.DOWN;
        }
    }

    private CompletableFuture<Void> run(CheckedRunnable check) {
        return CompletableFuture.runAsync(() -> {
            try {
                check.run();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, executor);
    }

    private void database() {
        jdbc.sql("select 1").query(Integer.class).single();
    }

    private void redis() {
        StatefulRedisConnection<String, String> connection = redisConnection;
        if (connection == null || !connection.isOpen()) {
            synchronized (this) {
                connection = redisConnection;
                if (connection == null || !connection.isOpen()) {
                    connection = redis.connect();
                    redisConnection = connection;
                }
            }
        }
        String pong = connection.sync().ping();
        if (!"PONG".equalsIgnoreCase(pong)) {
            throw new IllegalStateException("Redis answered " + pong);
        }
    }

    /** Up while the cluster can serve every index, i.e. its health is green or yellow. */
    private void elasticsearch() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(elasticsearchHealth).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || response.body().contains("\"status\":\"red\"")) {
            throw new IllegalStateException("Elasticsearch answered " + response.statusCode());
        }
    }

    /**
     * The head of the event stream: one indexed query where the events are in PostgreSQL (the main database or their
     * own), one call on Axon Server, which is down at once while the connector has no connection to it.
     */
    private void eventStore() {
        if (axonServer != null && !axonServer.isConnected(axonServerContext)) {
            throw new IllegalStateException("Not connected to Axon Server (context " + axonServerContext + ")");
        }
        eventStore.createHeadToken();
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
        StatefulRedisConnection<String, String> connection = redisConnection;
        if (connection != null) {
            connection.close();
        }
    }

    @FunctionalInterface
    private interface CheckedRunnable {
        void run() throws Exception;
    }
}
