package io.tandem.api.task;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A page of a task's description operations, and the description's current revision (the read model's).
 * Each {@link Op} is one operation as applied: the revision it produced, its {@code text-unicode} tree, who made it
 * and when; {@code clientId} and {@code seq} are null for a description written whole.
 */
public record DescriptionOps(List<Op> ops, long revision) {

    public record Op(long revision, Object op, UUID userId, UUID clientId, Long seq, Instant timestamp) {
    }
}
