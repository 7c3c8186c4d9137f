package dev.nudge.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How much more often the users of a variant converted than the users held out of its pattern: the
 * difference of their user conversion rates ({@code converted_T / users_T - converted_H / users_H},
 * as a fraction) with a 95 % confidence interval. Users are the unit: the split puts users, not
 * decisions, into an arm, and one user's decisions are alike, so counting decisions would make the
 * interval too narrow.
 *
 * <p>The interval is Newcombe's hybrid score interval (method 10 of R. G. Newcombe, "Interval
 * estimation for the difference between independent proportions", Statistics in Medicine 17, 1998),
 * built from the Wilson score interval of each rate. Unlike the textbook Wald interval it stays
 * inside [-1, 1], and it is not degenerate when an arm has no conversions at all, which is common
 * for a pattern that rarely matches.
 */
public record Uplift(double difference, double lower, double upper) {
    /**
     * The fewest users each arm needs before a comparison is shown: below this the interval is so
     * wide that it says little more than that there is not enough data yet.
     */
    public static final long MIN_ARM_USERS = 30;

    /** The two-sided 97.5 % quantile of the standard normal distribution. */
    static final double Z = 1.959963984540054;

    /**
     * The uplift of {@code treatment} over {@code holdout}, or empty when {@link #withheld} gives a
     * reason not to show one.
     */
    public static Optional<Uplift> of(Users treatment, Users holdout) {
        if (withheld(treatment, holdout).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(
                newcombe(
                        treatment.converted(),
                        treatment.users(),
                        holdout.converted(),
                        holdout.users()));
    }

    /**
     * Why no comparison is shown for these arms, e.g. {@code "holdout too small: 12 < 30 users"};
     * empty when both arms have at least {@link #MIN_ARM_USERS} users.
     */
    public static Optional<String> withheld(Users treatment, Users holdout) {
        List<String> reasons = new ArrayList<>();
        check("treatment", treatment, reasons);
        check("holdout", holdout, reasons);
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons));
    }

    private static void check(String name, Users arm, List<String> reasons) {
        if (arm.users() < MIN_ARM_USERS) {
            reasons.add(name + " too small: " + arm.users() + " < " + MIN_ARM_USERS + " users");
        } else if (arm.converted() > arm.users()) {
            // Converted users are counted among the arm's users, so this is a broken count.
            reasons.add(
                    name
                            + " has more converted users than users: "
                            + arm.converted()
                            + " > "
                            + arm.users());
        }
    }

    /**
     * Newcombe's method 10 for {@code x1/n1 - x2/n2}: each limit moves away from the difference by
     * the distances of the two Wilson limits that point the same way, added in quadrature.
     */
    static Uplift newcombe(long x1, long n1, long x2, long n2) {
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        double[] w1 = wilson(x1, n1);
        double[] w2 = wilson(x2, n2);
        double difference = p1 - p2;
        return new Uplift(
                difference,
                difference - Math.hypot(p1 - w1[0], w2[1] - p2),
                difference + Math.hypot(w1[1] - p1, p2 - w2[0]));
    }

    /** The Wilson score interval of {@code x/n}, without continuity correction: {lower, upper}. */
    static double[] wilson(long x, long n) {
        double p = (double) x / n;
        double centre = 2 * n * p + Z * Z;
        double spread = Z * Math.sqrt(Z * Z + 4 * n * p * (1 - p));
        double denominator = 2 * (n + Z * Z);
        return new double[] {
            Math.max(0, (centre - spread) / denominator),
            Math.min(1, (centre + spread) / denominator)
        };
    }
}
