package io.tandem.api.task;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The unit by which a recurring task's due date advances. */
public enum Frequency {
    @JsonProperty("daily") DAILY,
    @JsonProperty("weekly") WEEKLY,
    @JsonProperty("monthly") MONTHLY,
    @JsonProperty("yearly") YEARLY
}
