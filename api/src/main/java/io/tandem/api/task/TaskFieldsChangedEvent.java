package io.tandem.api.task;

import io.tandem.api.WorkspaceScoped;

import java.util.UUID;

/** Some fields of a task changed; {@code changes.fields()} names exactly those whose value is now different. */
public record TaskFieldsChangedEvent(UUID taskId, UUID workspaceId, TaskChanges changes) implements WorkspaceScoped {
}
