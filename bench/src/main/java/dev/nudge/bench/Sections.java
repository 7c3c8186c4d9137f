package dev.nudge.bench;

import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.job.JobSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.util.FileUtils;

/** The parts of a benchmark run, each reporting as it goes. */
final class Sections {
    private final Runner runner;
    private final Report report;
    private final JobSettings settings;
    private final String patterns;
    private final PatternsConfig config;
    private final String naivePatterns;
    private final String journeyPatterns;
    private final PatternsConfig naiveConfig;
    private final PatternsConfig browseConfig;
    private final int repetitions;
    private final boolean quick;
    private final long outOfOrderness;
    private Throughput.Measured nudgeHeap;
    private Throughput.Measured nudgeRocks;

    /** The throughput variants registered, to be measured together in rounds. */
    private final java.util.List<Throughput.Measured> inRounds = new java.util.ArrayList<>();

    Sections(
            Runner runner,
            Report report,
            JobSettings settings,
            String patterns,
            PatternsConfig config,
            int repetitions,
            boolean quick)
            throws Exception {
        this.runner = runner;
        this.report = report;
        this.settings = settings;
        this.patterns = patterns;
        this.config = config;
        this.naivePatterns = PatternSubset.naive(patterns);
        this.journeyPatterns = PatternSubset.withoutSequences(patterns);
        this.naiveConfig = PatternsConfigReader.read(naivePatterns, "patterns of the naive design");
        this.browseConfig =
                PatternsConfigReader.read(PatternSubset.browseOnly(patterns), "browse patterns");
        this.repetitions = repetitions;
        this.quick = quick;
        this.outOfOrderness = settings.watermarks().maxOutOfOrderness().toMillis();
    }

    /** About the median journey of the generated shoppers (bench/results, state section). */
    private static final int JOURNEY_BYTES = 512;

    /** (a)–(d) on heap and RocksDB, the ratios, and the match counts of (c) against (d). */
    void throughput(Dataset data, Dataset cepHeap, Dataset small) throws Exception {
        Path checkpoints = Files.createTempDirectory("nudge-bench-throughput-");
        try {
            throughput(data, cepHeap, small, checkpoints);
        } finally {
            FileUtils.deleteDirectory(checkpoints.toFile());
        }
    }

    /**
     * RocksDB runs take incremental checkpoints every second, as a job in production does (if less
     * often): what a checkpoint costs, and what the job writes to state only before one, is part of
     * the measure.
     */
    private static Configuration checkpointed(Configuration conf, Path dir) {
        conf.setString("execution.checkpointing.interval", "1s");
        conf.setString("execution.checkpointing.incremental", "true");
        conf.setString("execution.checkpointing.dir", dir.toUri().toString());
        return conf;
    }

