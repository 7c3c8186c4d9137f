package dev.nudge.report;

/**
 * The users of one arm (a variant, or a pattern's holdout) in a report's range, and what they did:
 * how many converted at least once, and the sum and sum of squares of the revenue per user (a user
 * who did not convert counts as 0), from which the mean and the variance of revenue per user
 * follow.
 */
public record Users(long users, long converted, double revenue, double revenueSquares) {
    public static final Users NONE = new Users(0, 0, 0, 0);

    /** Converted users per user; 0 without users. */
    public double rate() {
        return users == 0 ? 0 : (double) converted / users;
    }

    /** The mean revenue per user; 0 without users. */
    public double revenuePerUser() {
        return users == 0 ? 0 : revenue / users;
    }

    /** The sample variance of revenue per user (n - 1 in the denominator); 0 below two users. */
    double revenueVariance() {
        if (users < 2) {
            return 0;
        }
        double mean = revenuePerUser();
        return Math.max(0, (revenueSquares - users * mean * mean) / (users - 1));
    }
}
