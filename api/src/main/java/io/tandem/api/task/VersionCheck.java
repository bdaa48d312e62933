package io.tandem.api.task;

/** How an update treats the version its client based it on. */
public enum VersionCheck {
    /** No version given: the write is unconditional. */
    NONE,
    /** A stale body {@code version}: disjoint field changes merge, overlapping ones conflict. */
    MERGE,
    /** An {@code If-Match} version: any staleness fails the precondition. */
    STRICT
}
