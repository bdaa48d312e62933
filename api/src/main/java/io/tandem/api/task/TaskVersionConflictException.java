package io.tandem.api.task;

import java.util.Set;

import io.tandem.api.DomainException;
import io.tandem.api.ErrorCode;

/** A stale update touched fields that changed since the version its client saw. */
public class TaskVersionConflictException extends DomainException {

    private final long currentVersion;
    private final Set<TaskField> conflictingFields;

    public TaskVersionConflictException(long currentVersion, Set<TaskField> conflictingFields) {
        super(ErrorCode.CONFLICT, "The task changed since your version: " + conflictingFields);
        this.currentVersion = currentVersion;
        this.conflictingFields = Set.copyOf(conflictingFields);
    }

    public long currentVersion() {
        return currentVersion;
    }

    public Set<TaskField> conflictingFields() {
        return conflictingFields;
    }
}
