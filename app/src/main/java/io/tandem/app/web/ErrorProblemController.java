package io.tandem.app.web;

import io.tandem.app.problem.Problems;
import io.tandem.app.problem.ApiException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's {@code /error} page, which the servlet container shows for failures outside MVC (a filter
 * that throws, a rejected request): the same problem details as everywhere else, with only the status's generic
 * wording, never the exception's message or trace; a dependency that is down is a 503, as in MVC.
 */
@RestController
class ErrorProblemController implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        // A filter that needed a dependency which is down (the account check of a token reads PostgreSQL): 503.
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && DependencyFailures.unavailable(failure)) {
            ApiException problem = DependencyFailures.problem();
            return ResponseEntity.status(problem.status()).headers(problem.headers()).contentType(Problems.MEDIA_TYPE)
                    .body(problem.toProblem());
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.resolve(value)
                // Asked for directly, without an error to describe: there is nothing here.
                : HttpStatus.NOT_FOUND;
        String detail = status.is5xxServerError() ? "An unexpected error occurred" : status.getReasonPhrase();
        String type = status.is5xxServerError() ? "internal" : "http-" + status.value();
        return ResponseEntity.status(status).contentType(Problems.MEDIA_TYPE).body(Problems.of(status, type, detail));
    }
}
