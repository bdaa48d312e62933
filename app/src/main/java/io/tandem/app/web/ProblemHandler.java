package io.tandem.app.web;

import io.tandem.app.problem.Problems;
import io.tandem.app.problem.ApiException;
import io.tandem.app.readmodel.ReadModelParked;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

import io.tandem.api.DomainException;
import io.tandem.api.DomainFailure;
import io.tandem.api.ErrorCode;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.axonframework.messaging.HandlerExecutionException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every error into RFC 9457 problem details: domain refusals by their code, malformed or unknown input as
 * 400 naming the field, a dependency that cannot be reached (PostgreSQL, the event store, Redis) as 503 with
 * {@code Retry-After}, and anything unexpected as a bare 500 (logged here, never echoed to the client).
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        return respond(e.status(), e.headers(), e.toProblem());
    }

    /**
     * A committed write whose read model is parked: not an error of the request, which took effect, so a 2xx (a
     * client must not send it again), but not the usual answer either: {@code 202 Accepted} with what was committed
     * (the aggregate and its new version, also as the ETag) and the header {@value ReadModelParked#HEADER} naming the
     * read model that cannot show it yet.
     */
    @ExceptionHandler(ReadModelParked.class)
    ResponseEntity<ParkedWrite> parked(ReadModelParked e) {
        log.warn("Answering a committed write without its read model: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header(ReadModelParked.HEADER, e.processor())
                .eTag("\"" + e.version() + "\"")
                .body(new ParkedWrite("parked", e.aggregateId(), e.version(), e.processor(),
                        "The change was saved as version " + e.version() + ", but the " + e.processor()
                                + " read model holds this item's changes back after failing on one of them; reads show"
                                + " an earlier state until an operator retries them"));
    }

    /** The body of a write answered while its read model is parked. */
    public record ParkedWrite(String status, UUID id, long version, String readModel, String detail) {
    }

    @ExceptionHandler(DomainException.class)
    ResponseEntity<ProblemDetail> domain(DomainException e) {
        return api(toApi(e));
    }

    /**
     * Axon wraps a handler's refusal in its execution exceptions, with the refusal as details that survive a bus
     * that serializes messages; a query's arrives inside the future's {@link CompletionException}.
     */
    @ExceptionHandler({HandlerExecutionException.class, CompletionException.class})
    ResponseEntity<ProblemDetail> handlerExecution(RuntimeException e) {
        Optional<DomainException> refusal = DomainFailure.find(e);
        if (refusal.isPresent()) {
            return domain(refusal.get());
        }
        return unexpected(e);
    }

    /**
     * Two writers appended to the same aggregate at once (on different replicas), or a client-chosen id is taken:
     * nothing was written for this request, and the client may retry.
     */
    @ExceptionHandler({ConcurrencyException.class, AggregateStreamCreationException.class})
    ResponseEntity<ProblemDetail> concurrency(Exception e) {
        return api(ApiException.conflict("It already exists, or was changed at the same moment; nothing was written"));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        return api(ApiException.badRequest(e.getName(), "has an invalid value"));
    }

    /**
     * Tomcat refuses a query string it cannot decode (or one with too many parameters) when a parameter is first
     * read; {@link RequestSyntaxFilter} catches malformed ones first, this any that remain.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> invalidParameters(InvalidParameterException e) {
        return api(new ApiException(HttpStatus.BAD_REQUEST, "malformed-query", "The query string cannot be read", null));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (DependencyFailures.unavailable(e)) {
            // An outage, not a bug: one line per request, the cause's message only.
            log.warn("A dependency is unavailable: {}", e.toString());
            return api(DependencyFailures.problem());
        }
        log.error("Unhandled error", e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, new HttpHeaders(),
                Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "An unexpected error occurred"));
    }

    static ApiException toApi(DomainException e) {
        ErrorCode code = e.code();
        return switch (code) {
            case VALIDATION -> e.field() == null
                    ? new ApiException(HttpStatus.BAD_REQUEST, "validation", e.getMessage(), null)
                    : ApiException.badRequest(e.field(), e.getMessage());
            case NOT_FOUND -> ApiException.notFound(e.getMessage());
            case ALREADY_EXISTS, CONFLICT, ALREADY_APPLIED -> ApiException.conflict(e.getMessage());
            case FORBIDDEN -> ApiException.forbidden(e.getMessage());
            case PRECONDITION_FAILED -> ApiException.preconditionFailed(e.getMessage());
            case UNAVAILABLE -> ApiException.unavailable(e.getMessage());
        };
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ApiException problem = describeUnreadable(e);
        return ResponseEntity.status(problem.status()).contentType(Problems.MEDIA_TYPE).body(problem.toProblem());
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiException.FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new ApiException.FieldError(f.getField(), f.getDefaultMessage()))
                .collect(Collectors.toList());
        e.getBindingResult().getGlobalErrors().forEach(g ->
                errors.add(new ApiException.FieldError(g.getObjectName(), g.getDefaultMessage())));
        return ResponseEntity.badRequest().contentType(Problems.MEDIA_TYPE).body(Problems.validation(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<ApiException.FieldError> errors = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new ApiException.FieldError(parameterName(result), error.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().contentType(Problems.MEDIA_TYPE).body(Problems.validation(errors));
    }

    /** Gives Spring MVC's own error answers (415, 405, 404 for unknown paths...) the same problem type scheme. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail
                : Problems.of(status, "http-" + status.value(), reason(status));
        if (status.is5xxServerError()) {
            // Spring's own 5xx details can name internal types; the client learns only that it failed.
            log.error("Request failed with {}", status.value(), e);
            problem.setDetail("An unexpected error occurred");
        }
        problem.setType(ApiException.typeUri(slug(status)));
        HttpStatus known = HttpStatus.resolve(status.value());
        if (known != null) {
            problem.setTitle(known.getReasonPhrase());
        }
        return ResponseEntity.status(status).headers(headers).contentType(Problems.MEDIA_TYPE).body(problem);
    }

    private static ApiException describeUnreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLargeException tooLarge) {
                return BodySizeLimitFilter.tooLarge(tooLarge.limit());
            }
        }
        Throwable cause = e.getMostSpecificCause();
        if (cause instanceof UnrecognizedPropertyException unknown) {
            String field = path(unknown);
            return ApiException.badRequest(field, "is not a known field");
        }
        if (cause instanceof StreamConstraintsException) {
            return new ApiException(HttpStatus.BAD_REQUEST, "malformed-json",
                    "The request body exceeds a limit on nesting, number or text length", null);
        }
        // A value that does not fit its field (a wrong type, a number out of range) is reported by Jackson at the
        // innermost point, without the path; the wrapper around it knows which field it was.
        JacksonException located = located(e);
        if (located != null && (!(cause instanceof StreamReadException) || cause instanceof InputCoercionException)) {
            return ApiException.badRequest(path(located), "has a value of the wrong type or format");
        }
        if (cause instanceof StreamReadException) {
            return new ApiException(HttpStatus.BAD_REQUEST, "malformed-json", "The request body is not valid JSON", null);
        }
        return new ApiException(HttpStatus.BAD_REQUEST, "malformed-json", "The request body is missing or unreadable", null);
    }

    /** The outermost Jackson failure in the chain that knows where in the body it happened. */
    private static JacksonException located(Throwable e) {
        for (Throwable t = e; t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
                return jackson;
            }
        }
        return null;
    }

    private static String path(JacksonException e) {
        return JsonFieldPath.of(e, "body");
    }

    private static String parameterName(ParameterValidationResult result) {
        String name = result.getMethodParameter().getParameterName();
        return name == null ? "parameter" : name;
    }

    private static String reason(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? "Error" : known.getReasonPhrase();
    }

    private static String slug(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> "bad-request";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            default -> "http-" + status.value();
        };
    }

    private static ResponseEntity<ProblemDetail> respond(HttpStatusCode status, HttpHeaders headers, ProblemDetail body) {
        return ResponseEntity.status(status).headers(headers).contentType(Problems.MEDIA_TYPE).body(body);
    }
}
