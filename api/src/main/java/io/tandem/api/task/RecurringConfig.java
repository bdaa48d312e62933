package io.tandem.api.task;

import java.time.Instant;
import java.util.List;

/**
 * How a recurring task repeats: every {@code interval} {@code frequency} units (on {@code daysOfWeek} for
 * weekly series), until {@code endDate} or until the series has {@code count} occurrences.
 */
public record RecurringConfig(Frequency frequency, Integer interval, List<Weekday> daysOfWeek, Instant endDate, Integer count) {

    public RecurringConfig {
        daysOfWeek = daysOfWeek == null ? List.of() : List.copyOf(daysOfWeek);
    }
}
