package dev.nudge.profile;

/**
 * A predicted purchase is a lead time away (SPEC §5, {@code PREDICTED_REPURCHASE}): signalled to
 * the detectors from the profile's deadline, at exactly {@code predictedAt - leadTime}.
 *
 * @param categoryId the category whose cycle predicts it, or {@code null} for the user overall
 * @param predictedAt the predicted next purchase occasion
 * @param leadTime how long before it the moment is
 * @param occasions the purchase occasions the prediction rests on (at least 2); a pattern may ask
 *     for more
 * @param lastOccasionAt the last of them
 */
public record RepurchaseDue(
        String categoryId, long predictedAt, long leadTime, int occasions, long lastOccasionAt)
        implements ProfileSignal {

    @Override
    public Kind kind() {
        return Kind.REPURCHASE_DUE;
    }

    @Override
    public long at() {
        return predictedAt - leadTime;
    }
}
