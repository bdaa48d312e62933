package io.tandem.ot;

/**
 * An operation that is malformed, or that does not fit the text it is applied to. The message says which
 * component and why, in words fit to hand to the client that sent it.
 */
public class InvalidOpException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidOpException(String message) {
        super(message);
    }
}
