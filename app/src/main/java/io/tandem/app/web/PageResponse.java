package io.tandem.app.web;

import java.util.List;

/** The contract's list envelope: {@code {items, page, size, total}}. */
public record PageResponse<T>(List<T> items, int page, int size, long total) {

    /** Pages a list that is already complete in memory (small, bounded lists such as members). */
    public static <T> PageResponse<T> of(List<T> all, Paging paging) {
        int from = (int) Math.min((long) paging.page() * paging.size(), all.size());
        int to = Math.min(from + paging.size(), all.size());
        return new PageResponse<>(all.subList(from, to), paging.page(), paging.size(), all.size());
    }
}