    private void throughput(Dataset data, Dataset cepHeap, Dataset small, Path checkpoints)
            throws Exception {
        report.heading(
                "Throughput (parallelism 1; events per CPU-second of the whole process but the"
                        + " JIT compiler)");
        report.line(Throughput.HEADER);
        Configuration heap = Benchmark.backend("hashmap");
        Configuration rocks = checkpointed(Benchmark.backend("rocksdb"), checkpoints);
        Throughput.Measured a =
                measure("a", "parse only", "-", data, heap, Variants.parseOnly(data));
        Throughput.Measured bHeap =
                measure(
                        "b",
                        "pass-through keyed",
                        "heap",
                        data,
                        heap,
                        Variants.passThrough(data, settings));
        nudgeHeap = measure("c", "Nudge job, built-in patterns", "heap", data, heap, nudge(data));
        Throughput.Measured withSequence =
                measure(
                        "c+",
                        "Nudge job and the shipped SEQUENCE pattern (Flink CEP)",
                        "heap",
                        data,
                        heap,
                        nudge(data, patterns));
        Throughput.Measured bRocks =
                measure(
                        "b",
                        "pass-through keyed",
                        "RocksDB",
                        data,
                        rocks,
                        Variants.passThrough(data, settings));
        Throughput.Measured floorRocks =
                measure(
                        "b'",
                        "keyed, one read + one write of " + JOURNEY_BYTES + " B",
                        "RocksDB",
                        data,
                        rocks,
                        Variants.passThroughSized(data, settings, JOURNEY_BYTES));
        nudgeRocks =
                measure("c", "Nudge job, built-in patterns", "RocksDB", data, rocks, nudge(data));
        Throughput.Measured uncached =
                measure(
                        "c",
                        "Nudge job, no journey cache",
                        "RocksDB",
                        data,
                        rocks,
                        nudge(data, journeyPatterns, 0));
        measure(
                "c",
                "Nudge job, RocksDB with Flink's defaults",
                "RocksDB*",
                data,
                checkpointed(Benchmark.backend("rocksdb-defaults"), checkpoints),
                nudge(data));
        String cepData = cepHeap == data ? "" : " (CEP-on-heap data)";
        Throughput.Measured[] naive = naiveVariants(cepHeap, cepData, small, heap, rocks);
        Throughput.measureInRounds(runner, inRounds, quick ? 1 : 2, repetitions, report);
        inRounds.clear();
        report.line(
                "\nRocksDB: timers on the heap, bloom filters and uncompressed levels 0 and 1, as the"
                        + " README recommends;"
                        + " RocksDB*: Flink's defaults (timers in RocksDB), for comparison. Both"
                        + " take an incremental checkpoint every second.");
        report.heading("Ratios (medians of events per CPU-second)");
        ratio("(c)/(a) heap: the job against the parse-only ceiling", nudgeHeap, a, 0);
        ratio("(c)/(b) heap: target ≥ 0.5", nudgeHeap, bHeap, 0.5);
        ratio("(c)/(b) RocksDB: target ≥ 0.5", nudgeRocks, bRocks, 0.5);
        ratio(
                "(c)/(b) RocksDB without the journey cache (what an instance too busy for the"
                        + " cache to hold a user between wake-ups gets; see the README)",
                uncached,
                bRocks,
                0);
        ratio(
                "(c)/(b') RocksDB: the job against one state read and write of a journey-sized"
                        + " value per event",
                nudgeRocks,
                floorRocks,
                0);
        stateCost(a.result(), bRocks.result(), floorRocks.result(), nudgeRocks.result());
        ratio(
                "(c+)/(c) heap: what the one SEQUENCE pattern leaves of the job's rate",
                withSequence,
                nudgeHeap,
                0);
        naiveRatios(naive, cepData);
    }

    /**
     * Only (c) and (d), on the CEP-on-heap data and the small data on RocksDB: the comparison with
     * the naive design, its ratios and its match counts, without the other variants.
     */
    void naive(Dataset cepHeap, Dataset small) throws Exception {
        Path checkpoints = Files.createTempDirectory("nudge-bench-naive-");
        try {
            report.heading(
                    "The naive design (parallelism 1; events per CPU-second of the whole process"
                            + " but the JIT compiler)");
            report.line(Throughput.HEADER);
            Configuration heap = Benchmark.backend("hashmap");
            Configuration rocks = checkpointed(Benchmark.backend("rocksdb"), checkpoints);
            String cepData = " (CEP-on-heap data)";
            Throughput.Measured[] naive = naiveVariants(cepHeap, cepData, small, heap, rocks);
            Throughput.measureInRounds(runner, inRounds, quick ? 1 : 2, repetitions, report);
            inRounds.clear();
            report.heading("Ratios (medians of events per CPU-second)");
            naiveRatios(naive, cepData);
        } finally {
            FileUtils.deleteDirectory(checkpoints.toFile());
        }
    }

    /**
     * Registers (c) and (d) on the patterns (d) runs, on heap and on the small data on RocksDB. (c)
     * runs without a clock limit here, as (d)'s CEP operators close every window at the end.
     *
     * @return (c) heap, (d) heap, (c) small, (d) small
     */
    private Throughput.Measured[] naiveVariants(
            Dataset cepHeap,
            String cepData,
            Dataset small,
            Configuration heap,
            Configuration rocks) {
        Throughput.Measured cCepHeap =
                measure(
                        "c",
                        "Nudge job, the naive design's patterns" + cepData,
                        "heap",
                        cepHeap,
                        heap,
                        nudgeToTheEndOfTime(cepHeap, naivePatterns));
        Throughput.Measured dHeap =
                measure(
                        "d",
                        "naive: CEP per pattern" + cepData,
                        "heap",
                        cepHeap,
                        heap,
                        Variants.naive(cepHeap, settings, naiveConfig, false));
        Throughput.Measured cSmall =
                measure(
                        "c",
                        "Nudge job, the naive design's patterns (small data)",
                        "RocksDB",
                        small,
                        rocks,
                        nudgeToTheEndOfTime(small, naivePatterns));
        Throughput.Measured dSmall =
                measure(
                        "d",
                        "naive: CEP per pattern (small data)",
                        "RocksDB",
                        small,
                        rocks,
                        Variants.naive(small, settings, naiveConfig, false));
        return new Throughput.Measured[] {cCepHeap, dHeap, cSmall, dSmall};
    }

