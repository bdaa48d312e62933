package io.tandem.api.analytics;

import java.util.UUID;

/**
 * What a member completed in the period: how many completions, the mean hours from task creation to completion
 * and the share completed by their due date (or without one); both null when the member completed nothing.
 */
public record MemberProductivity(UUID userId, String name, long completed, Double avgCompletionHours,
                                 Double onTimeRate) {

    /** The same figures under the member's display name. */
    public MemberProductivity withName(String displayName) {
        return new MemberProductivity(userId, displayName, completed, avgCompletionHours, onTimeRate);
    }
}
