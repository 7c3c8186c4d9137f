package dev.nudge.console.change;

import dev.nudge.backtest.Backtest;
import dev.nudge.backtest.BacktestInput;
import dev.nudge.backtest.BacktestProgress;
import dev.nudge.backtest.BacktestReport;
import dev.nudge.backtest.BacktestSummary;
import dev.nudge.backtest.FormatGuess;
import dev.nudge.backtest.HistoryFormat;
import dev.nudge.backtest.HistoryFormatException;
import dev.nudge.config.Shown;
import dev.nudge.console.ConsoleSources;
import dev.nudge.job.JobSettings;
import dev.nudge.wire.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backtests the page starts: each the {@code backtest} command's run ({@link Backtest}, the
 * same files and {@code report.html}) of an edited document over the history file the console was
 * started with, in a thread of its own, one at a time. Their results are kept in a temporary
 * directory of the console's, the last {@value #KEPT} runs of them, and deleted when the console
 * stops.
 */
final class BacktestRuns implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BacktestRuns.class);

    /** How many runs' results are kept: a run is about as large as its history's events. */
    static final int KEPT = 3;

    /** Where a run is. */
    enum State {
        running,
        done,
        failed
    }

    /**
     * A run as the page sees it.
     *
     * @param progress how far it has got, while it runs
     * @param summary its figures once done
     * @param markdown the report as the {@code backtest} command prints it, once done
     * @param report where its {@code report.html} is, once done
     * @param error why it failed, in words
     */
    record Status(
            String id,
            State state,
            String version,
            String startedAt,
            Progress progress,
            Figures summary,
            String markdown,
            String report,
            String error) {}

    /** A {@link BacktestProgress} as JSON. */
    record Progress(String phase, long count, long total, double fraction, String detail) {
        static Progress of(BacktestProgress progress) {
            return progress == null
                    ? null
                    : new Progress(
                            progress.phase().name(),
                            progress.count(),
                            progress.total(),
                            progress.fraction(),
                            progress.count() + " " + progress.unit() + ", " + progress.detail());
        }
    }

    /** The figures of a {@link BacktestSummary} the page shows; the report has the rest. */
    record Figures(
            String input,
            String format,
            String configVersion,
            long rows,
            long events,
            long deadLetters,
            String from,
            String to,
            long matches,
            long sent,
            long holdout,
            long conversions,
            long actions,
            List<PatternFigures> patterns) {
        static Figures of(BacktestSummary summary) {
            BacktestSummary.PatternCounts total = summary.total();
            List<PatternFigures> patterns = new ArrayList<>();
            summary.patterns()
                    .forEach(
                            (id, counts) ->
                                    patterns.add(
                                            PatternFigures.of(
                                                    id, counts, summary.noMatch().get(id))));
            return new Figures(
                    summary.input(),
                    summary.format(),
                    summary.configVersion(),
                    summary.rows(),
                    summary.events(),
                    summary.deadLetterTotal(),
                    summary.events() == 0 ? null : Json.time(summary.firstTime()),
                    summary.events() == 0 ? null : Json.time(summary.lastTime()),
                    total.matches(),
                    total.sent(),
                    total.holdout().decisions(),
                    total.treatment().conversions(),
                    summary.actions(),
                    patterns);
        }
    }

    /** One pattern's figures; {@code noMatch} says why it had none. */
    record PatternFigures(
            String id,
            long matches,
            long sent,
            long holdout,
            long conversions,
            long suppressed,
            long enteredFlow,
            long held,
            long open,
            String noMatch) {
        static PatternFigures of(String id, BacktestSummary.PatternCounts counts, String noMatch) {
            return new PatternFigures(
                    id,
                    counts.matches(),
                    counts.sent(),
                    counts.holdout().decisions(),
                    counts.treatment().conversions(),
                    counts.suppressed().values().stream().mapToLong(Long::longValue).sum(),
                    counts.enteredFlow(),
                    counts.held(),
                    counts.open(),
                    noMatch);
        }
    }

    /** One run; its fields change as it goes, from its own thread. */
    private static final class Run {
        final String id;
        final String version;
        final String startedAt;
        final Path dir;
        volatile State state = State.running;
        volatile BacktestProgress progress;
        volatile BacktestSummary summary;
        volatile String markdown;
        volatile String error;

        Run(String id, String version, Path dir) {
            this.id = id;
            this.version = version;
            this.startedAt = Json.time(System.currentTimeMillis());
            this.dir = dir;
        }

        Status status() {
            boolean done = state == State.done;
            return new Status(
                    id,
                    state,
                    version,
                    startedAt,
                    state == State.running ? Progress.of(progress) : null,
                    done ? Figures.of(summary) : null,
                    done ? markdown : null,
                    done ? "/api/backtest/" + id + "/report" : null,
                    error);
        }
    }

    private final ConsoleSources.History history;
    private final JobSettings settings;
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final ExecutorService worker;
    private Path root;

    BacktestRuns(ConsoleSources.History history, JobSettings settings) {
        this.history = history;
        this.settings = settings;
        this.worker =
                Executors.newSingleThreadExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, "console-backtest");
                            thread.setDaemon(true);
                            return thread;
                        });
    }

    /**
     * Starts a backtest of {@code document}, or answers empty while another one runs.
     *
     * @throws IOException when the console's temporary directory cannot be made
     */
    synchronized Optional<Status> start(String document, String version) throws IOException {
        if (runs.values().stream().anyMatch(run -> run.state == State.running)) {
            return Optional.empty();
        }
        if (root == null) {
            root = Files.createTempDirectory("nudge-console-backtests-");
        }
        forgetOldest();
        String id = String.valueOf(ids.incrementAndGet());
        Run run = new Run(id, version, root.resolve("run-" + id));
        runs.put(id, run);
        worker.execute(() -> run(run, document));
        return Optional.of(run.status());
    }

    synchronized Optional<Status> status(String id) {
        return Optional.ofNullable(runs.get(id)).map(Run::status);
    }

    /** The {@code report.html} of a finished run. */
    synchronized Optional<Path> report(String id) {
        Run run = runs.get(id);
        return run == null || run.state != State.done
                ? Optional.empty()
                : Optional.of(run.dir.resolve(Backtest.REPORT));
    }

    /** Drops the oldest finished runs and their files, keeping room for one more. */
    private void forgetOldest() {
        while (runs.size() >= KEPT) {
            String oldest = runs.keySet().iterator().next();
            Run run = runs.remove(oldest);
            delete(run.dir);
        }
    }

    private void run(Run run, String document) {
        try {
            HistoryFormat format = format();
            BacktestInput input =
                    BacktestInput.of(history.file()).withFormat(format).withTempDir(root);
            BacktestSummary summary =
                    Backtest.run(
                            input,
                            "the edited document (version " + run.version + ")",
                            document,
                            settings,
                            run.dir,
                            Runtime.getRuntime().availableProcessors(),
                            progress -> run.progress = progress);
            if (summary.rows() > 0 && summary.events() == 0 && summary.afterUntil() == 0) {
                run.error = everyRowRefused(summary);
                run.state = State.failed;
                return;
            }
            run.markdown = new BacktestReport(summary).markdown();
            run.summary = summary;
            run.state = State.done;
        } catch (HistoryFormatException e) {
            run.error = Shown.clipped(String.valueOf(e.getMessage()), 500);
            run.state = State.failed;
        } catch (Exception | Error e) {
            LOG.warn("console: backtest {} failed", run.id, e);
            run.error =
                    "the backtest failed ("
                            + e.getClass().getSimpleName()
                            + "): "
                            + Shown.clipped(firstLine(e.getMessage()), 300)
                            + "; the console's log has the details";
            run.state = State.failed;
        }
    }

    /** The format the console was told, or the one the file looks like, else the first. */
    private HistoryFormat format() throws IOException {
        if (history.format().isPresent()) {
            return history.format().get();
        }
        FormatGuess guess = FormatGuess.of(history.file());
        return guess == null ? HistoryFormat.named(HistoryFormat.NAMES.get(0)) : guess.format();
    }

    private String everyRowRefused(BacktestSummary summary) {
        String reason =
                summary.deadLetters().entrySet().stream()
                        .max(Map.Entry.comparingByValue())
                        .map(Map.Entry::getKey)
                        .orElse("?");
        return String.format(
                "%s: every one of %,d rows was a dead letter (%s) when read as %s; start the"
                        + " console with the file's --history-format (one of %s)",
                summary.input(),
                summary.rows(),
                Shown.clipped(reason, 200),
                summary.format(),
                String.join(", ", HistoryFormat.NAMES));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no message";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(BacktestRuns::deleteQuietly);
        } catch (IOException e) {
            LOG.warn("console: could not delete {}", dir, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("console: could not delete {}", file, e);
        }
    }

    /** Stops a run still going, and deletes every run's files. */
    @Override
    public synchronized void close() {
        worker.shutdownNow();
        try {
            if (!worker.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("console: a backtest is still stopping; its files go with the JVM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        runs.clear();
        delete(root);
    }
}
