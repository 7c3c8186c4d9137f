package dev.nudge.report;

import java.util.Optional;

/**
 * How much more revenue per user the users of a variant brought than the users held out of its
 * pattern, with a 95 % confidence interval by Welch's normal approximation: the difference of the
 * two means plus or minus 1.96 standard errors, {@code sqrt(s_T^2 / n_T + s_H^2 / n_H)}, each arm
 * with its own variance. Revenue per user is skewed (most users bring nothing, a few a lot), so
 * with few converted users the interval is only a rough guide; it is shown under the same rule as
 * {@link Uplift}, at least {@link Uplift#MIN_ARM_USERS} users in each arm.
 */
public record RevenueDifference(double difference, double lower, double upper) {

    /** The difference of {@code treatment} over {@code holdout}, or empty as {@link Uplift}. */
    public static Optional<RevenueDifference> of(Users treatment, Users holdout) {
        if (Uplift.withheld(treatment, holdout).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(welch(treatment, holdout));
    }

    static RevenueDifference welch(Users treatment, Users holdout) {
        double difference = treatment.revenuePerUser() - holdout.revenuePerUser();
        double standardError =
                Math.sqrt(
                        treatment.revenueVariance() / treatment.users()
                                + holdout.revenueVariance() / holdout.users());
        return new RevenueDifference(
                difference,
                difference - Uplift.Z * standardError,
                difference + Uplift.Z * standardError);
    }
}
