package dev.nudge.profile;

/**
 * A moment of a user's purchase cycle that a detector asks the profile to signal: the time when the
 * {@code percentile}th percentile of the user's gaps has passed since the last occasion, moved by
 * {@code offset}. {@code (50, −1 day)} is a day before the predicted purchase; {@code (30, 0)} is
 * when 30 % of the user's gaps would have ended; {@code (90, +1 day)} a day after the user's usual
 * longest wait.
 *
 * @param percentile 1–99, of the user's gaps between occasions, recent gaps weighing more
 * @param offset milliseconds added to that time, negative for a lead before it
 */
public record CycleMoment(int percentile, long offset) {
    public CycleMoment {
        if (percentile < 1 || percentile > 99) {
            throw new IllegalArgumentException("percentile " + percentile + " is not 1–99");
        }
    }

    /** The moment {@code lead} before the predicted purchase, the median gap. */
    public static CycleMoment beforePrediction(long lead) {
        return new CycleMoment(CycleEstimator.PREDICTED, -lead);
    }
}
