package io.tandem.app.ops;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tandem.app.deadletter.DeadLetters;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tandem's own figures on {@code /metrics}:
 * <ul>
 * <li>{@code tasks_total}: tasks ever created (every row of the task read model, soft-deleted ones included), and
 * {@code tasks_active{status}}: live tasks by status. Both come from one grouped count, reused for a few seconds;
 * they describe the whole system, so every replica reports the same value (aggregate with {@code max}).</li>
 * <li>{@code event_processor_lag{processor}}: events between the head of the event store and the slowest segment
 * of each streaming processor that this replica has claimed (absent where it claims none).</li>
 * <li>{@code sync_operations_total{type,status}} at zero for each known pair, so that dashboards see the series
 * before the first push; the sync endpoint increments the same counters ({@code sync.operations}).</li>
 * <li>{@code tandem_dead_letters{processor,kind}}: events each dead-lettering processor has parked ({@code kind}
 * {@code letters}) and the aggregates they belong to ({@code kind} {@code sequences}), from the shared queue table,
 * so every replica reports the same value; reused for a few seconds.</li>
 * <li>{@code websocket_active_connections} at zero, only when the WebSocket feature has not registered its own gauge
 * ({@code websocket.active.connections}) by the time the application is ready.</li>
 * </ul>
 */
@Component
class TandemMetrics {

    private static final Logger log = LoggerFactory.getLogger(TandemMetrics.class);

    static final String SYNC_OPERATIONS = "sync.operations";
    static final String WEBSOCKET_CONNECTIONS = "websocket.active.connections";
    static final List<String> SYNC_TYPES = List.of("create", "update", "delete");
    static final List<String> SYNC_STATUSES = List.of("applied", "merged", "conflict", "rejected", "duplicate");
    static final List<String> TASK_STATUSES = List.of("todo", "in_progress", "done");

    private final MeterRegistry registry;
    private final JdbcClient jdbc;
    private final EventStore eventStore;
    private final EventProcessingConfiguration processing;
    private final long cacheNanos;
    private volatile TaskCounts taskCounts;
    private volatile Head head;

    /** Counts per status of live tasks, the number of all task rows, and when they were read. */
    private record TaskCounts(Map<String, Long> active, long all, long readAt) {
    }

    private record Head(long position, long readAt) {
    }

    TandemMetrics(MeterRegistry registry, JdbcClient jdbc, EventStore eventStore,
            EventProcessingConfiguration processing, OpsProperties properties, DeadLetters deadLetters) {
        this.registry = registry;
        this.jdbc = jdbc;
        this.eventStore = eventStore;
        this.processing = processing;
        this.cacheNanos = properties.taskCountCacheTime().toNanos();
        FunctionCounter.builder("tasks", this, metrics -> metrics.taskCounts().all())
                .description("Tasks ever created (all rows of the task read model, deleted ones included)")
                .register(registry);
        for (String status : TASK_STATUSES) {
            Gauge.builder("tasks.active", this, metrics -> metrics.taskCounts().active().getOrDefault(status, 0L))
                    .description("Live (not deleted) tasks by status")
                    .tag("status", status)
                    .register(registry);
        }
        for (String processor : DeadLetters.PROCESSORS) {
            Gauge.builder("tandem.dead.letters", deadLetters, letters -> deadLetterCount(letters, processor, DeadLetters.Count::letters))
                    .description("Events a processor has parked in its dead-letter queue, and the aggregates they are of")
                    .tags("processor", processor, "kind", "letters")
                    .register(registry);
            Gauge.builder("tandem.dead.letters", deadLetters, letters -> deadLetterCount(letters, processor, DeadLetters.Count::sequences))
                    .description("Events a processor has parked in its dead-letter queue, and the aggregates they are of")
                    .tags("processor", processor, "kind", "sequences")
                    .register(registry);
        }
        for (String type : SYNC_TYPES) {
            for (String status : SYNC_STATUSES) {
                Counter.builder(SYNC_OPERATIONS).description("Pushed sync operations by type and outcome")
                        .tags("type", type, "status", status).register(registry);
            }
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void registerLateMeters() {
        if (registry.find(WEBSOCKET_CONNECTIONS).meter() == null) {
            Gauge.builder(WEBSOCKET_CONNECTIONS, () -> 0).description("Open WebSocket connections on this replica")
                    .register(registry);
        }
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming) {
                Gauge.builder("event.processor.lag", streaming, this::lag)
                        .description("Events the processor's slowest claimed segment is behind the head of the store")
                        .tag("processor", name)
                        .register(registry);
            }
        });
    }

    private static double deadLetterCount(DeadLetters letters, String processor,
                                          ToLongFunction<DeadLetters.Count> kind) {
        try {
            return kind.applyAsLong(letters.recentCounts().getOrDefault(processor, new DeadLetters.Count(0, 0)));
        } catch (RuntimeException e) {
            // The database is unreachable: no value rather than a wrong one.
            log.debug("Cannot count dead letters: {}", e.toString());
            return Double.NaN;
        }
    }

    private double lag(StreamingEventProcessor processor) {
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        long slowest = Long.MAX_VALUE;
        for (EventTrackerStatus segment : status.values()) {
            TrackingToken token = segment.getTrackingToken();
            OptionalLong position = token == null ? OptionalLong.of(-1) : token.position();
            slowest = Math.min(slowest, position.orElse(-1));
        }
        long headPosition = head().position();
        if (slowest == Long.MAX_VALUE || headPosition < 0) {
            return Double.NaN;
        }
        return Math.max(0, headPosition - slowest);
    }

    private Head head() {
        Head current = head;
        long now = System.nanoTime();
        if (current != null && now - current.readAt() < Duration.ofSeconds(1).toNanos()) {
            return current;
        }
        try {
            TrackingToken token = eventStore.createHeadToken();
            long position = token == null ? -1 : token.position().orElse(-1);
            current = new Head(position, now);
        } catch (RuntimeException e) {
            log.debug("Cannot read the head of the event store: {}", e.toString());
            current = new Head(-1, now);
        }
        head = current;
        return current;
    }

    private TaskCounts taskCounts() {
        TaskCounts current = taskCounts;
        long now = System.nanoTime();
        if (current != null && now - current.readAt() < cacheNanos) {
            return current;
        }
        synchronized (this) {
            TaskCounts last = taskCounts;
            if (last != null && now - last.readAt() < cacheNanos) {
                return last;
            }
            try {
                Map<String, Long> active = new HashMap<>();
                long[] all = {0};
                jdbc.sql("select status, deleted, count(*) as n from tasks group by status, deleted")
                        .query(rs -> {
                            long n = rs.getLong("n");
                            all[0] += n;
                            if (!rs.getBoolean("deleted")) {
                                active.merge(rs.getString("status"), n, Long::sum);
                            }
                        });
                current = new TaskCounts(Map.copyOf(active), all[0], now);
            } catch (RuntimeException e) {
                // Keep reporting the last counts; /health tells whether the database is down.
                log.debug("Cannot count tasks: {}", e.toString());
                current = last == null ? new TaskCounts(Map.of(), 0, now) : new TaskCounts(last.active(), last.all(), now);
            }
            taskCounts = current;
            return current;
        }
    }
}
