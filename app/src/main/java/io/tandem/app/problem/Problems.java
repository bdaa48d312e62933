package io.tandem.app.problem;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/** Builds the problem details every error answer uses, so that each has type, title, status and detail. */
public final class Problems {

    /** Problem types are URNs: stable identifiers that do not pretend to be browsable pages. */
    public static final String TYPE_BASE = "urn:tandem:problem:";
    public static final MediaType MEDIA_TYPE = MediaType.APPLICATION_PROBLEM_JSON;

    private Problems() {
    }

    public static ProblemDetail of(HttpStatusCode status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ApiException.typeUri(type));
        HttpStatus known = HttpStatus.resolve(status.value());
        problem.setTitle(known == null ? "Error" : known.getReasonPhrase());
        return problem;
    }

    public static ProblemDetail validation(List<ApiException.FieldError> errors) {
        String detail = errors.size() == 1
                ? errors.get(0).field() + ": " + errors.get(0).message()
                : "The request has " + errors.size() + " invalid fields";
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "validation", detail);
        problem.setProperty("errors", errors);
        return problem;
    }
}
