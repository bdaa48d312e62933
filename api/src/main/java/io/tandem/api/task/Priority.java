package io.tandem.api.task;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How urgent a task is, lowest first. */
public enum Priority {
    @JsonProperty("low") LOW,
    @JsonProperty("medium") MEDIUM,
    @JsonProperty("high") HIGH
}
