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
            Map<String, Long> matches) {

        String line() {
            return String.format(
                    "| %s | %s | %s | %,d | %s | %s–%s | %s | %.1f s (%.1f–%.1f) |",
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
                    wallSeconds.max());
        }

        long totalMatches() {
            return matches.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static final String HEADER =
            "| | variant | state | events | events/CPU-s (median) | min–max | events/wall-s | wall (min–max) |\n"
                    + "|---|---|---|---:|---:|---:|---:|---:|";

    private static String rootCause(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        String text = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }

    /** Measures a variant; {@code null} if its job failed (reported as such). */
    static Result measure(
            Runner runner, Variant variant, int warmups, int repetitions, Report report)
            throws Exception {
        List<Double> perCpu = new ArrayList<>();
        List<Double> perWall = new ArrayList<>();
        List<Double> wall = new ArrayList<>();
        Map<String, Long> matches = new TreeMap<>();
        for (int i = 0; i < warmups + repetitions; i++) {
            Runner.Run run;
            try {
                run = runner.run(variant.conf(), variant.topology());
            } catch (org.apache.flink.runtime.client.JobExecutionException failed) {
                String cause = rootCause(failed);
                report.line(
                        String.format(
                                "| %s | %s | %s | %,d | FAILED: %s | | | |",
                                variant.key(),
                                variant.label(),
                                variant.backend(),
                                variant.data().size(),
                                cause));
                return null;
            }
            Map<String, Long> counted = new TreeMap<>();
            run.counts()
                    .forEach(
                            (name, value) -> {
                                if (name.startsWith("matches:")) {
                                    counted.put(name.substring(8), ((Number) value).longValue());
                                }
                            });
            if (i > 0 && !counted.equals(matches)) {
                throw new IllegalStateException(
                        variant.key()
                                + ": repetitions counted different matches: "
                                + matches
                                + " vs "
                                + counted);
            }
            matches = counted;
            if (i < warmups) {
                report.progress(
                        String.format("%s warm-up: %.1f s", variant.key(), run.wallSeconds()));
                continue;
            }
            perCpu.add(variant.data().size() / run.cpuSeconds());
            perWall.add(variant.data().size() / run.wallSeconds());
            wall.add(run.wallSeconds());
        }
        Result result =
                new Result(
                        variant,
                        Stats.Spread.of(perCpu),
                        Stats.Spread.of(perWall),
                        Stats.Spread.of(wall),
                        matches);
        report.line(result.line());
        return result;
    }
}
