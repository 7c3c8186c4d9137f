package dev.nudge.profile;

import dev.nudge.event.Times;

/**
 * A purchase that began a new occasion, next to what the user's overall purchase cycle predicted
 * for it just before: how a backtest measures the estimator against the baselines (README,
 * "Backtest", "Prediction accuracy"), and what a running job counts.
 *
 * @param userId the user
 * @param at the new occasion, the purchase's time
 * @param previousAt the occasion before it
 * @param occasions the occasions counted before this one
 * @param predictedAt the predicted next occasion, or {@link Times#NONE} before {@code minOccasions}
 * @param expectedFrom the start of the interval it was expected in (25th percentile of the gaps)
 * @param expectedUntil its end (75th percentile)
 */
public record PredictionCheck(
        String userId,
        long at,
        long previousAt,
        int occasions,
        long predictedAt,
        long expectedFrom,
        long expectedUntil) {

    /** Whether there was a prediction to check. */
    public boolean predicted() {
        return predictedAt != Times.NONE;
    }

    /** How far the occasion came from the prediction, in milliseconds; positive when later. */
    public long error() {
        return at - predictedAt;
    }
}
