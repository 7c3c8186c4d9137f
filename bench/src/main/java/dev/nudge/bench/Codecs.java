package dev.nudge.bench;

import dev.nudge.config.PatternsConfig;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.job.JobSettings;
import dev.nudge.job.JobSettingsReader;
import dev.nudge.wire.ByteRecords;
import dev.nudge.wire.ProfileJson;
import dev.nudge.wire.TunedJackson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The hand-written readers and writers against the library that could replace them, each pair
 * measured in turns in one JVM (see {@link Interleaved}): the backtest's CSV reader against
 * Jackson's CSV parser on the real data sets' samples, the JSON byte writer against Jackson's
 * generator on the job's outputs, and the event parser against Jackson's token stream.
 */
@Command(
        name = "codecs",
        mixinStandardHelpOptions = true,
        description = "Measures the hand-written codecs against Jackson, in turns in one JVM.")
public final class Codecs implements Callable<Integer> {
    /** How long one run of a variant lasts: short runs, many rounds, for a shared machine. */
    private static final double RUN_SECONDS = 0.3;

    @Option(names = "--quick", description = "about two minutes: fewer rounds, fewer shoppers")
    boolean quick;

    @Option(names = "--rounds", description = "measured rounds (default 41; quick 15)")
    Integer rounds;

    @Option(names = "--sections", split = ",", description = "csv,json,parse (default: all)")
    List<String> sections;

    @Option(
            names = "--data",
            defaultValue = "../shared/data",
            description =
                    "the shared data sets' directory (taobao-userbehavior, rees46-multicategory)")
    Path data;

    @Option(names = "--seed", defaultValue = "42", description = "generator seed")
    long seed;

