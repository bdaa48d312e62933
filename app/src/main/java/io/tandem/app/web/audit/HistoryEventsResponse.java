package io.tandem.app.web.audit;

import java.util.List;

import io.tandem.api.audit.HistoryEvent;

/**
 * A page of history: pass {@code nextPosition} as {@code after} to continue. {@code hasMore} (an addition to the
 * contract) says whether further matching events already existed when the page was read.
 */
record HistoryEventsResponse(List<HistoryEvent> items, long nextPosition, boolean hasMore) {
}
