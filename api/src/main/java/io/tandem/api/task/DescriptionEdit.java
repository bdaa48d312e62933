package io.tandem.api.task;

import java.util.List;

/**
 * What an {@link EditTaskDescriptionCommand} did: the description revision the operation produced, the operation
 * as applied (transformed to that revision; empty when it is no longer known for a duplicate), whether it had been
 * applied before, and the task's version after it.
 */
public record DescriptionEdit(long revision, List<Object> op, boolean duplicate, long version) {
}
