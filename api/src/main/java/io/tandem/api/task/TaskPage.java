package io.tandem.api.task;

import java.util.List;

/** One page of tasks, with the total over all pages. */
public record TaskPage(List<TaskView> items, int page, int size, long total) {
}
