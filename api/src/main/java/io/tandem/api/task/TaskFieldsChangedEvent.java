package io.tandem.api.task;

import io.tandem.api.WorkspaceScoped;

import java.util.UUID;

/**
 * Some fields of a task changed; {@code changes.fields()} names exactly those whose value is now different. When
 * the description is among them, {@code descriptionChange} says which revision that made and by what operation
 * (null in events stored before descriptions had revisions, and whenever the description is not among them).
 */
public record TaskFieldsChangedEvent(UUID taskId, UUID workspaceId, TaskChanges changes,
                                     DescriptionChange descriptionChange) implements WorkspaceScoped {

    public TaskFieldsChangedEvent(UUID taskId, UUID workspaceId, TaskChanges changes) {
        this(taskId, workspaceId, changes, null);
    }
}
