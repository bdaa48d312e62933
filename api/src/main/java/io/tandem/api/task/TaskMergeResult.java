package io.tandem.api.task;

import java.util.Map;
import java.util.Set;

/**
 * The outcome of a {@link MergeTaskChangesCommand}: the task's version afterwards and, for a conflict, the
 * contested fields with the server's and the client's values (JSON field names).
 */
public record TaskMergeResult(long version, MergeOutcome outcome, Set<TaskField> conflictingFields,
                              Map<String, Object> serverValue, Map<String, Object> clientValue) {

    /** Plain immutable sets: an {@code EnumSet} cannot cross a serializing bus (its element type is not written). */
    public TaskMergeResult {
        conflictingFields = conflictingFields == null ? Set.of() : Set.copyOf(conflictingFields);
    }
}
