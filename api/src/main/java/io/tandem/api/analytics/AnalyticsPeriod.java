package io.tandem.api.analytics;

import java.util.Arrays;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A window of whole UTC days ending with today, spelled as in {@code ?period=30d}. */
public enum AnalyticsPeriod {
    @JsonProperty("7d") DAYS_7(7),
    @JsonProperty("30d") DAYS_30(30),
    @JsonProperty("90d") DAYS_90(90);

    private final int days;

    AnalyticsPeriod(int days) {
        this.days = days;
    }

    /** How many days the window holds, today included. */
    public int days() {
        return days;
    }

    /** The spelling used in requests, answers and cache keys. */
    public String label() {
        return days + "d";
    }

    /** The period spelled {@code label} ("7d", "30d", "90d"), if there is one. */
    public static Optional<AnalyticsPeriod> fromLabel(String label) {
        return Arrays.stream(values()).filter(period -> period.label().equals(label)).findFirst();
    }
}
