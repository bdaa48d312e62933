package io.tandem.app.web.operator;

import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.tandem.app.deadletter.DeadLetters;
import io.tandem.app.problem.ApiException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The events the projections have parked: what they are, and handing them back once their cause is fixed. */
@Tag(name = "operator")
@RestController
@RequestMapping("/api/v1/operator/dead-letters")
class DeadLetterController {

    private static final int MAX_LIMIT = 1000;

    /** Counts per processor, and the letters themselves (never their payload). */
    record DeadLetterList(Map<String, DeadLetters.Count> counts, List<DeadLetters.Letter> items) {
    }

    private final DeadLetters deadLetters;

    DeadLetterController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Operation(operationId = "listDeadLetters", summary = "List parked events (operator token only)",
            description = "Per processor (workspaces, task-list, search, analytics) the events it could not handle and "
                    + "those queued behind them in the same aggregate: where they are (sequence = aggregate id), the "
                    + "event type, when they were parked and last tried, and the failure's type and message. Payloads "
                    + "are never shown.",
            security = @SecurityRequirement(name = "operator"))
    @GetMapping
    DeadLetterList list(@Parameter(description = "Only this processor's letters")
                        @RequestParam(required = false) String processor,
                        @Parameter(description = "At most this many letters (1 to 1000)")
                        @RequestParam(required = false, defaultValue = "100") int limit) {
        if (processor != null) {
            requireKnown(processor);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return new DeadLetterList(deadLetters.counts(), deadLetters.list(processor, limit));
    }

    @Operation(operationId = "retryDeadLetters", summary = "Retry parked events (operator token only)",
            description = "Hands the processor's parked events back to its handlers, oldest first: of one sequence "
                    + "(an aggregate id) or of all. A sequence whose events all apply leaves the queue, and the writes "
                    + "that were answered 202 become readable; one that fails again stays parked with its new cause.",
            security = @SecurityRequirement(name = "operator"))
    @PostMapping("/{processor}/retry")
    DeadLetters.RetryOutcome retry(@PathVariable String processor,
                                   @Parameter(description = "Only this sequence (aggregate id); all when absent")
                                   @RequestParam(required = false) String sequence) {
        requireKnown(processor);
        return deadLetters.retry(processor, sequence);
    }

    private static void requireKnown(String processor) {
        if (!DeadLetters.PROCESSORS.contains(processor)) {
            throw ApiException.notFound("No dead-letter queue for processor '" + processor + "'; there are "
                    + DeadLetters.PROCESSORS);
        }
    }
}
