package io.tandem.api.audit;

import java.util.UUID;

/**
 * How many of an aggregate's events the history holds (its version there); answers a {@code Long}. A caller that
 * knows the aggregate's version waits for the history to reach it before reading it.
 */
public record FindHistoryVersionQuery(UUID aggregateId) {
}
