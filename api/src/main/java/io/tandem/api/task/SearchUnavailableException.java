package io.tandem.api.task;

import io.tandem.api.DomainException;
import io.tandem.api.ErrorCode;

/**
 * The search index cannot answer right now (it is down or unreachable); the tasks themselves are unaffected. A
 * refusal like any other, so that it keeps its meaning across a bus that serializes it.
 */
public class SearchUnavailableException extends DomainException {

    public SearchUnavailableException(String message, Throwable cause) {
        super(ErrorCode.UNAVAILABLE, message);
        initCause(cause);
    }
}