    private void naiveRatios(Throughput.Measured[] naive, String cepData) {
        ratio("(c)/(d) heap, the naive design's patterns: target ≥ 10", naive[0], naive[1], 10);
        ratio("(c)/(d) RocksDB, the naive design's patterns, small data", naive[2], naive[3], 0);
        report.heading("Same work: matches of (c) and (d) by pattern");
        agreeOnAll("heap" + cepData, naive[0], naive[1]);
        agreeOnAll("RocksDB, small data", naive[2], naive[3]);
    }

    /**
     * {@link #agree} on every pattern (d) runs, a pattern without matches counting 0 on both sides
     * (a counter that never counted is not reported), and a note for a pattern the data leaves
     * untested.
     */
    private void agreeOnAll(String where, Throughput.Measured job, Throughput.Measured naive) {
        Map<String, Long> jobCounts = new java.util.TreeMap<>();
        Map<String, Long> naiveCounts = new java.util.TreeMap<>();
        for (PatternSpec spec : naiveConfig.patterns()) {
            if (spec.enabled()) {
                jobCounts.put(spec.id(), 0L);
                naiveCounts.put(spec.id(), 0L);
            }
        }
        jobCounts.putAll(job.result().matches());
        naiveCounts.putAll(naive.result().matches());
        agree(where, jobCounts, naiveCounts);
        jobCounts.forEach(
                (id, count) -> {
                    if (count == 0) {
                        report.line(
                                "  - no matches of " + id + " here: this data does not test it");
                    }
                });
    }

    /** Registers a variant to be measured with the others, in rounds. */
    private Throughput.Measured measure(
            String key,
            String label,
            String backend,
            Dataset data,
            Configuration conf,
            java.util.function.Consumer<
                            org.apache.flink.streaming.api.environment.StreamExecutionEnvironment>
                    topology) {
        Throughput.Measured measured =
                new Throughput.Measured(
                        new Throughput.Variant(key, label, backend, data, conf, topology));
        inRounds.add(measured);
        return measured;
    }

    private java.util.function.Consumer<
                    org.apache.flink.streaming.api.environment.StreamExecutionEnvironment>
            nudge(Dataset data) {
        return nudge(data, journeyPatterns);
    }

    private java.util.function.Consumer<
                    org.apache.flink.streaming.api.environment.StreamExecutionEnvironment>
            nudge(Dataset data, String document) {
        return nudge(data, document, settings.journey().journeyCache());
    }

    private java.util.function.Consumer<
                    org.apache.flink.streaming.api.environment.StreamExecutionEnvironment>
            nudge(Dataset data, String document, int journeyCache) {
        JobSettings untilTheLastEvent =
                settings.withJourney(
                        settings.journey()
                                .withClockLimit(data.lastTime())
                                .withJourneyCache(journeyCache));
        return Variants.nudge(MemorySource.of(data, 0, false), untilTheLastEvent, document);
    }

    /**
     * The job as it runs on a bounded input without a clock limit: the final watermark lives every
     * user through all deadlines still to come, as the naive design's CEP operators close every
     * window. For the comparisons with (d), which must count the same matches.
     */
    private java.util.function.Consumer<
                    org.apache.flink.streaming.api.environment.StreamExecutionEnvironment>
            nudgeToTheEndOfTime(Dataset data, String document) {
        return Variants.nudge(MemorySource.of(data, 0, false), settings, document);
    }

    private void ratio(
            String what, Throughput.Measured top, Throughput.Measured bottom, double target) {
        double value =
                top.result().perCpuSecond().median() / bottom.result().perCpuSecond().median();
        String verdict = target == 0 ? "" : value >= target ? "  (met)" : "  (NOT met)";
        report.line(String.format("- %s: **%.2f**%s", what, value, verdict));
    }

    /**
     * Where a RocksDB event's CPU time goes, from the variants' medians: parsing and the rest of
     * the pipeline (a, b), one read and write of a journey-sized value (b'), the job (c).
     */
    private void stateCost(
            Throughput.Result a,
            Throughput.Result b,
            Throughput.Result floor,
            Throughput.Result job) {
        double parse = micros(a);
        double keyed = micros(b);
        double sized = micros(floor);
        double all = micros(job);
        report.line(
                String.format(
                        "- RocksDB, CPU µs per event: parse only %.2f; keyed with one read and write"
                                + " of an 8-byte value %.2f, of a %d-byte value %.2f; the job %.2f."
                                + " Beyond parsing, the keyed read and write of a journey-sized"
                                + " value is %.0f %% of the job's cost",
                        parse,
                        keyed,
                        JOURNEY_BYTES,
                        sized,
                        all,
                        100 * (sized - parse) / (all - parse)));
    }

