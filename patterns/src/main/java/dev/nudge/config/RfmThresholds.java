package dev.nudge.config;

import dev.nudge.event.Money;

/**
 * The boundaries of the RFM scores: four ascending values per dimension split it into the scores 1
 * to 5. Recency scores high when small (days since the last purchase ≤ {@code recencyDays[0]} is
 * 5), frequency (purchase occasions) and monetary (total spend, in the configured currency) score
 * high when large (≥ {@code frequency[3]} is 5). A user who never purchased scores 1 on all three.
 */
public record RfmThresholds(double[] recencyDays, double[] frequency, double[] monetary) {
    public RfmThresholds {
        recencyDays = recencyDays.clone();
        frequency = frequency.clone();
        monetary = monetary.clone();
    }

    /** The score 1–5 of a recency in days; lower is better. */
    public int recencyScore(double days) {
        for (int i = 0; i < 4; i++) {
            if (days <= recencyDays[i]) {
                return 5 - i;
            }
        }
        return 1;
    }

    /** The score 1–5 of a number of purchase occasions. */
    public int frequencyScore(double occasions) {
        return ascending(frequency, occasions);
    }

    /** The score 1–5 of a total spend in minor units of {@code money}. */
    public int monetaryScore(long spend, Money money) {
        int score = 1;
        for (double bound : monetary) {
            if (spend >= money.minorUnits(bound)) {
                score++;
            }
        }
        return score;
    }

    private static int ascending(double[] bounds, double value) {
        int score = 1;
        for (double bound : bounds) {
            if (value >= bound) {
                score++;
            }
        }
        return score;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RfmThresholds that
                && java.util.Arrays.equals(recencyDays, that.recencyDays)
                && java.util.Arrays.equals(frequency, that.frequency)
                && java.util.Arrays.equals(monetary, that.monetary);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(
                java.util.Arrays.hashCode(recencyDays),
                java.util.Arrays.hashCode(frequency),
                java.util.Arrays.hashCode(monetary));
    }

    @Override
    public String toString() {
        return "RfmThresholds[recencyDays="
                + java.util.Arrays.toString(recencyDays)
                + ", frequency="
                + java.util.Arrays.toString(frequency)
                + ", monetary="
                + java.util.Arrays.toString(monetary)
                + "]";
    }
}
