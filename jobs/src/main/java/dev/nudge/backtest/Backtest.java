package dev.nudge.backtest;

import dev.nudge.config.PatternsConfigReader;
import dev.nudge.connect.JsonLinesFormat;
import dev.nudge.connect.JsonLinesSink;
import dev.nudge.job.JobOutputs;
import dev.nudge.job.JobSettings;
import dev.nudge.job.NudgeJob;
import dev.nudge.job.NudgeStreams;
import dev.nudge.job.Output;
import dev.nudge.job.Outputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.flink.configuration.BlobServerOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;
import org.apache.flink.util.ShutdownHookUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the production topology over a history file, in any {@link HistoryFormat}, order and size,
 * in event time (SPEC §8 {@code backtest}) and writes what it would have done, a file for each
 * output that has one ({@link Outputs}: {@code actions.jsonl}, {@code decisions.jsonl}, {@code
 * dead-letters.jsonl}, {@code open-episodes.jsonl}, {@code profiles.jsonl}, {@code flows.jsonl},
 * {@code predictions.jsonl}, ...), and its report: {@code summary.md} and {@code report.html} (see
 * {@link BacktestReport}).
 *
 * <p>The clock stops at the input's last event time, or at {@link BacktestInput#until()} when one
 * is given (later events are then counted and left out): an episode that would complete later is
 * reported as still open, not fired, and a moment held for a send time after it as held, because
 * the end of a file is not the end of time. {@code profiles.jsonl} has each user's profile as it
 * stands then, in the JSON of {@code user-profiles}, one line per user who still has one (an erased
 * user has none), ordered by user.
 */
public final class Backtest {
    /** What a user may have waiting for the watermark in a backtest (see {@link #runJob}). */
    static final int HISTORY_MAX_PENDING = 1_000_000;

    public static final String ACTIONS = file(Outputs.ACTIONS);
    public static final String DECISIONS = file(Outputs.DECISIONS);
    public static final String DEAD_LETTERS = file(Outputs.DEAD_LETTERS);
    public static final String OPEN_EPISODES = file(Outputs.OPEN_EPISODES);
    public static final String PROFILES = file(Outputs.FINAL_PROFILES);
    public static final String CONVERSIONS = file(Outputs.CONVERSIONS);

    /** The feedback linked to the actions sent, when the history holds any. */
    public static final String ENGAGEMENT = file(Outputs.ENGAGEMENT);

    /** Each purchase that began an occasion, with the prediction before it. */
    public static final String PREDICTIONS = file(Outputs.PREDICTION_CHECKS);

    /** The steps of users through flows, one line each. */
    public static final String FLOWS = file(Outputs.FLOW_EVENTS);

    public static final String SUMMARY = "summary.md";
    public static final String REPORT = "report.html";

    /** How often the events read by the job are reported while it runs. */
    private static final Duration PROGRESS_POLL = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(Backtest.class);

    private Backtest() {}

    /**
     * @param patternsFile where the document was read from, as the report names it
     * @param patternsDocument a validated {@code patterns.yaml} text
     * @param parallelism the local parallelism of the run; results do not depend on it
     * @param progress told how far the backtest has got, every few thousand rows
     * @throws HistoryFormatException when the input is not in its format
     */
    public static BacktestSummary run(
            BacktestInput input,
            String patternsFile,
            String patternsDocument,
            JobSettings settings,
            Path outDir,
            int parallelism,
            Consumer<BacktestProgress> progress)
            throws Exception {
        boolean created = !Files.exists(outDir);
        try {
            return runIn(
                    input, patternsFile, patternsDocument, settings, outDir, parallelism, progress);
        } catch (Exception e) {
            // A failed run leaves no directory behind that it made: a half-written one would
            // look like results, and be refused as a non-empty --out by the next try.
            if (created) {
                FileUtils.deleteDirectory(outDir.toFile());
            }
            throw e;
        }
    }

