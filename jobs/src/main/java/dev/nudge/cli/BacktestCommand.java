package dev.nudge.cli;

import dev.nudge.backtest.Backtest;
import dev.nudge.backtest.BacktestInput;
import dev.nudge.backtest.BacktestReport;
import dev.nudge.backtest.BacktestSummary;
import dev.nudge.backtest.FormatGuess;
import dev.nudge.backtest.HistoryFormat;
import dev.nudge.backtest.HistoryFormatException;
import dev.nudge.backtest.SortLimits;
import dev.nudge.config.ConfigException;
import dev.nudge.job.JobSettings;
import dev.nudge.job.JobSettingsReader;
import dev.nudge.validate.PatternsValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code backtest}: the production topology over a history file, in event time. */
@Command(
        name = "backtest",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        usageHelpWidth = 100,
        description = {
            "Runs the job's topology over a history of events in event time and writes what it"
                    + " would have done.",
            "Result files in --out: actions.jsonl, decisions.jsonl, conversions.jsonl,"
                    + " engagement.jsonl, dead-letters.jsonl, flows.jsonl (each step of a user"
                    + " through a flow: entered, reached, timed out, exited by its goal, completed,"
                    + " left), predictions.jsonl (each purchase that began an occasion, with the"
                    + " prediction before it), open-episodes.jsonl (episodes still open and"
                    + " moments still held when the clock stopped), profiles.jsonl (each user's"
                    + " profile then, as on user-profiles), and a report: summary.md (also"
                    + " printed) and report.html, a page with charts that needs no network.",
            "The history may be in any order and larger than memory: it is sorted by event time"
                    + " in chunks on disk first. The clock stops at the last event's time, or at"
                    + " --until. Progress goes to standard error every few seconds.",
            "Exit 0 with the results; 2 for a wrong option; 1 when the history or the"
                    + " configuration cannot be read, or when every row of the history was a dead"
                    + " letter."
        })
final class BacktestCommand implements Callable<Integer> {
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

    @Spec CommandSpec spec;

    @Option(names = "--input", required = true, description = "the history file")
    Path input;

