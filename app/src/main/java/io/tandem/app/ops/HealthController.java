package io.tandem.app.ops;

import io.swagger.v3.oas.annotations.tags.Tag;
import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /health} reports each dependency (503 when any is down); {@code /ready} only says whether this instance
 * accepts traffic (503 while starting and once shutdown has begun), so an outage of a shared dependency never makes
 * an orchestrator restart healthy instances.
 */
@Tag(name = "operations")
@RestController
class HealthController {

    private final DependencyChecks checks;
    private final ApplicationAvailability availability;

    HealthController(DependencyChecks checks, ApplicationAvailability availability) {
        this.checks = checks;
        this.availability = availability;
    }

    @Operation(operationId = "health", summary = "Report the health of each dependency",
            description = "200 when database, redis, elasticsearch and the event store are all up, 503 when any is "
                    + "down; `{status, timestamp, services}`. No token needed.")
    @GetMapping("/health")
    ResponseEntity<HealthReport> health() {
        HealthReport report = checks.check();
        return ResponseEntity.status(report.healthy() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).body(report);
    }

    @Operation(operationId = "ready", summary = "Say whether this instance accepts traffic",
            description = "200 once serving, 503 while starting and once shutdown has begun. No token needed.")
    @GetMapping("/ready")
    ResponseEntity<Map<String, String>> ready() {
        boolean ready = availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC;
        return ResponseEntity.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(Map.of("status", ready ? "ready" : "not_ready"));
    }
}