    private static BacktestSummary runIn(
            BacktestInput input,
            String patternsFile,
            String patternsDocument,
            JobSettings settings,
            Path outDir,
            int parallelism,
            Consumer<BacktestProgress> progress)
            throws Exception {
        Files.createDirectories(outDir);
        for (String name : ResultFiles.names()) {
            Files.deleteIfExists(outDir.resolve(name));
        }
        for (String name : List.of(SUMMARY, REPORT)) {
            Files.deleteIfExists(outDir.resolve(name));
        }
        Files.createDirectories(input.tempDir());
        Path work = Files.createTempDirectory(input.tempDir(), "nudge-backtest-");
        // The sorted events are about as large as the input: gone on Ctrl-C too, not only at
        // the end of the run.
        Thread cleanupOnExit =
                ShutdownHookUtil.addShutdownHook(
                        () -> FileUtils.deleteDirectory(work.toFile()), "backtest temp files", LOG);
        try {
            SortedInput.Result prepared =
                    SortedInput.prepare(
                            input,
                            work,
                            outDir.resolve(DEAD_LETTERS),
                            settings.events().maxBytes(),
                            progress);
            if (prepared.events() > 0) {
                LongConsumer jobRead =
                        read ->
                                progress.accept(
                                        BacktestProgress.events(
                                                BacktestProgress.Phase.RUNNING,
                                                read,
                                                prepared.events(),
                                                prepared.deadLetters(),
                                                prepared.runs()));
                jobRead.accept(0);
                runJob(
                        input.file(),
                        prepared.sortedEvents(),
                        input.until() == BacktestInput.LAST_EVENT
                                ? prepared.lastTime()
                                : input.until(),
                        patternsDocument,
                        settings,
                        outDir,
                        parallelism,
                        work,
                        jobRead);
            }
            // Every result file, the ones without a line created empty.
            ResultFiles.sortAll(outDir, work, input.sort());
            BacktestSummary summary =
                    BacktestSummary.of(
                            input,
                            prepared,
                            outDir,
                            BacktestConfig.of(
                                    patternsFile,
                                    PatternsConfigReader.read(patternsDocument, patternsFile)));
            new BacktestReport(summary).writeTo(outDir);
            return summary;
        } finally {
            FileUtils.deleteDirectory(work.toFile());
            ShutdownHookUtil.removeShutdownHook(cleanupOnExit, "backtest temp files", LOG);
        }
    }

    private static void runJob(
            Path input,
            Path sorted,
            long clockStop,
            String patternsDocument,
            JobSettings settings,
            Path outDir,
            int parallelism,
            Path work,
            LongConsumer jobRead)
            throws Exception {
        Path flinkTemp = Files.createDirectories(work.resolve("flink"));
        Configuration conf = new Configuration();
        // Flink's local files (its RPC system's jar of about 20 MB, io and shuffle dirs, blobs,
        // local state, the dashboard's uploads) would otherwise stay in the system temp dir after
        // every run: in the work dir they go with the sorted events.
        conf.set(CoreOptions.TMP_DIRS, flinkTemp.toString());
        conf.set(WebOptions.TMP_DIR, flinkTemp.toString());
        conf.set(BlobServerOptions.STORAGE_DIRECTORY, flinkTemp.toString());
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        // The bound on what a user may have waiting for the watermark protects a running job's
        // state from one runaway user. A backtest reads at full speed, so events can run days
        // ahead of a watermark that waits for the SEQUENCE patterns' path; what waits is bounded
        // by what is in flight, and processing it early would change the order of decisions.
        String run = work.getFileName().toString();
        JobSettings clocked =
                settings.withJourney(
                        settings.journey()
                                .withClockLimit(clockStop)
                                .withMaxPendingEvents(HISTORY_MAX_PENDING));
        FileSource<dev.nudge.event.Ingested> source =
                FileSource.forRecordStreamFormat(
                                new CountedFormat(
                                        new JsonLinesFormat(
                                                input.getFileName().toString(),
                                                settings.events().maxBytes()),
                                        run),
                                new org.apache.flink.core.fs.Path(sorted.toUri()))
                        .build();
        JobOutputs files =
                streams -> {
                    for (Output<?> output : Outputs.ALL) {
                        output.file().ifPresent(file -> writeTo(streams, output, outDir, file));
                    }
                };
        new NudgeJob(clocked, patternsDocument, source, files).replayingHistory().build(env);
        AtomicLong read = CountedFormat.counter(run);
        try {
            CompletableFuture<?> result =
                    env.executeAsync("nudge-backtest").getJobExecutionResult();
            while (true) {
                try {
                    result.get(PROGRESS_POLL.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException running) {
                    jobRead.accept(read.get());
                } catch (ExecutionException failed) {
                    throw failed.getCause() instanceof Exception cause ? cause : failed;
                }
            }
        } finally {
            CountedFormat.forget(run);
        }
    }

    private static <T> void writeTo(
            NudgeStreams streams, Output<T> output, Path outDir, String file) {
        streams.of(output)
                .sinkTo(new JsonLinesSink<>(outDir.resolve(file), output::json))
                .setParallelism(1)
                .name(file);
    }

    private static String file(Output<?> output) {
        return output.file().orElseThrow();
    }
}
