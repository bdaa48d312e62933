package io.tandem.api.task;

import java.util.List;
import java.util.Map;

/**
 * A task that matched a search, how well it matched, and the matching fragments of its text by field name
 * ({@code title}, {@code description}, {@code tags}) with the matched words marked {@code <em>...</em>}.
 */
public record TaskSearchHit(TaskView task, double score, Map<String, List<String>> highlights) {

    public TaskSearchHit {
        highlights = Map.copyOf(highlights);
    }
}
