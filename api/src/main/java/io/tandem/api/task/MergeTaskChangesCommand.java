package io.tandem.api.task;

import io.tandem.api.WorkspaceScoped;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import io.tandem.api.workspace.ConflictStrategy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Apply an offline client's change to a task that may have moved on since {@code baseVersion} (null: the client
 * builds on whatever the task is now), settling overlaps with the workspace's {@code strategy}; fields in
 * {@code preserveFields} are never settled automatically. {@code changedAt} is when the client made the change.
 * Answers {@link TaskMergeResult}.
 */
public record MergeTaskChangesCommand(
        @TargetAggregateIdentifier UUID taskId,
        UUID workspaceId,
        TaskChanges changes,
        Long baseVersion,
        ConflictStrategy strategy,
        Set<TaskField> preserveFields,
        Instant changedAt) implements WorkspaceScoped {

    /** Plain immutable sets: an {@code EnumSet} cannot cross a serializing bus (its element type is not written). */
    public MergeTaskChangesCommand {
        preserveFields = preserveFields == null ? Set.of() : Set.copyOf(preserveFields);
    }
}
