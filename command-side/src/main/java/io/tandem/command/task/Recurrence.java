package io.tandem.command.task;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.TreeSet;

import io.tandem.api.task.RecurringConfig;
import io.tandem.api.task.Weekday;

/**
 * Date arithmetic of recurring series, in UTC so that every server replica computes the same next due date
 * whatever its default time zone.
 */
final class Recurrence {

    private Recurrence() {
    }

    /**
     * The due date of the occurrence after {@code occurrence}, or empty when the series ends with it.
     * Without a due date the series is anchored at the moment the task was completed.
     */
    static Optional<Instant> nextDueDate(RecurringConfig config, int occurrence, Instant dueDate, Instant completedAt) {
        if (config.count() != null && occurrence + 1 > config.count()) {
            return Optional.empty();
        }
        Instant next = advance(config, dueDate != null ? dueDate : completedAt);
        if (config.endDate() != null && next.isAfter(config.endDate())) {
            return Optional.empty();
        }
        return Optional.of(next);
    }

    static Instant advance(RecurringConfig config, Instant base) {
        ZonedDateTime at = base.atZone(ZoneOffset.UTC);
        int interval = config.interval() == null ? 1 : config.interval();
        ZonedDateTime next = switch (config.frequency()) {
            case DAILY -> at.plusDays(interval);
            case WEEKLY -> config.daysOfWeek().isEmpty() ? at.plusWeeks(interval) : nextListedDay(config, at, interval);
            case MONTHLY -> at.plusMonths(interval);
            case YEARLY -> at.plusYears(interval);
        };
        return next.toInstant();
    }

    /**
     * Weeks run Monday to Sunday; after the week's last listed day the series skips {@code interval - 1} weeks,
     * so "every 2 weeks on MON and THU" means both days of every other week.
     */
    private static ZonedDateTime nextListedDay(RecurringConfig config, ZonedDateTime at, int interval) {
        TreeSet<DayOfWeek> days = new TreeSet<>();
        for (Weekday day : config.daysOfWeek()) {
            days.add(day.toDayOfWeek());
        }
        DayOfWeek today = at.getDayOfWeek();
        DayOfWeek laterThisWeek = days.higher(today);
        if (laterThisWeek != null) {
            return at.plusDays(laterThisWeek.getValue() - today.getValue());
        }
        int daysToFirstOfNextWeek = 7 - today.getValue() + days.first().getValue();
        return at.plusDays(daysToFirstOfNextWeek).plusWeeks(interval - 1L);
    }
}
