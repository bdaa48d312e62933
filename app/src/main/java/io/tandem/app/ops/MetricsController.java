package io.tandem.app.ops;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /metrics} in the Prometheus text format, straight from Micrometer's Prometheus registry; the actuator's
 * own endpoints stay under {@code /actuator} and unexposed.
 */
@Tag(name = "operations")
@RestController
class MetricsController {

    static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8");

    private final PrometheusMeterRegistry registry;

    MetricsController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @Operation(operationId = "metrics", summary = "Prometheus metrics",
            description = "The Prometheus text format, with http_request_duration_seconds, "
                    + "websocket_active_connections, sync_operations_total{type,status} and tasks_total among "
                    + "others. No token needed.")
    @GetMapping("/metrics")
    ResponseEntity<String> metrics() {
        return ResponseEntity.ok().contentType(PROMETHEUS_TEXT).body(registry.scrape());
    }
}
