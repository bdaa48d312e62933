package io.tandem.api.audit;

/**
 * At most {@code limit} events matching the filter with a position above {@code after} and, when
 * {@code upTo} is not null, at most {@code upTo}, in position order. Answers {@link HistoryPage}.
 */
public record FetchHistoryEventsQuery(HistoryFilter filter, long after, Long upTo, int limit) {
}
