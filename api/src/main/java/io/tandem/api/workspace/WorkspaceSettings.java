package io.tandem.api.workspace;

import java.util.List;

/**
 * A workspace's settings: its conflict strategy and the task fields never resolved automatically.
 * Field names in {@code preserveFields} are the JSON names of task fields (see {@code TaskField}).
 */
public record WorkspaceSettings(ConflictStrategy conflictStrategy, List<String> preserveFields) {

    public WorkspaceSettings {
        conflictStrategy = conflictStrategy == null ? ConflictStrategy.FIELD_LEVEL_MERGE : conflictStrategy;
        preserveFields = preserveFields == null ? List.of() : List.copyOf(preserveFields);
    }

    /**
     * Whether a stale description merges as text (the contract's rule): unless the strategy is manual or the
     * preserved fields name the description.
     */
    public boolean descriptionMergesAsText() {
        return conflictStrategy != ConflictStrategy.MANUAL && !preserveFields.contains("description");
    }

    public static WorkspaceSettings defaults() {
        return new WorkspaceSettings(ConflictStrategy.FIELD_LEVEL_MERGE, List.of());
    }
}
