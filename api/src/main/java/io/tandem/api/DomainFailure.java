package io.tandem.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.axonframework.messaging.HandlerExecutionException;

/**
 * The details of a {@link DomainException} as they travel with Axon's {@code CommandExecutionException} or
 * {@code QueryExecutionException}: plain values, so they survive any serializer and any process boundary.
 */
public record DomainFailure(ErrorCode code, String field, String message, Long currentVersion,
                            List<String> conflictingFields) {

    public DomainFailure {
        conflictingFields = conflictingFields == null ? List.of() : List.copyOf(conflictingFields);
    }

    /** The refusal these details describe. */
    public DomainException toException() {
        return new DomainException(code, field, message, currentVersion, conflictingFields);
    }

    /**
     * The domain refusal behind a failure, whether it is the refusal itself, wraps it (a future's or Axon's
     * exceptions), or carries it as serialized details after crossing a bus.
     */
    public static Optional<DomainException> find(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof DomainException domain) {
                return Optional.of(domain);
            }
            if (e instanceof HandlerExecutionException handler) {
                Optional<DomainFailure> details = handler.getDetails().filter(DomainFailure.class::isInstance)
                        .map(DomainFailure.class::cast);
                if (details.isPresent()) {
                    return details.map(DomainFailure::toException);
                }
            } else if (!(e instanceof CompletionException || e instanceof ExecutionException)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
