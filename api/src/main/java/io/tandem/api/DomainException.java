package io.tandem.api;

import java.util.List;

/**
 * A command or query refused by a domain rule; carries a code so callers never parse messages. It crosses a bus that
 * serializes messages (Axon Server) as the details of Axon's execution exception ({@link DomainFailure}), and is
 * rebuilt from them on the caller's side with everything it says intact.
 */
public class DomainException extends RuntimeException {

    private final ErrorCode code;
    private final String field;
    private final Long currentVersion;
    private final List<String> conflictingFields;

    public DomainException(ErrorCode code, String message) {
        this(code, null, message);
    }

    public DomainException(ErrorCode code, String field, String message) {
        this(code, field, message, null, List.of());
    }

    protected DomainException(ErrorCode code, String field, String message, Long currentVersion,
                              List<String> conflictingFields) {
        super(message);
        this.code = code;
        this.field = field;
        this.currentVersion = currentVersion;
        this.conflictingFields = conflictingFields == null ? List.of() : List.copyOf(conflictingFields);
    }

    /**
     * The refusal of an offline client's operation that the aggregate applied before: nothing is written again,
     * and the caller learns the version that operation produced.
     */
    public static DomainException alreadyApplied(String clientOperationId, long version) {
        return new DomainException(ErrorCode.ALREADY_APPLIED, null,
                "Operation " + clientOperationId + " was applied already", version, List.of());
    }

    public ErrorCode code() {
        return code;
    }

    /** The request field at fault, or null when the refusal is not about one field. */
    public String field() {
        return field;
    }

    /** The aggregate's version when the refusal is about versions (a conflict, a repeated operation), else null. */
    public Long currentVersion() {
        return currentVersion;
    }

    /** The fields (JSON names) that clash with changes made since the caller's version; empty for other refusals. */
    public List<String> conflictingFields() {
        return conflictingFields;
    }

    /** What this refusal says, as a value any serializer can carry. */
    public DomainFailure failure() {
        return new DomainFailure(code, field, getMessage(), currentVersion, conflictingFields);
    }
}
