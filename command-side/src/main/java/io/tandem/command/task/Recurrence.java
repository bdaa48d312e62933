package io.tandem.command.task;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.TreeSet;

import io.tandem.api.task.Frequency;
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
     * Without a due date the series is anchored at the moment the task was completed. {@code seriesDay} is the day
     * of the month a monthly or yearly series keeps to (see {@link #seriesDay}); null means the base date's own day.
     */
    static Optional<Instant> nextDueDate(RecurringConfig config, int occurrence, Instant dueDate, Integer seriesDay,
                                         Instant completedAt) {
        if (config.count() != null && occurrence + 1 > config.count()) {
            return Optional.empty();
        }
        Instant base = dueDate != null ? dueDate : completedAt;
        Instant next = advance(config, base, seriesDay(config, dueDate, seriesDay, completedAt));
        if (config.endDate() != null && next.isAfter(config.endDate())) {
            return Optional.empty();
        }
        return Optional.of(next);
    }

    /**
     * The day of the month a monthly or yearly series falls on, which the next occurrence carries on: a series due
     * on the 31st is due on the last day of shorter months and on the 31st again after them (Jan 31, Feb 28,
     * Mar 31), instead of drifting to the 28th for good. It is the series' own day when it has one, else the day of
     * the date the next occurrence is counted from. Null for daily and weekly series, which have no such day.
     */
    static Integer seriesDay(RecurringConfig config, Instant dueDate, Integer seriesDay, Instant completedAt) {
        if (config.frequency() != Frequency.MONTHLY && config.frequency() != Frequency.YEARLY) {
            return null;
        }
        if (dueDate != null && seriesDay != null) {
            return seriesDay;
        }
        return (dueDate != null ? dueDate : completedAt).atZone(ZoneOffset.UTC).getDayOfMonth();
    }

    static Instant advance(RecurringConfig config, Instant base, Integer seriesDay) {
        ZonedDateTime at = base.atZone(ZoneOffset.UTC);
        int interval = config.interval() == null ? 1 : config.interval();
        ZonedDateTime next = switch (config.frequency()) {
            case DAILY -> at.plusDays(interval);
            case WEEKLY -> config.daysOfWeek().isEmpty() ? at.plusWeeks(interval) : nextListedDay(config, at, interval);
            case MONTHLY -> onSeriesDay(at.plusMonths(interval), seriesDay);
            case YEARLY -> onSeriesDay(at.plusYears(interval), seriesDay);
        };
        return next.toInstant();
    }

    /** Moves a date that month arithmetic clamped (to the 28th, say) back to the series' day where the month has it. */
    private static ZonedDateTime onSeriesDay(ZonedDateTime date, Integer seriesDay) {
        if (seriesDay == null) {
            return date;
        }
        return date.withDayOfMonth(Math.min(seriesDay, date.toLocalDate().lengthOfMonth()));
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
