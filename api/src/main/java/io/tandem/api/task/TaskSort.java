package io.tandem.api.task;

/** One sort key of the task list, e.g. {@code -createdAt} is (CREATED_AT, descending). */
public record TaskSort(Field field, boolean descending) {

    /** The fields the list can be sorted by. */
    public enum Field { DUE_DATE, CREATED_AT, UPDATED_AT, POSITION, PRIORITY, TITLE }
}
