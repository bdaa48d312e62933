package io.tandem.api;

/** A command refused by a domain rule; carries a code so callers never parse messages. */
public class DomainException extends RuntimeException {

    private final ErrorCode code;
    private final String field;

    public DomainException(ErrorCode code, String message) {
        this(code, null, message);
    }

    public DomainException(ErrorCode code, String field, String message) {
        super(message);
        this.code = code;
        this.field = field;
    }

    public ErrorCode code() {
        return code;
    }

    /** The request field at fault, or null when the refusal is not about one field. */
    public String field() {
        return field;
    }
}
