package io.tandem.api.task;

import java.time.DayOfWeek;

/** A day of the week as the contract spells it (MON..SUN). */
public enum Weekday {
    MON, TUE, WED, THU, FRI, SAT, SUN;

    public DayOfWeek toDayOfWeek() {
        return DayOfWeek.of(ordinal() + 1);
    }
}
