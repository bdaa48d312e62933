package io.tandem.api.task;

import io.tandem.api.WorkspaceScoped;

import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Change some fields of a task. {@code baseVersion} is the version the client saw, checked as {@code check} says.
 * Answers the task version after the change.
 */
public record UpdateTaskCommand(
        @TargetAggregateIdentifier UUID taskId,
        UUID workspaceId,
        TaskChanges changes,
        Long baseVersion,
        VersionCheck check) implements WorkspaceScoped {
}
