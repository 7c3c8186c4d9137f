package dev.nudge.cli;

import dev.nudge.config.ConfigException;
import dev.nudge.config.Durations;
import dev.nudge.config.Shown;
import dev.nudge.job.JobSettings;
import dev.nudge.report.ExperimentTables;
import dev.nudge.report.Experiments;
import dev.nudge.report.TopicRange;
import dev.nudge.wire.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code report --from TIME}: which variant wins, from the live topics. Reads the committed
 * decisions, conversions and linked feedback of a time range and prints, per pattern and variant
 * with the pattern's holdout as its own row, what was sent and fed back and the goal conversions
 * per user, each variant against the holdout.
 */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        usageHelpWidth = 100,
        description = {
            "Reports what the running job did in a time range, per pattern and variant.",
            "Reads the job's committed decisions, conversions and feedback (engagement) records"
                    + " of the range from Kafka and prints, per pattern and variant with the"
                    + " pattern's holdout as its own row: decisions, sends, suppressions,"
                    + " delivered/open/click rates, goal conversions and revenue, and per user"
                    + " each variant's uplift against the holdout with a 95%% confidence interval."
                    + " Decisions are in the range by triggeredAt, conversions by decidedAt. Reads"
                    + " up to the end of each topic as it is when it starts.",
            "Keeps every user id of the range (about "
                    + Experiments.BYTES_PER_ENTRY
                    + " bytes each): see --max-entries.",
            "Exit 0 with the report; 2 for a wrong option; 1 when Kafka cannot be read."
        })
final class ReportCommand implements Callable<Integer> {
    static final long DEFAULT_MAX_ENTRIES = 2_000_000;

    @Spec CommandSpec spec;

    @Option(
            names = "--from",
            required = true,
            paramLabel = "TIME",
            description = "start of the range, an ISO-8601 instant or a date (its start, UTC)")
    String from;

    @Option(
            names = "--until",
            paramLabel = "TIME",
            description = "end of the range, excluded, in the same forms (default: now)")
    String until;

    @Mixin KafkaReading kafka;

    @Option(names = "--out", paramLabel = "FILE", description = "also write the report there")
    Path out;

    @Option(
            names = "--max-entries",
            paramLabel = "N",
            defaultValue = "" + DEFAULT_MAX_ENTRIES,
            description =
                    "at most this many user and action ids kept (default: ${DEFAULT-VALUE}, about"
                            + " 300 MB of heap); a range that needs more stops with a message")
    long maxEntries;

