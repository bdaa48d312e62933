package io.tandem.api.analytics;

import java.util.List;

/** Every current member of a workspace with what they completed in the period, most completions first. */
public record Productivity(AnalyticsPeriod period, List<MemberProductivity> members) {
}
