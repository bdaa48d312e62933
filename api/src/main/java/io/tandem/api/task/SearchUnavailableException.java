package io.tandem.api.task;

/** The search index cannot answer right now (it is down or unreachable); the tasks themselves are unaffected. */
public class SearchUnavailableException extends RuntimeException {

    public SearchUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
