package io.tandem.app.web;

import java.io.IOException;

/** A request body went past the size limit while it was being read (a chunked body declares no length). */
final class BodyTooLargeException extends IOException {

    private final long limit;

    BodyTooLargeException(long limit) {
        super("The request body exceeds " + limit + " bytes");
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
