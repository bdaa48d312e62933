package io.tandem.app.live;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.tandem.api.DomainException;
import io.tandem.api.DomainFailure;
import io.tandem.app.problem.ApiException;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns whatever went wrong with a client frame into the {@code error} frame's code and message. */
final class Failures {

    private static final Logger log = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    static FrameException describe(Throwable failure) {
        Throwable e = unwrap(failure);
        if (e instanceof FrameException frame) {
            return frame;
        }
        Optional<DomainException> refusal = DomainFailure.find(failure);
        if (refusal.isPresent() && !refusal.get().conflictingFields().isEmpty()) {
            DomainException conflict = refusal.get();
            return new FrameException("conflict", conflict.getMessage())
                    .detail("currentVersion", conflict.currentVersion())
                    .detail("conflictingFields", conflict.conflictingFields());
        }
        if (refusal.isPresent()) {
            DomainException domain = refusal.get();
            FrameException frame = new FrameException(domain.code().name().toLowerCase(Locale.ROOT), domain.getMessage());
            return domain.field() == null ? frame : frame.detail("field", domain.field());
        }
        if (e instanceof ApiException api) {
            String code = switch (api.status()) {
                case BAD_REQUEST -> "validation";
                case FORBIDDEN -> "forbidden";
                case NOT_FOUND -> "not_found";
                case CONFLICT -> "conflict";
                case PRECONDITION_FAILED -> "precondition_failed";
                case TOO_MANY_REQUESTS -> "rate_limited";
                case SERVICE_UNAVAILABLE -> "unavailable";
                default -> "error";
            };
            if (api.errors().size() == 1) {
                ApiException.FieldError field = api.errors().get(0);
                return new FrameException(code, field.field() + " " + field.message()).detail("field", field.field());
            }
            return new FrameException(code, api.getMessage());
        }
        if (e instanceof ConcurrencyException) {
            return new FrameException("conflict", "Changed by someone else at the same moment; nothing was written");
        }
        if (e instanceof NoHandlerForQueryException) {
            return new FrameException("unavailable", "This is not available on the server yet");
        }
        log.error("Unexpected failure serving a WebSocket frame", e);
        return new FrameException("internal", "An unexpected error occurred");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable e = failure;
        while ((e instanceof CompletionException || e instanceof ExecutionException
                || e instanceof HandlerExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
