package io.tandem.projection.tasklist;

import io.tandem.api.task.Frequency;
import io.tandem.api.task.Priority;
import io.tandem.api.task.TaskStatus;
import io.tandem.api.task.Weekday;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Conversions between the api's types and the tasks table. Enums are stored in the contract's JSON
 * spelling (weekdays as MON..SUN), except priority, which is a rank so that it sorts by urgency.
 */
final class TaskColumns {

    private TaskColumns() {
    }

    /** Explicit rather than the ordinal, so that reordering the enum cannot silently re-rank stored rows. */
    static int priorityRank(Priority priority) {
        return switch (priority) {
            case LOW -> 1;
            case MEDIUM -> 2;
            case HIGH -> 3;
        };
    }

    static Priority priority(int rank) {
        return switch (rank) {
            case 1 -> Priority.LOW;
            case 2 -> Priority.MEDIUM;
            case 3 -> Priority.HIGH;
            default -> throw new IllegalStateException("Unknown priority rank " + rank);
        };
    }

    static String status(TaskStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    static TaskStatus status(String column) {
        return TaskStatus.valueOf(column.toUpperCase(Locale.ROOT));
    }

    static String frequency(Frequency frequency) {
        return frequency == null ? null : frequency.name().toLowerCase(Locale.ROOT);
    }

    static Frequency frequency(String column) {
        return column == null ? null : Frequency.valueOf(column.toUpperCase(Locale.ROOT));
    }

    static String[] weekdays(List<Weekday> days) {
        return days.stream().map(Weekday::name).toArray(String[]::new);
    }

    static List<Weekday> weekdays(ResultSet rs, String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : Arrays.stream((String[]) array.getArray()).map(Weekday::valueOf).toList();
    }

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