    private static double micros(Throughput.Result result) {
        return 1e6 / result.perCpuSecond().median();
    }

    private void agree(String where, Map<String, Long> job, Map<String, Long> naive) {
        if (!job.equals(naive)) {
            report.line("- " + where + ": MISMATCH job " + job + " vs naive " + naive);
            throw new IllegalStateException(
                    "(c) and (d) did not do the same work: " + job + " vs " + naive);
        }
        report.line("- " + where + ": both " + job);
    }

    /** p50/p99 event-to-action latency at half the measured capacity, heap and RocksDB. */
    void latency(Dataset data) throws Exception {
        report.heading("Latency at half capacity (event that makes the moment knowable → action)");
        report.line("| state | rate (events/s) | actions | p50 | p99 | max |");
        report.line("|---|---:|---:|---:|---:|---:|");
        latency(data, "heap", Benchmark.backend("hashmap"), resultOf(nudgeHeap));
        latency(data, "RocksDB", Benchmark.backend("rocksdb"), resultOf(nudgeRocks));
        report.line(
                "\nIncludes the watermark interval (200 ms) and the out-of-orderness bound in event"
                        + " time; excludes the Kafka transaction commit (see the Kafka run).");
    }

    /** The result of a throughput variant, or {@code null} when the section did not run. */
    private static Throughput.Result resultOf(Throughput.Measured measured) {
        return measured == null ? null : measured.result();
    }

    private void latency(Dataset data, String label, Configuration conf, Throughput.Result capacity)
            throws Exception {
        double rate = capacity == null ? 50_000 : capacity.perWallSecond().median() / 2;
        String runId = "latency-" + label;
        java.util.Arrays.fill(data.enteredAt, 0);
        runner.run(
                conf,
                Variants.nudge(
                        MemorySource.of(data, rate, true),
                        settings,
                        patterns,
                        actions -> Latency.probe(actions, data.id, outOfOrderness, runId)));
        long[] samples = Latency.samples(runId);
        report.line(
                String.format(
                        "| %s | %,.0f | %,d | %d ms | %d ms | %d ms |",
                        label,
                        rate,
                        samples.length,
                        Stats.percentile(samples, 50) / 1_000_000,
                        Stats.percentile(samples, 99) / 1_000_000,
                        Stats.percentile(samples, 100) / 1_000_000));
    }

    /** Bytes of journey state per user. */
    void stateSizes(Dataset data) throws Exception {
        report.heading("State per user (serialized journey, as the job stores it)");
        StateSizes.Sizes sizes =
                StateSizes.measure(data, config, settings.journey(), outOfOrderness);
        report.line(
                String.format(
                        "- %,d users with state: p50 **%d B**, p99 **%d B**, max %d B, mean %.0f B"
                                + " (targets: p50 ≤ 1024 B, p99 ≤ 2048 B)",
                        sizes.users(), sizes.p50(), sizes.p99(), sizes.max(), sizes.mean()));
        report.line(
                "- Flink adds per entry: the TTL timestamp (8 B), the key group and the user id in"
                        + " RocksDB's key, and one timer.");
        report.line(
                String.format(
                        "- state reads (and writes) per event: **%.2f**, of which %.2f from timers;"
                                + " timer registrations and deletions per event: %.2f",
                        sizes.accessesPerEvent(),
                        sizes.timersPerEvent(),
                        sizes.timerChangesPerEvent()));
        report.line(
                String.format(
                        "- of which the profile: p50 %d B, p99 %d B; lifecycle stages at the end: %s;"
                                + " %,d users with a predicted next purchase",
                        sizes.profileP50(), sizes.profileP99(), sizes.stages(), sizes.predicted()));
    }

