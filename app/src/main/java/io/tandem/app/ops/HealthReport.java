package io.tandem.app.ops;

import java.time.Instant;
import java.util.Map;

import io.tandem.app.deadletter.DeadLetters;

/**
 * The answer of {@code /health}: {@code healthy} only when every dependency is {@code up}. Parked events do not make
 * it unhealthy: they are one aggregate's trouble, not the instance's (every other aggregate is projected, and a
 * restart or another replica would change nothing); {@code deadLetters} shows them, and the metric
 * {@code tandem_dead_letters} is what to alert on.
 *
 * @param services    database, redis, elasticsearch and eventStore, each {@code up} or {@code down}
 * @param deadLetters per dead-lettering processor, the events it has parked and the aggregates they are of; empty
 *                    when the database cannot be asked
 */
record HealthReport(String status, Instant timestamp, Map<String, String> services,
                    Map<String, DeadLetters.Count> deadLetters) {

    static final String UP = "up";
    static final String DOWN = "down";

    boolean healthy() {
        return services.values().stream().allMatch(UP::equals);
    }
}
