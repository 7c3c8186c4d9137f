package dev.nudge.profile;

import dev.nudge.config.ProfileSpec;
import dev.nudge.event.Times;
import java.util.Arrays;

/**
 * How a purchase cycle predicts (docs/profile.md, "Purchase cycle"): from the last {@code
 * cycleGaps} gaps between the user's occasions, each weighing {@code cycleDecay} times the one
 * after it, the weighted percentiles of the gaps ({@link #percentile(CycleTracker, int)}). The
 * 50th, a weighted median, is the typical gap, so the predicted next occasion is the last one plus
 * it; the 25th and 75th bound the interval the next occasion is expected in.
 *
 * <p>A median of the shopper's own gaps rather than a mean: measured on real orders it lands within
 * a day of the next purchase more often, and is off by less on average, than the mean, the median
 * of all gaps or the last gap; the weights let a new rhythm take over within a few occasions
 * (bench/README, "Purchase cycle estimators", has every estimator compared).
 */
public final class CycleEstimator {
    /** The percentile of the predicted next occasion. */
    public static final int PREDICTED = 50;

    /** The percentiles of the interval around it. */
    public static final int LOW = 25;

    public static final int HIGH = 75;

    private static final long MINUTE = 60_000;

    private final double decay;
    private final int minOccasions;

    public CycleEstimator(ProfileSpec spec) {
        this.decay = spec.cycleDecay();
        this.minOccasions = spec.minOccasions();
    }

    /**
     * The {@code percentile}th weighted percentile of the cycle's gaps, in milliseconds; 0 before
     * the first gap. The gaps in order of length each stand at the middle of their share of the
     * weight; a percentile between two of them is interpolated linearly, one before the first or
     * after the last is that gap.
     */
    long percentile(CycleTracker cycle, int percentile) {
        return percentile(cycle.gapMinutes, cycle.gapCount, decay, percentile);
    }

    /**
     * The {@code percentile}th weighted percentile, in milliseconds, of the first {@code count} of
     * {@code gapMinutes} (oldest first, at most 64), each weighing {@code decay} times the one
     * after it; 0 for none. See {@link #percentile(CycleTracker, int)}.
     */
    public static long percentile(int[] gapMinutes, int count, double decay, int percentile) {
        int n = count;
        if (n == 0) {
            return 0;
        }
        // Each gap with its age (0 for the newest) in the low bits, sorted by length, then age.
        long[] sorted = new long[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = ((long) gapMinutes[i] << 6) | (n - 1 - i);
        }
        Arrays.sort(sorted);
        double total = decay == 1 ? n : (1 - Math.pow(decay, n)) / (1 - decay);
        double wanted = total * percentile / 100;
        double before = 0;
        double previousMiddle = 0;
        long previous = 0;
        for (int i = 0; i < n; i++) {
            double weight = Math.pow(decay, (int) (sorted[i] & 63));
            double middle = before + weight / 2;
            long gap = sorted[i] >>> 6;
            if (wanted <= middle) {
                if (i == 0) {
                    return gap * MINUTE;
                }
                double share = (wanted - previousMiddle) / (middle - previousMiddle);
                return Math.round((previous + share * (gap - previous)) * MINUTE);
            }
            before += weight;
            previousMiddle = middle;
            previous = gap;
        }
        return previous * MINUTE;
    }

    /** When {@code moment} is for this cycle, or {@link Times#NONE} before its first gap. */
    long at(CycleTracker cycle, CycleMoment moment) {
        if (cycle.gapCount == 0) {
            return Times.NONE;
        }
        return cycle.lastOccasionAt + percentile(cycle, moment.percentile()) + moment.offset();
    }

    /** The predicted next occasion, or {@link Times#NONE} before {@code minOccasions}. */
    long predictedNext(CycleTracker cycle) {
        if (cycle.occasions < minOccasions || cycle.gapCount == 0) {
            return Times.NONE;
        }
        return cycle.lastOccasionAt + percentile(cycle, PREDICTED);
    }

    /** The cycle as it stands, its prediction and interval after {@code minOccasions}. */
    PurchaseCycle snapshot(CycleTracker cycle, String categoryId) {
        long low = percentile(cycle, LOW);
        long typical = percentile(cycle, PREDICTED);
        long high = percentile(cycle, HIGH);
        boolean predicts = cycle.occasions >= minOccasions && cycle.gapCount > 0;
        return new PurchaseCycle(
                categoryId,
                cycle.occasions,
                cycle.lastOccasionAt,
                cycle.lastPurchaseId,
                days(typical),
                days(low),
                days(high),
                predicts ? cycle.lastOccasionAt + typical : Times.NONE,
                predicts ? cycle.lastOccasionAt + low : Times.NONE,
                predicts ? cycle.lastOccasionAt + high : Times.NONE);
    }

    private static double days(long millis) {
        return millis / 86_400_000d;
    }
}
