package io.tandem.api.task;

import java.util.UUID;

/**
 * How far the read model has followed a task: the version of the last event it applied, deleted or not,
 * and 0 when it has seen none. Answers {@code Long}; used to give a writer its own write back.
 */
public record FindTaskVersionQuery(UUID taskId) {
}
