package io.tandem.app.ops;

import java.time.Instant;
import java.util.Map;

/**
 * The answer of {@code /health}: {@code healthy} only when every dependency is {@code up}.
 *
 * @param services database, redis, elasticsearch and eventStore, each {@code up} or {@code down}
 */
record HealthReport(String status, Instant timestamp, Map<String, String> services) {

    static final String UP = "up";
    static final String DOWN = "down";

    boolean healthy() {
        return services.values().stream().allMatch(UP::equals);
    }
}
