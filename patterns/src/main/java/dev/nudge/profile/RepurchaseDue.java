package dev.nudge.profile;

/**
 * A predicted purchase is a lead time away (SPEC §5, {@code PREDICTED_REPURCHASE}): signalled to
 * the detectors from the profile's deadline, at exactly {@code predictedAt - leadTime}.
 *
 * @param categoryId the category whose cycle predicts it, or {@code null} for the user overall
 * @param predictedAt the predicted next purchase occasion
 * @param leadTime how long before it the moment is
 */
public record RepurchaseDue(String categoryId, long predictedAt, long leadTime) {

    public long at() {
        return predictedAt - leadTime;
    }
}
