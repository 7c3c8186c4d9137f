package dev.nudge.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Variants of the same work measured in turns on one JVM, for code that runs in microseconds and
 * needs no cluster: each round runs every variant once (the order turning from round to round), so
 * that a shared machine's drift in speed reaches all variants alike, and the result is the median
 * over rounds of each variant's speed and of its ratio to the first variant within the same round.
 * Speed is units per CPU-second of the whole process (GC included) less the JIT compiler's threads.
 */
final class Interleaved {
    private Interleaved() {}

    /** One pass over the data; returns something derived from the work, so none is left out. */
    interface Work {
        long run() throws Exception;
    }

    record Variant(String name, Work work) {}

    record Result(String name, Stats.Spread perCpuSecond, Stats.Spread ratio) {}

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
        java.util.Arrays.fill(passes, 1);
        List<List<Double>> speeds = new ArrayList<>();
        List<List<Double>> ratios = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            speeds.add(new ArrayList<>());
            ratios.add(new ArrayList<>());
        }
        long sink = 0;
        for (int round = -warmups; round < rounds; round++) {
            double[] speed = new double[n];
            for (int turn = 0; turn < n; turn++) {
                int v = Math.floorMod(turn + round, n);
                long cpu = cpuNanos();
                for (int pass = 0; pass < passes[v]; pass++) {
                    sink += variants.get(v).work().run();
                }
                long used = Math.max(1, cpuNanos() - cpu);
                speed[v] = units * (double) passes[v] / (used / 1e9);
                if (round == -warmups) {
                    passes[v] = (int) Math.max(1, Math.round(seconds * 1e9 / used));
                }
            }
            if (round < 0) {
                continue;
            }
            StringBuilder line = new StringBuilder("round " + (round + 1) + ":");
            for (int v = 0; v < n; v++) {
                speeds.get(v).add(speed[v]);
                ratios.get(v).add(speed[v] / speed[0]);
                line.append(' ').append(Stats.compact(speed[v]));
            }
            report.progress(line.toString());
        }
        if (sink == 42) {
            report.progress("(the work's checksum happened to be 42)");
        }
        List<Result> results = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            results.add(
                    new Result(
                            variants.get(v).name(),
                            Stats.Spread.of(speeds.get(v)),
                            Stats.Spread.of(ratios.get(v))));
        }
        return results;
    }

    /** A Markdown table of the results: speed and ratio to the first variant, median and range. */
    static void table(Report report, String unit, List<Result> results, int rounds) {
        report.line(
                "| variant | "
                        + unit
                        + " per CPU-s (median) | min–max | ratio to the first (median of "
                        + rounds
                        + " rounds) | min–max |");
        report.line("|---|---:|---:|---:|---:|");
        for (Result r : results) {
            report.line(
                    String.format(
                            "| %s | %s | %s–%s | %.2f | %.2f–%.2f |",
                            r.name(),
                            Stats.compact(r.perCpuSecond().median()),
                            Stats.compact(r.perCpuSecond().min()),
                            Stats.compact(r.perCpuSecond().max()),
                            r.ratio().median(),
                            r.ratio().min(),
                            r.ratio().max()));
        }
        report.line("");
    }

    private static long cpuNanos() {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() - CompilerCpu.nanos();
    }
}