    @Option(
            names = "--out",
            description = "results file (default bench/results/<date>-codecs[-quick].md)")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Codecs()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        int measured = rounds != null ? rounds : quick ? 15 : 41;
        int warmups = quick ? 2 : 3;
        Set<String> run =
                new LinkedHashSet<>(sections != null ? sections : List.of("csv", "json", "parse"));
        Report report = new Report();
        report.heading(
                "Hand-written codecs against Jackson, "
                        + LocalDate.now()
                        + (quick ? " (quick)" : "")
                        + ": "
                        + Runtime.getRuntime().availableProcessors()
                        + " cores, Java "
                        + Runtime.version().feature()
                        + ", "
                        + measured
                        + " rounds after "
                        + warmups
                        + " to warm up");
        if (run.contains("csv")) {
            csv(report, measured, warmups);
        }
        if (run.contains("json") || run.contains("parse")) {
            Path patternsFile = Path.of("config/patterns.yaml");
            PatternsConfig config =
                    PatternsConfigReader.read(
                            Files.readString(patternsFile, StandardCharsets.UTF_8),
                            patternsFile.toString());
            JobSettings settings = JobSettingsReader.read(Path.of("config/job.yaml"));
            Dataset shoppers = Dataset.generate(quick ? 5_000 : 20_000, 14, seed);
            report.line("- generated: " + shoppers);
            if (run.contains("json")) {
                json(report, measured, warmups, shoppers, config, settings);
            }
            if (run.contains("parse")) {
                parse(report, measured, warmups, shoppers);
            }
        }
        Path file =
                out != null
                        ? out
                        : Path.of(
                                "bench/results/"
                                        + LocalDate.now()
                                        + "-codecs"
                                        + (quick ? "-quick" : "")
                                        + ".md");
        report.write(file);
        System.out.println("\nResults written to " + file);
        return 0;
    }

    private void csv(Report report, int measured, int warmups) throws Exception {
        CsvRows rows = new CsvRows(data);
        report.heading("CSV rows: CsvLine against Jackson CSV");
        report.line(
                String.format(
                        "%,d lines of %s, split into cells",
                        rows.rows(), String.join(", ", rows.files())));
        String difference = rows.firstDifference();
        report.line(
                difference == null
                        ? "- CsvLine and Jackson, a parser per line, read the same cells on every line."
                        : "- **the readers differ** on: " + difference);
        report.line("");
        List<Interleaved.Result> results =
                Interleaved.measure(
                        report,
                        List.of(
                                new Interleaved.Variant("CsvLine, per line", rows::csvLine),
                                new Interleaved.Variant(
                                        "Jackson CSV, a parser per line", rows::jacksonPerLine),
                                new Interleaved.Variant(
                                        "Jackson CSV, one parser per file (not line by line)",
                                        rows::jacksonPerFile),
                                new Interleaved.Variant(
                                        "for scale: the whole row as the backtest reads it"
                                                + " (CsvLine, the event, its JSON, the parser's"
                                                + " check)",
                                        rows::wholeRows)),
                        rows.rows(),
                        RUN_SECONDS,
                        warmups,
                        measured);
        Interleaved.table(report, "rows", results, measured);
    }

    private void json(
            Report report,
            int measured,
            int warmups,
            Dataset shoppers,
            PatternsConfig config,
            JobSettings settings)
            throws Exception {
        OutputJson outputs =
                new OutputJson(
                        shoppers,
                        config,
                        settings.journey(),
                        settings.watermarks().maxOutOfOrderness().toMillis());
        report.heading("JSON outputs: JsonBytes against Jackson's generator");
        report.line(
                String.format(
                        "%,d profile snapshots (every user at the end of the data), %,d actions and"
                                + " %,d decisions of the replay",
                        outputs.users.size(), outputs.actions.size(), outputs.decisions.size()));
        int differences = outputs.differences();
        report.line(
                differences == 0
                        ? "- every way wrote the same bytes for every record."
                        : "- **" + differences + " records written differently**");
        report.line("");
        ProfileJson bytes = new ProfileJson();
        TunedJackson snapshots = TunedJackson.forSnapshots();
        report.line("Profile snapshots:");
        report.line("");
        Interleaved.table(
                report,
                "snapshots",
                Interleaved.measure(
                        report,
                        List.of(
                                new Interleaved.Variant(
                                        "JsonBytes (ProfileJson)",
                                        () -> outputs.snapshotsByBytes(bytes)),
                                new Interleaved.Variant(
                                        "Jackson, tuned",
                                        () -> outputs.snapshotsByJackson(snapshots))),
                        outputs.users.size(),
                        RUN_SECONDS,
                        warmups,
                        measured),
                measured);
        TunedJackson records = TunedJackson.forRecords();
        ByteRecords byteRecords = new ByteRecords();
        report.line("Actions and decisions:");
        report.line("");
        Interleaved.table(
                report,
                "records",
                Interleaved.measure(
                        report,
                        List.of(
                                new Interleaved.Variant(
                                        "Jackson, a generator per record (Json)",
                                        outputs::recordsByJson),
                                new Interleaved.Variant(
                                        "Jackson, tuned", () -> outputs.recordsByJackson(records)),
                                new Interleaved.Variant(
                                        "JsonBytes", () -> outputs.recordsByBytes(byteRecords))),
                        outputs.actions.size() + outputs.decisions.size(),
                        RUN_SECONDS,
                        warmups,
                        measured),
                measured);
    }

    private void parse(Report report, int measured, int warmups, Dataset shoppers)
            throws Exception {
        ParseEvents events = new ParseEvents(shoppers);
        report.heading("Parsing user-events: EventParser against Jackson's token stream");
        Interleaved.table(
                report,
                "records",
                Interleaved.measure(
                        report,
                        List.of(
                                new Interleaved.Variant(
                                        "Jackson's tokens, nothing checked", events::tokens),
                                new Interleaved.Variant("EventParser", events::events)),
                        events.records(),
                        RUN_SECONDS,
                        warmups,
                        measured),
                measured);
    }
}
