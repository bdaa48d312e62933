package io.tandem.api.task;

import java.util.List;

/** One page of search hits, with the number of matching tasks over all pages. */
public record TaskSearchPage(List<TaskSearchHit> items, int page, int size, long total) {

    public TaskSearchPage {
        items = List.copyOf(items);
    }
}
