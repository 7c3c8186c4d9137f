package dev.nudge.profile;

import dev.nudge.event.Times;

/**
 * The rhythm of a user's purchase occasions, overall or in one category, as it stood when asked:
 * the exponentially weighted mean gap between occasions, its spread, and the next occasion it
 * predicts (README, "Profile", has the formulas).
 *
 * @param categoryId the category, or {@code null} for the user overall
 * @param occasions purchase occasions counted
 * @param lastOccasionAt the last of them, or {@link Times#NONE}
 * @param lastPurchaseId the event id of the latest purchase counted, or {@code null}
 * @param meanGapDays the mean gap between occasions, in days (0 before two)
 * @param spreadDays the standard deviation of the gap, in days
 * @param predictedAt the predicted next occasion, or {@link Times#NONE} before the configured
 *     {@code minOccasions}
 */
public record PurchaseCycle(
        String categoryId,
        int occasions,
        long lastOccasionAt,
        String lastPurchaseId,
        double meanGapDays,
        double spreadDays,
        long predictedAt) {}