    @Option(names = "--patterns", required = true, description = "the patterns.yaml to try")
    Path patterns;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description =
                    "a new or empty directory for the results (created when it does not exist)")
    Path out;

    @Option(
            names = "--force",
            description =
                    "write into an --out directory that already holds files, replacing its result"
                            + " files")
    boolean force;

    @Option(
            names = "--job",
            description = "job.yaml for watermark, dedup and state settings (default: built in)")
    Path job;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            converter = FormatConverter.class,
            completionCandidates = FormatNames.class,
            description =
                    "one of ${COMPLETION-CANDIDATES} (default: detected from the first line, else"
                            + " jsonl): user-events JSON lines, the Taobao UserBehavior CSV, the"
                            + " REES46 e-commerce behaviour CSV, Instacart's orders.csv (purchases"
                            + " on a made-up calendar)")
    HistoryFormat format;

    @Option(
            names = "--chunk-events",
            defaultValue = "" + SortLimits.DEFAULT_CHUNK_EVENTS,
            paramLabel = "N",
            description = "events sorted in memory at a time (default: ${DEFAULT-VALUE})")
    int chunkEvents;

    @Option(
            names = "--chunk-mb",
            paramLabel = "MB",
            description =
                    "at most this many MB of events sorted in memory at a time (default: "
                            + (SortLimits.DEFAULT_CHUNK_BYTES >> 20)
                            + ","
                            + " or a quarter of the heap if that is less)")
    Integer chunkMegabytes;

    @Option(
            names = "--temp-dir",
            paramLabel = "DIR",
            description =
                    "where the sorted events and the sort's runs are kept during the run, about"
                            + " twice the size of the events (default: the system temp dir)")
    Path tempDir;

    @Option(
            names = "--until",
            paramLabel = "TIME",
            description =
                    "stop the clock at TIME, an ISO-8601 instant (2019-12-01T00:00:00Z) or a date"
                            + " (2019-12-01: its start, UTC); events after it are ignored and"
                            + " counted (default: the last event's time)")
    String until;

    @Option(
            names = "--parallelism",
            description = "local parallelism (default: the number of processors)")
    Integer parallelism;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(input)) {
            err.println("--input " + input + ": no such file");
            return 2;
        }
        if (chunkEvents < 1 || (chunkMegabytes != null && chunkMegabytes < 1)) {
            err.println("--chunk-events and --chunk-mb must be at least 1");
            return 2;
        }
        Instant stop = until == null ? null : instantOrDate(until);
        if (until != null && stop == null) {
            err.println(
                    "--until "
                            + until
                            + ": not a time; expected an ISO-8601 instant such as"
                            + " 2019-12-01T00:00:00Z or a date such as 2019-12-01 (its start, UTC)");
            return 2;
        }
        String refused = refusedOut(out, force);
        if (refused != null) {
            err.println(refused);
            return 2;
        }
        String document;
        JobSettings settings;
        try {
            document = ValidateCommand.readText(patterns);
            PatternsValidator.validated(document, patterns.toString());
            settings = job == null ? Defaults.jobSettings() : JobSettingsReader.read(job);
        } catch (ConfigException | IOException e) {
            err.println(e.getMessage());
            return 1;
        }
        FormatGuess guess = FormatGuess.of(input);
        HistoryFormat read = format;
        if (read == null) {
            read = guess == null ? HistoryFormat.named(HistoryFormat.NAMES.get(0)) : guess.format();
            if (guess != null) {
                err.printf(
                        "%s looks like %s: reading it as --format %s%n",
                        input, guess.looksLike(), read.name());
            }
        }
        int workers =
                parallelism == null ? Runtime.getRuntime().availableProcessors() : parallelism;
        long started = System.nanoTime();
        BacktestSummary summary;
        try {
            summary =
                    Backtest.run(
                            history(read, stop),
                            patterns.toString(),
                            document,
                            settings,
                            out,
                            workers,
                            new ProgressPrinter(err, PROGRESS_INTERVAL, System::nanoTime));
        } catch (HistoryFormatException e) {
            err.println(e.getMessage());
            return 1;
        }
        if (summary.rows() > 0 && summary.events() == 0 && summary.afterUntil() == 0) {
            err.println(everyRowRefused(summary, read, guess, out));
            return 1;
        }
        PrintWriter console = spec.commandLine().getOut();
        console.print(new BacktestReport(summary).markdown());
        console.printf("%nResults in %s (%.1f s)%n", out, (System.nanoTime() - started) / 1e9);
        console.printf(
                "Report: %s and %s%n", out.resolve(Backtest.SUMMARY), out.resolve(Backtest.REPORT));
        return 0;
    }

    /**
     * Why {@code out} cannot take the results, or {@code null}: a file is not a directory, and a
     * directory that holds files may hold the results of another run, which are replaced only when
     * asked to.
     */
    static String refusedOut(Path out, boolean force) throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            return "--out " + out + ": is a file; give a directory for the results";
        }
        if (force || !Files.isDirectory(out)) {
            return null;
        }
        try (var entries = Files.list(out)) {
            return entries.findAny().isEmpty()
                    ? null
                    : "--out "
                            + out
                            + ": the directory already holds files; give a new directory, or"
                            + " --force to replace its result files";
        }
    }

    /**
     * A history of which every row was refused ran without error, and its empty results say
     * nothing: one line with the commonest reason and, when the first line looks like another
     * format, that format.
     */
    static String everyRowRefused(
            BacktestSummary summary, HistoryFormat read, FormatGuess guess, Path out) {
        String reason =
                summary.deadLetters().entrySet().stream()
                        .max(Map.Entry.comparingByValue())
                        .map(Map.Entry::getKey)
                        .orElse("?");
        String fix =
                guess != null && !guess.format().name().equals(read.name())
                        ? "the file looks like "
                                + guess.looksLike()
                                + ": give --format "
                                + guess.format().name()
                        : "read as --format "
                                + read.name()
                                + "; see "
                                + out.resolve(Backtest.DEAD_LETTERS)
                                + " for each row's reason, or give the --format of the file (one"
                                + " of "
                                + String.join(", ", HistoryFormat.NAMES)
                                + ")";
        return String.format(
                "%s: every one of %,d rows was a dead letter (%s); %s",
                summary.input(), summary.rows(), reason, fix);
    }

    private BacktestInput history(HistoryFormat format, Instant stop) {
        SortLimits sort = SortLimits.defaults().withChunkEvents(chunkEvents);
        if (chunkMegabytes != null) {
            sort = sort.withChunkBytes((long) chunkMegabytes << 20);
        }
        BacktestInput history = BacktestInput.of(input).withFormat(format).withSort(sort);
        if (stop != null) {
            history = history.withUntil(stop.toEpochMilli());
        }
        return tempDir == null ? history : history.withTempDir(tempDir);
    }

    /**
     * {@code --until TEXT}: an ISO-8601 instant ({@code 2019-12-01T00:00:00Z}, or with an offset),
     * or a date ({@code 2019-12-01}), which means its start in UTC; {@code null} for anything else,
     * a time beyond epoch milliseconds too.
     */
    static Instant instantOrDate(String text) {
        Instant instant;
        try {
            instant = Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                instant = LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
        try {
            // The end of time means "no stop" to the journey: a stop is before it.
            return instant.toEpochMilli() < Long.MAX_VALUE ? instant : null;
        } catch (ArithmeticException beyondMillis) {
            return null;
        }
    }

    /** {@code --format NAME} to the format of that name. */
    static final class FormatConverter implements ITypeConverter<HistoryFormat> {
        @Override
        public HistoryFormat convert(String name) {
            HistoryFormat format = HistoryFormat.named(name);
            if (format == null) {
                throw new TypeConversionException(
                        "'" + name + "' is not a format; expected one of " + HistoryFormat.NAMES);
            }
            return format;
        }
    }

    /** The names {@code --format} accepts, for help and shell completion. */
    static final class FormatNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return HistoryFormat.NAMES.iterator();
        }
    }
}
