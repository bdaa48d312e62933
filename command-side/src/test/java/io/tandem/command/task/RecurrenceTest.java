package io.tandem.command.task;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.tandem.api.task.Frequency;
import io.tandem.api.task.RecurringConfig;
import io.tandem.api.task.Weekday;
import org.junit.jupiter.api.Test;

class RecurrenceTest {

    // A Tuesday.
    private static final Instant TUESDAY = Instant.parse("2026-11-24T09:00:00Z");

    private static RecurringConfig every(Frequency frequency, int interval, Weekday... days) {
        return new RecurringConfig(frequency, interval, List.of(days), null, null);
    }

    @Test
    void dailyAddsTheIntervalInDays() {
        assertThat(Recurrence.advance(every(Frequency.DAILY, 3), TUESDAY, null))
                .isEqualTo(Instant.parse("2026-11-27T09:00:00Z"));
    }

    @Test
    void aMissingIntervalCountsAsOne() {
        RecurringConfig config = new RecurringConfig(Frequency.DAILY, null, null, null, null);
        assertThat(Recurrence.advance(config, TUESDAY, null)).isEqualTo(Instant.parse("2026-11-25T09:00:00Z"));
    }

    @Test
    void weeklyWithoutDaysAddsTheIntervalInWeeks() {
        assertThat(Recurrence.advance(every(Frequency.WEEKLY, 2), TUESDAY, null))
                .isEqualTo(Instant.parse("2026-12-08T09:00:00Z"));
    }

    @Test
    void weeklyWithDaysGoesToTheNextListedDayOfTheSameWeek() {
        assertThat(Recurrence.advance(every(Frequency.WEEKLY, 1, Weekday.FRI, Weekday.MON), TUESDAY, null))
                .isEqualTo(Instant.parse("2026-11-27T09:00:00Z"));
    }

    @Test
    void weeklyWithDaysNeverAnswersTheBaseDayItself() {
        assertThat(Recurrence.advance(every(Frequency.WEEKLY, 1, Weekday.TUE, Weekday.THU), TUESDAY, null))
                .isEqualTo(Instant.parse("2026-11-26T09:00:00Z"));
    }

    @Test
    void weeklyWithDaysWrapsToTheFirstListedDayOfNextWeek() {
        assertThat(Recurrence.advance(every(Frequency.WEEKLY, 1, Weekday.MON, Weekday.TUE), TUESDAY, null))
                .isEqualTo(Instant.parse("2026-11-30T09:00:00Z"));
    }

    @Test
    void weeklyWithDaysAndIntervalTwoSkipsAWeekWhenWrapping() {
        assertThat(Recurrence.advance(every(Frequency.WEEKLY, 2, Weekday.MON, Weekday.TUE), TUESDAY, null))
                .isEqualTo(Instant.parse("2026-12-07T09:00:00Z"));
    }

    @Test
    void weeklyWithDaysAndIntervalTwoStaysInTheWeekBeforeWrapping() {
        assertThat(Recurrence.advance(every(Frequency.WEEKLY, 2, Weekday.MON, Weekday.SUN), TUESDAY, null))
                .isEqualTo(Instant.parse("2026-11-29T09:00:00Z"));
    }

    @Test
    void weekdaysAreTakenInUtcNotInTheServersZone() {
        // Sunday 23:30 UTC is already Monday in Europe; the series must still see a Sunday.
        Instant sundayLateUtc = Instant.parse("2026-11-29T23:30:00Z");
        assertThat(Recurrence.advance(every(Frequency.WEEKLY, 1, Weekday.MON), sundayLateUtc, null))
                .isEqualTo(Instant.parse("2026-11-30T23:30:00Z"));
    }

    @Test
    void monthlyClampsToTheEndOfAShorterMonth() {
        assertThat(Recurrence.advance(every(Frequency.MONTHLY, 1), Instant.parse("2027-01-31T08:00:00Z"), null))
                .isEqualTo(Instant.parse("2027-02-28T08:00:00Z"));
    }

    @Test
    void aMonthlySeriesOnThe31stReturnsToThe31stAfterAShortMonth() {
        RecurringConfig monthly = every(Frequency.MONTHLY, 1);
        Instant january = Instant.parse("2027-01-31T08:00:00Z");
        Integer day = Recurrence.seriesDay(monthly, january, null, null);
        Instant february = Recurrence.nextDueDate(monthly, 1, january, null, january).orElseThrow();
        Instant march = Recurrence.nextDueDate(monthly, 2, february, day, february).orElseThrow();
        Instant april = Recurrence.nextDueDate(monthly, 3, march, day, march).orElseThrow();

        assertThat(day).isEqualTo(31);
        assertThat(february).isEqualTo(Instant.parse("2027-02-28T08:00:00Z"));
        assertThat(march).isEqualTo(Instant.parse("2027-03-31T08:00:00Z"));
        assertThat(april).isEqualTo(Instant.parse("2027-04-30T08:00:00Z"));
        // The day travels on with the series, whatever the month it passes through.
        assertThat(Recurrence.seriesDay(monthly, april, day, april)).isEqualTo(31);
    }

