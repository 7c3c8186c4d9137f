package dev.nudge.profile;

/**
 * A moment of the user's purchase cycle that a detector asked for has come ({@link CycleMoment}):
 * signalled to the detectors from the profile's deadline, at exactly {@code at}.
 *
 * @param categoryId the category whose cycle it is, or {@code null} for the user overall
 * @param moment the moment asked for
 * @param at when it is: the last occasion, plus the percentile of the gaps, plus the offset
 * @param predictedAt the predicted next purchase occasion (the median gap after the last)
 * @param occasions the purchase occasions the cycle rests on (at least 2); a pattern may ask for
 *     more
 * @param lastOccasionAt the last of them
 */
public record RepurchaseDue(
        String categoryId,
        CycleMoment moment,
        long at,
        long predictedAt,
        int occasions,
        long lastOccasionAt)
        implements ProfileSignal {

    @Override
    public Kind kind() {
        return Kind.REPURCHASE_DUE;
    }
}
