package io.tandem.api.task;

import java.util.Set;

import io.tandem.api.DomainException;
import io.tandem.api.ErrorCode;

/**
 * A stale update touched fields that changed since the version its client saw. Callers read
 * {@link #currentVersion()} and {@link #conflictingFields()}, which a serialized refusal keeps too.
 */
public class TaskVersionConflictException extends DomainException {

    public TaskVersionConflictException(long currentVersion, Set<TaskField> conflictingFields) {
        super(ErrorCode.CONFLICT, null, "The task changed since your version: " + conflictingFields, currentVersion,
                conflictingFields.stream().map(TaskField::jsonName).sorted().toList());
    }
}
