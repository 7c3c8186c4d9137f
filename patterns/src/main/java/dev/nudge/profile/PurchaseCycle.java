package dev.nudge.profile;

import dev.nudge.event.Times;

/**
 * The rhythm of a user's purchase occasions, overall or in one category, as it stood when asked:
 * the typical gap between occasions and the interval around it, and the next occasion they predict
 * ({@link CycleEstimator}; docs/profile.md, has the rule).
 *
 * @param categoryId the category, or {@code null} for the user overall
 * @param occasions purchase occasions counted
 * @param lastOccasionAt the last of them, or {@link Times#NONE}
 * @param lastPurchaseId the event id of the latest purchase counted, or {@code null}
 * @param typicalGapDays the weighted median of the kept gaps, in days (0 before two occasions)
 * @param lowGapDays their 25th percentile
 * @param highGapDays their 75th percentile
 * @param predictedAt the predicted next occasion, or {@link Times#NONE} before the configured
 *     {@code minOccasions}
 * @param expectedFrom the start of the interval the next occasion is expected in (25th percentile),
 *     or {@link Times#NONE} with {@code predictedAt}
 * @param expectedUntil its end (75th percentile)
 */
public record PurchaseCycle(
        String categoryId,
        int occasions,
        long lastOccasionAt,
        String lastPurchaseId,
        double typicalGapDays,
        double lowGapDays,
        double highGapDays,
        long predictedAt,
        long expectedFrom,
        long expectedUntil) {}