    /** Checkpoint size and duration of about a million users on RocksDB. */
    void checkpoint(int users, long seed) throws Exception {
        report.heading("Checkpoints on RocksDB (incremental)");
        Dataset data = Dataset.generate(users, 2, seed + 1);
        Path dir = Files.createTempDirectory("nudge-bench-checkpoints-");
        try {
            Configuration conf = Benchmark.backend("rocksdb");
            conf.setString("execution.checkpointing.interval", "20s");
            conf.setString("execution.checkpointing.incremental", "true");
            conf.setString("execution.checkpointing.dir", dir.toUri().toString());
            // Keep the last checkpoint of the finished job, to show which files it shares.
            conf.setString(
                    "execution.checkpointing.externalized-checkpoint-retention",
                    "RETAIN_ON_CANCELLATION");
            Runner.Run run = runner.run(conf, nudge(data));
            var history = run.graph().getCheckpointStatsSnapshot().getHistory();
            report.line(
                    String.format(
                            "- data: %s; %d distinct users with state",
                            data, StateSizes.measureUsers(data)));
            report.line("| checkpoint | full state | uploaded (incremental) | duration |");
            report.line("|---:|---:|---:|---:|");
            long last = 0;
            for (var checkpoint : history.getCheckpoints()) {
                if (checkpoint instanceof CompletedCheckpointStats) {
                    last = Math.max(last, checkpoint.getCheckpointId());
                }
            }
            for (var checkpoint : history.getCheckpoints()) {
                if (checkpoint instanceof CompletedCheckpointStats completed) {
                    report.line(
                            String.format(
                                    "| %d%s | %,d MB | %,d MB | %,d ms |",
                                    completed.getCheckpointId(),
                                    completed.getCheckpointId() == last ? " (last)" : "",
                                    completed.getStateSize() >> 20,
                                    completed.getCheckpointedSize() >> 20,
                                    completed.getEndToEndDuration()));
                }
            }
            report.line(
                    String.format(
                            "\nThe retained last checkpoint's directory holds %s. The last"
                                    + " checkpoint is taken while the bounded job finishes.",
                            describeFiles(dir)));
            report.progress(String.format("run %.1f s", run.wallSeconds()));
        } finally {
            FileUtils.deleteDirectory(dir.toFile());
        }
    }

    private static String describeFiles(Path dir) throws java.io.IOException {
        long shared = 0;
        long sharedBytes = 0;
        long other = 0;
        try (var files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                if (file.toString().contains("/shared/")) {
                    shared++;
                    sharedBytes += Files.size(file);
                } else {
                    other++;
                }
            }
        }
        return String.format(
                "%d files in shared/ (%,d MB) and %d others", shared, sharedBytes >> 20, other);
    }

    /** Where the job spends its CPU: JFR samples of (c) on heap and on RocksDB. */
    void profile(Dataset data) throws Exception {
        Map<String, String> areas = new java.util.LinkedHashMap<>();
        areas.put("parsing JSON (in the source)", "dev.nudge.event.EventParser");
        areas.put("copying records between chained operators", "CopyingChainingOutput");
        areas.put("events across keyBy (POJO serializer)", "PojoSerializer");
        areas.put("journey operator, all of it", "dev.nudge.job.JourneyFunction");
        areas.put("  journey engine (detectors, policy)", "dev.nudge.journey.JourneyEngine");
        areas.put("  journey state (de)serialization", "dev.nudge.journey.JourneyCodec");
        areas.put("  state TTL wrapper", "org.apache.flink.runtime.state.ttl.");
        areas.put("  timer service", "InternalTimerServiceImpl");
        areas.put("  RocksDB JNI", "org.rocksdb.");
        areas.put("watermarks", "WatermarkGenerator");
        for (String backend : java.util.List.of("hashmap", "rocksdb")) {
            report.heading("Where the time goes: JFR samples of (c) on " + backend);
            JfrProfile.Profile profile =
                    JfrProfile.record(
                            () -> runner.run(Benchmark.backend(backend), nudge(data)), areas);
            report.line("Samples: " + profile.samples() + ". Share of samples inside:");
            profile.areas()
                    .forEach(
                            (area, count) ->
                                    report.line("- " + area + ": " + profile.percent(count)));
            report.line("\nHottest methods (self):");
            profile.hottest()
                    .forEach(
                            (method, count) ->
                                    report.line("- " + profile.percent(count) + " " + method));
            report.line("\nNudge's own methods (samples with the method anywhere on the stack):");
            profile.nudge()
                    .forEach(
                            (method, count) ->
                                    report.line("- " + profile.percent(count) + " " + method));
        }
    }

    void kafka(Dataset data) throws Exception {
        new KafkaEndToEnd(runner, report, settings, journeyPatterns, outOfOrderness).run(data);
    }

    void cepInvestigation(Dataset small) throws Exception {
        new CepInvestigation(runner, report, settings, browseConfig).run(small);
    }
}
