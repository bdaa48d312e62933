package io.tandem.api.analytics;

import java.time.LocalDate;

/** On this UTC day, so many live tasks were created and so many completions of live tasks happened. */
public record TrendPoint(LocalDate date, long created, long completed) {
}
