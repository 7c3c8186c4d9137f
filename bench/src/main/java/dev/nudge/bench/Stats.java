package dev.nudge.bench;

import java.util.Arrays;
import java.util.List;

/** Small statistics over repeated measurements and samples. */
final class Stats {
    private Stats() {}

    /** Minimum, median and maximum of repeated measurements. */
    record Spread(double min, double median, double max) {
        static Spread of(List<Double> values) {
            double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int n = sorted.length;
            double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
            return new Spread(sorted[0], median, sorted[n - 1]);
        }
    }

    /** The {@code p}-th percentile (0–100) of {@code values}, nearest rank. */
    static long percentile(long[] values, double p) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** 1234567 as "1.23M", 12345 as "12.3k". */
    static String compact(double value) {
        if (value >= 1e6) {
            return String.format("%.2fM", value / 1e6);
        } else if (value >= 1e4) {
            return String.format("%.1fk", value / 1e3);
        } else if (value >= 1e3) {
            return String.format("%.2fk", value / 1e3);
        }
        return String.format("%.0f", value);
    }
}
