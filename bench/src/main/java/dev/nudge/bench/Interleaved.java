package dev.nudge.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Variants of the same work measured in turns on one JVM, for code that runs in microseconds and
 * needs no cluster: each round runs every variant once (the order turning from round to round), so
 * that a shared machine's drift in speed reaches all variants alike, and the result is the median
 * over rounds of each variant's speed and of its ratio to the first variant within the same round,
 * with the quartiles of that ratio to show how far it can be trusted. Speed is units per CPU-second
 * of the whole process (GC included) less the JIT compiler's threads; the ratio is also given by
 * the measuring thread's own CPU time, which leaves out the other threads' noise (and the GC).
 */
final class Interleaved {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Interleaved() {}

    /** One pass over the data; returns something derived from the work, so none is left out. */
    interface Work {
        long run() throws Exception;
    }

    record Variant(String name, Work work) {}

    /**
     * @param perCpuSecond units per CPU-second of the process
     * @param ratio to the first variant, by the process's CPU: min, quartiles, median, max
     * @param threadRatio to the first variant, by the measuring thread's CPU
     */
    record Result(String name, Stats.Spread perCpuSecond, double[] ratio, double[] threadRatio) {}

    /**
     * @param units what one pass does (rows, records), for the speed
     * @param seconds about how long one run of a variant lasts: as many passes as fit, from the
     *     time of one pass in the first warm-up round
     */
    static List<Result> measure(
            Report report,
            List<Variant> variants,
            long units,
            double seconds,
            int warmups,
            int rounds)
            throws Exception {
        int n = variants.size();
        int[] passes = new int[n];
        Arrays.fill(passes, 1);
        double[][] speeds = new double[n][rounds];
        double[][] ratios = new double[n][rounds];
        double[][] threadRatios = new double[n][rounds];
        long sink = 0;
        for (int round = -warmups; round < rounds; round++) {
            double[] speed = new double[n];
            double[] threadSpeed = new double[n];
            for (int turn = 0; turn < n; turn++) {
                int v = Math.floorMod(turn + round, n);
                long cpu = processNanos();
                long thread = THREADS.getCurrentThreadCpuTime();
                for (int pass = 0; pass < passes[v]; pass++) {
                    sink += variants.get(v).work().run();
                }
                long used = Math.max(1, processNanos() - cpu);
                long threadUsed = Math.max(1, THREADS.getCurrentThreadCpuTime() - thread);
                speed[v] = units * (double) passes[v] / (used / 1e9);
                threadSpeed[v] = units * (double) passes[v] / (threadUsed / 1e9);
                if (round == -warmups) {
                    passes[v] = (int) Math.max(1, Math.round(seconds * 1e9 / threadUsed));
                }
            }
            if (round < 0) {
                continue;
            }
            StringBuilder line = new StringBuilder("round " + (round + 1) + ":");
            for (int v = 0; v < n; v++) {
                speeds[v][round] = speed[v];
                ratios[v][round] = speed[v] / speed[0];
                threadRatios[v][round] = threadSpeed[v] / threadSpeed[0];
                line.append(' ').append(Stats.compact(speed[v]));
            }
            report.progress(line.toString());
        }
        if (sink == 42) {
            report.progress("(the work's checksum happened to be 42)");
        }
        List<Result> results = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            List<Double> speedList = Arrays.stream(speeds[v]).boxed().toList();
            results.add(
                    new Result(
                            variants.get(v).name(),
                            Stats.Spread.of(speedList),
                            quartiles(ratios[v]),
                            quartiles(threadRatios[v])));
        }
        return results;
    }

    /** Min, first quartile, median, third quartile, max. */
    private static double[] quartiles(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return new double[] {
            sorted[0],
            at(sorted, 0.25),
            at(sorted, 0.5),
            at(sorted, 0.75),
            sorted[sorted.length - 1]
        };
    }

    /** Linear interpolation between the closest ranks. */
    private static double at(double[] sorted, double fraction) {
        double rank = fraction * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = (int) Math.ceil(rank);
        return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
    }

    /**
     * A Markdown table of the results: speed, and ratio to the first variant (median, with the
     * quartiles of the per-round ratios in brackets), by the process's and by the thread's CPU.
     */
    static void table(Report report, String unit, List<Result> results, int rounds) {
        report.line(
                "| variant | "
                        + unit
                        + " per CPU-s (median) | min–max | ratio to the first, median of "
                        + rounds
                        + " rounds (quartiles) | by the thread's CPU |");
        report.line("|---|---:|---:|---:|---:|");
        for (Result r : results) {
            report.line(
                    String.format(
                            "| %s | %s | %s–%s | %s | %s |",
                            r.name(),
                            Stats.compact(r.perCpuSecond().median()),
                            Stats.compact(r.perCpuSecond().min()),
                            Stats.compact(r.perCpuSecond().max()),
                            ratio(r.ratio()),
                            ratio(r.threadRatio())));
        }
        report.line("");
    }

    private static String ratio(double[] q) {
        return String.format("**%.2f** (%.2f–%.2f)", q[2], q[1], q[3]);
    }

    private static long processNanos() {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() - CompilerCpu.nanos();
    }
}
