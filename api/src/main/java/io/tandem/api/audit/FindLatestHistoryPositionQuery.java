package io.tandem.api.audit;

/** The highest position the audit log has assigned so far (0 when empty); answers {@code Long}. */
public record FindLatestHistoryPositionQuery() {
}