    @Test
    void aYearlySeriesOnALeapDayIsBackOnTheLeapDayInTheNextLeapYear() {
        RecurringConfig yearly = every(Frequency.YEARLY, 1);
        Instant due = Instant.parse("2028-02-29T12:00:00Z");
        Integer day = Recurrence.seriesDay(yearly, due, null, null);
        for (int year = 2029; year <= 2032; year++) {
            due = Recurrence.nextDueDate(yearly, 1, due, day, due).orElseThrow();
        }
        assertThat(due).isEqualTo(Instant.parse("2032-02-29T12:00:00Z"));
    }

    @Test
    void withoutADueDateAMonthlySeriesKeepsTheDayItWasCompletedOn() {
        RecurringConfig monthly = every(Frequency.MONTHLY, 1);
        Instant completedAt = Instant.parse("2027-01-31T17:45:00Z");
        assertThat(Recurrence.nextDueDate(monthly, 1, null, null, completedAt))
                .contains(Instant.parse("2027-02-28T17:45:00Z"));
        assertThat(Recurrence.seriesDay(monthly, null, null, completedAt)).isEqualTo(31);
    }

    @Test
    void dailyAndWeeklySeriesHaveNoSeriesDay() {
        Instant due = Instant.parse("2027-01-31T08:00:00Z");
        assertThat(Recurrence.seriesDay(every(Frequency.DAILY, 1), due, null, due)).isNull();
        assertThat(Recurrence.seriesDay(every(Frequency.WEEKLY, 1), due, null, due)).isNull();
    }

    @Test
    void monthlyAddsTheIntervalInMonths() {
        assertThat(Recurrence.advance(every(Frequency.MONTHLY, 3), TUESDAY, null))
                .isEqualTo(Instant.parse("2027-02-24T09:00:00Z"));
    }

    @Test
    void yearlyFromALeapDayLandsOnTheLastDayOfFebruary() {
        assertThat(Recurrence.advance(every(Frequency.YEARLY, 1), Instant.parse("2028-02-29T12:00:00Z"), null))
                .isEqualTo(Instant.parse("2029-02-28T12:00:00Z"));
    }

    @Test
    void theSeriesEndsOnceCountOccurrencesExist() {
        RecurringConfig threeTimes = new RecurringConfig(Frequency.DAILY, 1, null, null, 3);
        assertThat(Recurrence.nextDueDate(threeTimes, 3, TUESDAY, null, TUESDAY)).isEmpty();
    }

    @Test
    void theSeriesContinuesBeforeCountIsReached() {
        RecurringConfig threeTimes = new RecurringConfig(Frequency.DAILY, 1, null, null, 3);
        assertThat(Recurrence.nextDueDate(threeTimes, 2, TUESDAY, null, TUESDAY))
                .contains(Instant.parse("2026-11-25T09:00:00Z"));
    }

    @Test
    void theSeriesEndsWhenTheNextDueDateIsAfterTheEndDate() {
        RecurringConfig untilWednesdayMorning = new RecurringConfig(Frequency.DAILY, 1, null,
                Instant.parse("2026-11-25T08:59:59Z"), null);
        assertThat(Recurrence.nextDueDate(untilWednesdayMorning, 1, TUESDAY, null, TUESDAY)).isEmpty();
    }

    @Test
    void aDueDateOnTheEndDateItselfStillOccurs() {
        RecurringConfig untilWednesday = new RecurringConfig(Frequency.DAILY, 1, null,
                Instant.parse("2026-11-25T09:00:00Z"), null);
        assertThat(Recurrence.nextDueDate(untilWednesday, 1, TUESDAY, null, TUESDAY))
                .contains(Instant.parse("2026-11-25T09:00:00Z"));
    }

    @Test
    void withoutADueDateTheSeriesIsAnchoredAtCompletion() {
        Instant completedAt = Instant.parse("2026-11-24T17:45:00Z");
        assertThat(Recurrence.nextDueDate(every(Frequency.DAILY, 1), 1, null, null, completedAt))
                .contains(Instant.parse("2026-11-25T17:45:00Z"));
    }
}
