package io.tandem.api.task;

import io.tandem.api.WorkspaceScoped;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Change some fields of a task. {@code baseVersion} is the version the client saw, checked as {@code check} says.
 * With {@code descriptionMerges} (the workspace's rules let the description merge as text), a description written
 * on a stale base under {@link VersionCheck#MERGE} is merged as text instead of conflicting.
 * Answers the task version after the change.
 */
public record UpdateTaskCommand(
        @TargetAggregateIdentifier UUID taskId,
        UUID workspaceId,
        TaskChanges changes,
        Long baseVersion,
        VersionCheck check,
        boolean descriptionMerges) implements WorkspaceScoped {

    /** An update whose stale description conflicts like any other field. */
    public UpdateTaskCommand(UUID taskId, UUID workspaceId, TaskChanges changes, Long baseVersion, VersionCheck check) {
        this(taskId, workspaceId, changes, baseVersion, check, false);
    }
}
