package dev.nudge.bench;

import dev.nudge.config.PatternsConfig;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.job.JobSettings;
import dev.nudge.job.JobSettingsReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The performance benchmark (SPEC §10): in one run, on the same pre-generated events, at
 * parallelism 1, the job against its ceilings and against the naive design, on heap and RocksDB
 * state; then latency, state size, checkpoints, the Kafka round trip and the CEP investigation.
 * Ratios are the result: absolute figures move with the machine and its neighbours.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measures Nudge against its ceilings and the naive Flink CEP design.")
public final class Benchmark implements Callable<Integer> {
    @Option(
            names = "--quick",
            description = "a few minutes: throughput and state only, smaller data")
    boolean quick;

    @Option(
            names = "--users",
            description = "shoppers in the main dataset (default 100000; quick 20000)")
    Integer users;

    @Option(names = "--days", description = "days in the main dataset (default 7; quick 14)")
    Integer days;

    @Option(
            names = "--cep-heap-users",
            description = "shoppers for CEP on heap (default: the main data; quick 10000)")
    Integer cepHeapUsers;

    @Option(
            names = "--small-users",
            description = "shoppers for CEP on RocksDB (default 10000; quick 1000)")
    Integer smallUsers;

    @Option(names = "--reps", description = "measured repetitions per variant (default 3; quick 2)")
    Integer reps;

    @Option(names = "--seed", defaultValue = "42", description = "generator seed")
    long seed;

    @Option(
            names = "--sections",
            split = ",",
            description =
                    "throughput,latency,state,checkpoint,kafka,cep; naive: only (c) and (d) of throughput"
                            + " (default: all; quick: throughput,state)")
    List<String> sections;

    @Option(
            names = "--checkpoint-users",
            defaultValue = "1850000",
            description = "shoppers for the checkpoint run")
    int checkpointUsers;

    @Option(
            names = "--patterns",
            defaultValue = "config/patterns.yaml",
            description = "patterns.yaml")
    Path patternsFile;

    @Option(names = "--out", description = "results file (default bench/results/<date>-<mode>.md)")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Benchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int mainUsers = users != null ? users : quick ? 20_000 : 100_000;
        int mainDays = days != null ? days : quick ? 14 : 7;
        int cepUsers = smallUsers != null ? smallUsers : quick ? 1_000 : 10_000;
        int repetitions = reps != null ? reps : quick ? 2 : 3;
        Set<String> run =
                new LinkedHashSet<>(
                        sections != null
                                ? sections
                                : quick
                                        ? List.of("throughput", "state")
                                        : List.of(
                                                "throughput",
                                                "latency",
                                                "state",
                                                "checkpoint",
                                                "kafka",
                                                "cep"));
        String patterns = Files.readString(patternsFile, StandardCharsets.UTF_8);
        PatternsConfig config = PatternsConfigReader.read(patterns, patternsFile.toString());
        JobSettings settings = JobSettingsReader.read(Path.of("config/job.yaml"));

        Report report = new Report();
        report.heading(
                "Nudge benchmark, "
                        + LocalDate.now()
                        + (quick ? " (quick)" : "")
                        + ": "
                        + Runtime.getRuntime().availableProcessors()
                        + " cores, Java "
                        + Runtime.version().feature()
                        + ", parallelism 1");
        long generating = System.nanoTime();
        Dataset data = Dataset.generate(mainUsers, mainDays, seed);
        Dataset small = Dataset.generate(cepUsers, 1, seed);
        Dataset cepHeap =
                cepHeapUsers != null || quick
                        ? Dataset.generate(
                                cepHeapUsers != null ? cepHeapUsers : 10_000, mainDays, seed)
                        : data;
        report.line("- main data: " + data);
        if (cepHeap != data) {
            report.line("- data for CEP on heap: " + cepHeap);
        }
        report.line("- small data (Flink CEP on RocksDB, too slow for more): " + small);
        report.line(
                "- patterns: "
                        + patternsFile
                        + " ("
                        + config.patterns().size()
                        + " patterns; (c) runs the built-in ones, (c+) adds the SEQUENCE ones,"
                        + " (d) and the (c) it is compared with the BROWSE_WITHOUT_BUY, CART_ABANDONMENT,"
                        + " NEW_USER_NO_PURCHASE and HIGH_VALUE ones)");
        report.progress(
                String.format("generated in %.1f s", (System.nanoTime() - generating) / 1e9));

        try (Runner runner = new Runner()) {
            Sections s =
                    new Sections(runner, report, settings, patterns, config, repetitions, quick);
            if (run.contains("throughput")) {
                s.throughput(data, cepHeap, small);
            }
            if (run.contains("naive") && !run.contains("throughput")) {
                s.naive(cepHeap, small);
            }
            if (run.contains("latency")) {
                s.latency(data);
            }
            if (run.contains("profile")) {
                s.profile(data);
            }
            if (run.contains("state")) {
                s.stateSizes(data);
            }
            if (run.contains("checkpoint")) {
                s.checkpoint(checkpointUsers, seed);
            }
            if (run.contains("kafka")) {
                s.kafka(data);
            }
            if (run.contains("cep")) {
                s.cepInvestigation(Dataset.generate(quick ? 500 : 5_000, 1, seed));
            }
        }
        Path file =
                out != null
                        ? out
                        : Path.of(
                                "bench/results/"
                                        + LocalDate.now()
                                        + (quick ? "-quick" : "-full")
                                        + ".md");
        report.write(file);
        System.out.println("\nResults written to " + file);
        return 0;
    }

    /**
     * The job configuration of a run on the named state backend: {@code hashmap}, {@code rocksdb}
     * as recommended for Nudge (timers on the heap, bloom filters, levels 0 and 1 uncompressed; see
     * the README), or {@code rocksdb-defaults} (Flink's defaults: timers in RocksDB, no bloom
     * filters).
     */
    static Configuration backend(String backend) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.setString("state.backend.type", backend.startsWith("rocksdb") ? "rocksdb" : backend);
        if (backend.equals("rocksdb")) {
            conf.setString("state.backend.rocksdb.timer-service.factory", "HEAP");
            conf.setString("state.backend.rocksdb.use-bloom-filter", "true");
            conf.setString(
                    "state.backend.rocksdb.compression.per.level",
                    "NO_COMPRESSION;NO_COMPRESSION;LZ4_COMPRESSION");
        }
        return conf;
    }

    static Duration seconds(double value) {
        return Duration.ofMillis((long) (value * 1000));
    }

    static List<String> list(String... values) {
        return new ArrayList<>(List.of(values));
    }
}
