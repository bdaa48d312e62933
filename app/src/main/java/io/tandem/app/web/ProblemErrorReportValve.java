package io.tandem.app.web;

import io.tandem.app.problem.Problems;
import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;

/**
 * The servlet container's own error answers, for requests it refuses before any servlet sees them (an undecodable
 * or forbidden character in the path or query, a malformed header, a method it does not implement), as the same
 * problem details every other answer uses instead of Tomcat's HTML page, which names the server. A refusal of the
 * client's request is never a 5xx: Tomcat's 501 for a method or transfer coding it does not implement becomes 405
 * or 400.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status == HttpStatus.NOT_IMPLEMENTED.value() && throwable == null) {
            status = "CONNECT".equals(request.getMethod()) || !knownMethod(request.getMethod())
                    ? HttpStatus.METHOD_NOT_ALLOWED.value() : HttpStatus.BAD_REQUEST.value();
            response.setStatus(status);
        }
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        String type = status >= 500 ? "internal" : "http-" + status;
        String detail = status >= 500 ? "An unexpected error occurred" : "The request was refused: " + title;
        String body = "{\"type\":\"" + Problems.TYPE_BASE + type + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}";
        try {
            response.setContentType(Problems.MEDIA_TYPE.toString());
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // The client is gone or the answer is already committed: nothing more can be said.
        }
    }

    private static boolean knownMethod(String method) {
        return switch (method) {
            case "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH" -> true;
            default -> false;
        };
    }
}
