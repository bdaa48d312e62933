package io.tandem.api;

/** Names of the metadata that say who did something and why; they travel from each command to its events. */
public final class MetadataKeys {

    /** The account that sent the command. */
    public static final String USER_ID = "userId";
    /** The request (or chain of messages) the command belongs to. */
    public static final String CORRELATION_ID = "correlationId";
    /** The offline client's id of the operation, for pushed sync operations. */
    public static final String CLIENT_OPERATION_ID = "clientOperationId";
    /** The id of the message that directly caused this one. */
    public static final String CAUSATION_ID = "causationId";
    /** The id of the first message of the chain this one belongs to. */
    public static final String TRACE_ID = "traceId";
    /** When the offline client made a pushed change (epoch ms), which conflict strategies compare with. */
    public static final String CLIENT_TIMESTAMP = "clientTimestamp";

    private MetadataKeys() {
    }
}
