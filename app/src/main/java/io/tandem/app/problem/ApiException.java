package io.tandem.app.problem;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * An error answer decided by the web layer; rendered as RFC 9457 problem details by {@link ProblemHandler}.
 * Build one with the static factories and add properties or headers as the contract requires.
 */
public class ApiException extends RuntimeException {

    /** One invalid input field, as listed in a validation problem's {@code errors}. */
    public record FieldError(String field, String message) {
    }

    private final HttpStatus status;
    private final String type;
    private final List<FieldError> errors;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final HttpHeaders headers = new HttpHeaders();

    public ApiException(HttpStatus status, String type, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "validation", message, List.of(new FieldError(field, message)));
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(HttpStatus.UNAUTHORIZED, "unauthorized", detail, null);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(HttpStatus.FORBIDDEN, "forbidden", detail, null);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, "not-found", detail, null);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(HttpStatus.CONFLICT, "conflict", detail, null);
    }

    public static ApiException preconditionFailed(String detail) {
        return new ApiException(HttpStatus.PRECONDITION_FAILED, "precondition-failed", detail, null);
    }

    public static ApiException tooManyRequests(String detail, long retryAfterSeconds) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", detail, null)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfterSeconds)));
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", detail, null);
    }

    public ApiException property(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    public ApiException header(String name, String value) {
        headers.set(name, value);
        return this;
    }

    /** The invalid fields, for a validation problem; empty otherwise. */
    public List<FieldError> errors() {
        return errors;
    }

    public HttpStatus status() {
        return status;
    }

    public HttpHeaders headers() {
        return headers;
    }

    public ProblemDetail toProblem() {
        ProblemDetail problem = Problems.of(status, type, getMessage());
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        properties.forEach(problem::setProperty);
        return problem;
    }

    public static URI typeUri(String type) {
        return URI.create(Problems.TYPE_BASE + type);
    }
}
