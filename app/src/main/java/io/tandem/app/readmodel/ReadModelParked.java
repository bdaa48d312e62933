package io.tandem.app.readmodel;

import java.util.UUID;

/**
 * A write was committed, but the read model it waits for has parked the aggregate's events in its dead-letter queue
 * (the projection failed on one of them): it cannot show the write until an operator retries the sequence. The write
 * answers {@code 202 Accepted} with what it committed (see {@link ProblemHandler}) instead of waiting in vain.
 */
public class ReadModelParked extends RuntimeException {

    /** The header that marks an answer whose read model is parked; its value names the processor. */
    public static final String HEADER = "Tandem-Read-Model-Parked";

    private final String processor;
    private final UUID aggregateId;
    private final long version;

    ReadModelParked(String processor, UUID aggregateId, long version) {
        super("The read model " + processor + " has parked " + aggregateId + " at or before version " + version);
        this.processor = processor;
        this.aggregateId = aggregateId;
        this.version = version;
    }

    public String processor() {
        return processor;
    }

    public UUID aggregateId() {
        return aggregateId;
    }

    public long version() {
        return version;
    }
}
