package dev.nudge.bench;

import dev.nudge.config.PatternsConfig;
import dev.nudge.job.JobSettings;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * Why Flink CEP is slow on RocksDB, and what helps: the naive design on small data under each
 * candidate remedy, starting from Flink's RocksDB defaults, then a profile of the defaults.
 */
final class CepInvestigation {
    private final Runner runner;
    private final Report report;
    private final JobSettings settings;
    private final PatternsConfig config;

    CepInvestigation(Runner runner, Report report, JobSettings settings, PatternsConfig config) {
        this.runner = runner;
        this.report = report;
        this.settings = settings;
        this.config = config;
    }

    void run(Dataset small) throws Exception {
        report.heading("Flink CEP on RocksDB: the naive design under each remedy");
        report.line("- data: " + small + "; one measured run each (runs are long: no warm-up)");
        report.line(Throughput.HEADER);
        Throughput.Result base = measure("Flink's RocksDB defaults", small, rocks(), false);
        measure(
                "timers on heap",
                small,
                rocks("state.backend.rocksdb.timer-service.factory", "HEAP"),
                false);
        measure(
                "CEP shared-buffer cache 100k slots",
                small,
                rocks(
                        "pipeline.cep.sharedbuffer.cache.event-slots", "100000",
                        "pipeline.cep.sharedbuffer.cache.entry-slots", "100000"),
                false);
        measure(
                "bloom filters",
                small,
                rocks("state.backend.rocksdb.use-bloom-filter", "true"),
                false);
        measure(
                "prefix extractor and prefix bloom (options factory)",
                small,
                rocks("state.backend.rocksdb.options-factory", PrefixSeekOptions.class.getName()),
                false);
        measure(
                "SSD-optimised RocksDB options",
                small,
                rocks("state.backend.rocksdb.predefined-options", "FLASH_SSD_OPTIMIZED"),
                false);
        measure(
                "universal compaction",
                small,
                rocks("state.backend.rocksdb.compaction.style", "UNIVERSAL"),
                false);
        measure("only VIEW, cart and purchase fed to CEP", small, rocks(), true);
        measure(
                "timers on heap + cache + only relevant types",
                small,
                rocks(
                        "state.backend.rocksdb.timer-service.factory", "HEAP",
                        "pipeline.cep.sharedbuffer.cache.event-slots", "100000",
                        "pipeline.cep.sharedbuffer.cache.entry-slots", "100000"),
                true);
        measure("for reference: heap state", small, Benchmark.backend("hashmap"), false);

        report.heading(
                "Where the time goes: JFR samples of the naive design on RocksDB (defaults)");
        Map<String, String> areas = new LinkedHashMap<>();
        areas.put("RocksDB JNI (get, put, seek, next, delete)", "org.rocksdb.");
        areas.put("CEP SharedBuffer", "org.apache.flink.cep.nfa.sharedbuffer.");
        areas.put(
                "NFA.advanceTime (timeouts, pruning)", "org.apache.flink.cep.nfa.NFA.advanceTime");
        areas.put("NFA.process (events)", "org.apache.flink.cep.nfa.NFA.process");
        areas.put("CEP element queue (MapState by timestamp)", "CepOperator.bufferEvent");
        areas.put("serializers", "Serializer.");
        areas.put("timer service", "InternalTimerServiceImpl");
        JfrProfile.Profile profile =
                JfrProfile.record(
                        () -> runner.run(rocks(), Variants.naive(small, settings, config, false)),
                        areas);
        report.line("Samples: " + profile.samples() + ". Share of samples inside:");
        profile.areas()
                .forEach((area, count) -> report.line("- " + area + ": " + profile.percent(count)));
        report.line("\nHottest methods (self):");
        profile.hottest()
                .forEach(
                        (method, count) ->
                                report.line("- " + profile.percent(count) + " " + method));
        if (base != null) {
            report.line(
                    "\n(defaults: "
                            + Stats.compact(base.perCpuSecond().median())
                            + " events/CPU-s)");
        }
    }

    private Throughput.Result measure(
            String label, Dataset data, Configuration conf, boolean onlyRelevant) throws Exception {
        return Throughput.measure(
                runner,
                new Throughput.Variant(
                        "d",
                        label,
                        conf.getString("state.backend.type", "?"),
                        data,
                        conf,
                        Variants.naive(data, settings, config, onlyRelevant)),
                0,
                1,
                report);
    }

    private static Configuration rocks(String... keyValues) {
        Configuration conf = Benchmark.backend("rocksdb-defaults");
        for (int i = 0; i < keyValues.length; i += 2) {
            conf.setString(keyValues[i], keyValues[i + 1]);
        }
        return conf;
    }
}
