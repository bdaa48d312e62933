package io.tandem.api.audit;

import java.util.List;

/**
 * A run of history events; {@code nextPosition} continues after the last one (or stays at the requested
 * position when there is none), and {@code hasMore} says whether more matching events were already there.
 */
public record HistoryPage(List<HistoryEvent> items, long nextPosition, boolean hasMore) {
}
