package io.tandem.api;

/** Why the domain refused a command; the web layer maps each code to an HTTP status. */
public enum ErrorCode {
    /** Input breaks a rule of the domain (400). */
    VALIDATION,
    /** The target does not exist (404). */
    NOT_FOUND,
    /** Something with that identity or unique name exists already (409). */
    ALREADY_EXISTS,
    /** The request clashes with the current state (409). */
    CONFLICT,
    /** The actor's role does not allow it (403). */
    FORBIDDEN,
    /** A strict precondition such as If-Match failed (412). */
    PRECONDITION_FAILED,
    /**
     * The client operation (by its id) was applied before; {@link DomainException#currentVersion()} is the version
     * it produced. A sync push answers it as {@code duplicate}.
     */
    ALREADY_APPLIED,
    /** A dependency the answer needs (the search index) is down; the request may be retried later (503). */
    UNAVAILABLE
}
