package dev.nudge.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Repeated throughput measurements of one topology on one state backend. */
final class Throughput {
    private Throughput() {}

    /** A topology on a dataset and a job configuration. */
    record Variant(
            String key,
            String label,
            String backend,
            Dataset data,
            Configuration conf,
            Consumer<StreamExecutionEnvironment> topology) {}

    /** Events per CPU-second and per wall-second, and the matches counted by pattern. */
    record Result(
            Variant variant,
            Stats.Spread perCpuSecond,
            Stats.Spread perWallSecond,
            Stats.Spread wallSeconds,
            Stats.Spread compilerShare,
            Map<String, Long> matches) {

        String line() {
            return String.format(
                    "| %s | %s | %s | %,d | %s | %s–%s | %s | %.1f s (%.1f–%.1f) | %.0f %% |",
                    variant.key(),
                    variant.label(),
                    variant.backend(),
                    variant.data().size(),
                    Stats.compact(perCpuSecond.median()),
                    Stats.compact(perCpuSecond.min()),
                    Stats.compact(perCpuSecond.max()),
                    Stats.compact(perWallSecond.median()),
                    wallSeconds.median(),
                    wallSeconds.min(),
                    wallSeconds.max(),
                    100 * compilerShare.median());
        }

        long totalMatches() {
            return matches.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static final String HEADER =
            "| | variant | state | events | events/CPU-s (median) | min–max | events/wall-s | wall (min–max) | JIT left out |\n"
                    + "|---|---|---|---:|---:|---:|---:|---:|---:|";

    private static String rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }

    /** A variant to be measured, and its result once {@link #measureInRounds} has run. */
    static final class Measured {
        final Variant variant;
        private final List<Double> perCpu = new ArrayList<>();
        private final List<Double> perWall = new ArrayList<>();
        private final List<Double> wall = new ArrayList<>();
        private final List<Double> compiler = new ArrayList<>();
        private Map<String, Long> matches;
        private String failure;
        private Result result;
        private double wallOfWarmUp;

        Measured(Variant variant) {
            this.variant = variant;
        }

        /** The result; {@code null} if the variant's job failed (reported as such). */
        Result result() {
            return result;
        }

        /** Runs the variant once; false if its job failed. */
        private boolean runOnce(Runner runner, boolean counted) throws Exception {
            Runner.Run run;
            try {
                run = runner.run(variant.conf(), variant.topology());
            } catch (org.apache.flink.runtime.client.JobExecutionException failed) {
                failure = rootCause(failed);
                return false;
            }
            Map<String, Long> counts = new TreeMap<>();
            run.counts()
                    .forEach(
                            (name, value) -> {
                                if (name.startsWith("matches:")) {
                                    counts.put(name.substring(8), ((Number) value).longValue());
                                }
                            });
            if (matches != null && !counts.equals(matches)) {
                throw new IllegalStateException(
                        variant.key()
                                + ": repetitions counted different matches: "
                                + matches
                                + " vs "
                                + counts);
            }
            matches = counts;
            if (counted) {
                perCpu.add(variant.data().size() / run.cpuSeconds());
                perWall.add(variant.data().size() / run.wallSeconds());
                wall.add(run.wallSeconds());
                compiler.add(run.compilerShare());
            } else {
                wallOfWarmUp = run.wallSeconds();
            }
            return true;
        }

        private String line() {
            if (failure != null) {
                return String.format(
                        "| %s | %s | %s | %,d | FAILED: %s | | | |",
                        variant.key(),
                        variant.label(),
                        variant.backend(),
                        variant.data().size(),
                        failure);
            }
            result =
                    new Result(
                            variant,
                            Stats.Spread.of(perCpu),
                            Stats.Spread.of(perWall),
                            Stats.Spread.of(wall),
                            Stats.Spread.of(compiler),
                            matches);
            return result.line();
        }
    }

    /** Measures one variant alone; {@code null} if its job failed (reported as such). */
    static Result measure(
            Runner runner, Variant variant, int warmups, int repetitions, Report report)
            throws Exception {
        Measured measured = new Measured(variant);
        measureInRounds(runner, List.of(measured), warmups, repetitions, report);
        return measured.result();
    }

    /**
     * Warms every variant up, then measures them in rounds (one run of each per round) rather than
     * one variant after the other: the machine's speed drifts over minutes on a shared host, and in
     * rounds the drift reaches every variant alike, so the ratios between them hold.
     */
    static void measureInRounds(
            Runner runner, List<Measured> variants, int warmups, int repetitions, Report report)
            throws Exception {
        for (Measured measured : variants) {
            for (int i = 0; i < warmups && measured.failure == null; i++) {
                if (measured.runOnce(runner, false)) {
                    report.progress(
                            String.format(
                                    "%s warm-up: %.1f s",
                                    measured.variant.key(), measured.wallOfWarmUp));
                }
            }
        }
        for (int round = 1; round <= repetitions; round++) {
            for (Measured measured : variants) {
                if (measured.failure == null) {
                    measured.runOnce(runner, true);
                }
            }
            report.progress(String.format("round %d of %d", round, repetitions));
        }
        for (Measured measured : variants) {
            report.line(measured.line());
        }
    }
}