    @Option(
            names = "--timeout",
            defaultValue = "30s",
            description = "how long to wait for Kafka's answers (default: ${DEFAULT-VALUE})")
    String timeout;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Instant start = BacktestCommand.instantOrDate(from);
        if (start == null) {
            err.println("--from " + from + ": " + NOT_A_TIME);
            return 2;
        }
        Instant end = until == null ? Instant.now() : BacktestCommand.instantOrDate(until);
        if (end == null) {
            err.println("--until " + until + ": " + NOT_A_TIME);
            return 2;
        }
        if (!start.isBefore(end)) {
            err.printf(
                    "--from %s is not before --until %s: the range is empty%n",
                    Json.time(start.toEpochMilli()), Json.time(end.toEpochMilli()));
            return 2;
        }
        Duration patience = Durations.parseOrNull(timeout);
        if (patience == null || patience.isZero()) {
            err.printf("--timeout %s: not %s%n", timeout, Durations.EXPECTED);
            return 2;
        }
        if (maxEntries < 1) {
            err.println("--max-entries " + maxEntries + ": expected at least 1");
            return 2;
        }
        JobSettings settings;
        Properties client;
        try {
            settings = kafka.settings();
            client = kafka.consumer(settings);
        } catch (ConfigException | IOException e) {
            err.println(e.getMessage());
            return 1;
        }
        String servers = client.getProperty("bootstrap.servers");
        // A record's Kafka timestamp is when the job wrote it, at or after the time it is about,
        // except for events ahead of the clock, at most events.maxFutureSkew ahead: seek that much
        // earlier and filter by the records' own times.
        long seek = start.toEpochMilli() - settings.events().maxFutureSkew().toMillis();
        Experiments count =
                Experiments.between(start.toEpochMilli(), end.toEpochMilli(), maxEntries);
        String reading = settings.topics().decisions();
        String field = "topics.decisions in --job";
        try {
            read(client, reading, seek, patience, count::decision);
            reading = settings.topics().conversions();
            field = "topics.conversions in --job";
            read(client, reading, seek, patience, count::conversion);
            reading = settings.topics().engagement();
            field = "topics.engagement in --job";
            read(client, reading, seek, patience, count::engagement);
        } catch (TopicRange.MissingTopic e) {
            err.printf("No topic %s at %s: is %s right?%n", reading, servers, field);
            return 1;
        } catch (Experiments.TooLarge e) {
            err.printf(
                    "--max-entries %d: %s; narrow --from/--until, or raise --max-entries and the"
                            + " heap (-Xmx)%n",
                    maxEntries, e.getMessage());
            return 1;
        } catch (KafkaException e) {
            // An unreachable broker, a refused login, a missing permission: one line.
            err.printf(
                    "Kafka at %s, reading %s: %s (are --bootstrap or kafka.bootstrapServers in"
                            + " --job, and the security settings, right?)%n",
                    servers, reading, Shown.clipped(String.valueOf(e.getMessage()), 300));
            return 1;
        }
        String markdown = markdown(settings, servers, start, end, count.result());
        PrintWriter console = spec.commandLine().getOut();
        console.print(markdown);
        if (out != null) {
            try {
                Files.writeString(out, markdown, StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("--out " + out + ": cannot write it: " + e.getMessage());
                return 1;
            }
            console.println();
            console.println("Report: " + out);
        }
        console.flush();
        return 0;
    }

    private static final String NOT_A_TIME =
            "not a time; expected an ISO-8601 instant such as 2026-11-01T00:00:00Z or a date such"
                    + " as 2026-11-01 (its start, UTC)";

    private static void read(
            Properties client, String topic, long seek, Duration patience, Consumer<byte[]> each)
            throws TopicRange.MissingTopic {
        TopicRange.read(client, topic, seek, patience, each);
    }

    private String markdown(
            JobSettings settings,
            String servers,
            Instant start,
            Instant end,
            Experiments.Result result) {
        StringBuilder md = new StringBuilder();
        md.append("# Report from ")
                .append(Json.time(start.toEpochMilli()))
                .append(" to ")
                .append(Json.time(end.toEpochMilli()))
                .append("\n\n");
        List<String> facts = new ArrayList<>();
        facts.add(
                format(
                        "Read from %s, committed records only: %s, %s and %s, each to its end when"
                                + " the report began",
                        servers,
                        settings.topics().decisions(),
                        settings.topics().conversions(),
                        settings.topics().engagement()));
        facts.add(
                format(
                        "Decisions triggered in the range: %,d; conversions decided in it: %,d"
                                + " (%,d of users without a decision of their row in the range,"
                                + " not counted); feedback records: %,d (%,d of actions not sent"
                                + " in the range, not counted)",
                        result.decisions(),
                        result.conversions(),
                        result.conversionsOutside(),
                        result.feedback(),
                        result.feedbackUnlinked()));
        if (result.decisionsOfFlows() > 0 || result.conversionsOfFlows() > 0) {
            facts.add(
                    format(
                            "Of flows, in no row of a pattern: %,d decisions (their sends, and"
                                    + " the matches that entered users in them), %,d conversions",
                            result.decisionsOfFlows(), result.conversionsOfFlows()));
        }
        if (result.unreadable() > 0) {
            facts.add(
                    format(
                            "Unreadable records (not JSON, or a field missing): %,d",
                            result.unreadable()));
        }
        facts.forEach(fact -> md.append("- ").append(fact).append('\n'));
        ExperimentTables.appendMarkdown(md, result, ExperimentTables.Mode.LIVE);
        return md.toString();
    }

    private static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
