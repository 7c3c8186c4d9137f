package dev.nudge.cli;

import dev.nudge.config.ConfigException;
import dev.nudge.config.Durations;
import dev.nudge.config.Shown;
import dev.nudge.job.JobSettings;
import dev.nudge.tail.RecordKind;
import dev.nudge.tail.RecordLines;
import dev.nudge.tail.TailedTopic;
import dev.nudge.tail.TopicTail;
import dev.nudge.tail.TopicTail.Start;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tail [TOPIC]}: the job's committed records as a sender sees them, readable or as JSON
 * lines. The reference consumer of {@code marketing-actions}: what it prints is exactly what a
 * sender reading committed records receives, so it is where a sender's behaviour is checked
 * against.
 */
@Command(
        name = "tail",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        usageHelpWidth = 100,
        description = {
            "Prints the committed records of one of the job's topics, as a sender receives them.",
            "Reads records of committed transactions only (isolation.level=read_committed), never"
                    + " one of an aborted or open one. TOPIC is a short name - actions (the"
                    + " default), decisions, conversions, engagement, profiles, dead-letters, acks"
                    + " - for the topic as --job (or the built-in job.yaml) names it, or a topic's"
                    + " full name.",
            "Starts at the end of the topic, or as --from-beginning or --from say; stops at the"
                    + " end the topic had when it started, or with --follow goes on until Ctrl-C."
                    + " One line per record: readable, with labelled fields, or with --json the"
                    + " record's value as JSON and nothing else on standard output.",
            "Without --group it joins no consumer group and commits nothing; with --group it"
                    + " reads in that group and commits what it printed, so that a reader started"
                    + " again goes on after the last record it printed.",
            "Exit 0 at the end or after --max records (Ctrl-C: 130, as for any command); 2 for a"
                    + " wrong option or topic name; 1 when Kafka cannot be read."
        })
final class TailCommand implements Callable<Integer> {
    /**
     * How often reading once, without a group, checks whether standard output was closed (the
     * reader of a pipe left); following or in a group, every record is checked.
     */
    private static final int CHECK_OUTPUT_EVERY = 1000;

    @Spec CommandSpec spec;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "TOPIC",
            description = "a short name or a full topic name (default: actions)")
    String topicArgument;

    @Option(names = "--topic", paramLabel = "NAME", description = "the same as TOPIC")
    String topicOption;

    @Mixin KafkaReading kafka;

    @Option(
            names = "--from-beginning",
            description = "start at the first record each partition still has")
    boolean fromBeginning;

    @Option(
            names = "--from",
            paramLabel = "TIME",
            description =
                    "start at the first record written at or after TIME: an ISO-8601 instant, a"
                            + " date (its start, UTC) or a duration back from now such as 30m")
    String from;

    @Option(
            names = {"--follow", "-f"},
            description = "keep reading and printing new records until Ctrl-C")
    boolean follow;

    @Option(names = "--max", paramLabel = "N", description = "stop after N records")
    String max;

    @Option(names = "--json", description = "print each record's value as one line of JSON")
    boolean json;

    @Option(
            names = "--group",
            paramLabel = "ID",
            description =
                    "read in this consumer group and commit what was printed; a start option then"
                            + " applies only where the group has no committed offset")
    String group;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "30s",
            description = "how long to wait for Kafka's answers (default: ${DEFAULT-VALUE})")
    String timeout;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (topicArgument != null && topicOption != null && !topicArgument.equals(topicOption)) {
            err.printf(
                    "TOPIC %s and --topic %s: name the topic once, either way%n",
                    topicArgument, topicOption);
            return 2;
        }
        String given = topicArgument != null ? topicArgument : topicOption;
        if (given != null && given.isBlank()) {
            err.println("TOPIC: empty; expected one of " + RecordKind.shortNames() + " or a topic");
            return 2;
        }
        if (fromBeginning && from != null) {
            err.printf("--from-beginning and --from %s: give one start, not both%n", from);
            return 2;
        }
        Start start = start();
        if (start == null) {
            err.println("--from " + from + ": " + NOT_A_START);
            return 2;
        }
        long limit = Long.MAX_VALUE;
        if (max != null) {
            limit = positive(max);
            if (limit < 1) {
                err.println("--max " + max + ": expected a whole number of records, at least 1");
                return 2;
            }
        }
        Duration patience = Durations.parseOrNull(timeout);
        if (patience == null || patience.isZero()) {
            err.printf("--timeout %s: not %s%n", timeout, Durations.EXPECTED);
            return 2;
        }
        if (group != null && group.isBlank()) {
            err.println("--group: empty; expected a consumer group id, such as push-sender");
            return 2;
        }
        JobSettings settings;
        try {
            settings = kafka.settings();
        } catch (ConfigException | IOException e) {
            err.println(e.getMessage());
            return 1;
        }
        Properties client;
        try {
            client = kafka.consumer(settings);
        } catch (IOException e) {
            err.printf(
                    "--command-config %s: cannot read it (%s); give a readable properties file%n",
                    kafka.clientConfig, e.getMessage());
            return 1;
        }
        TailedTopic topic = TailedTopic.of(given, settings.topics());
        TopicTail tail =
                new TopicTail(
                        client,
                        new TopicTail.Options(topic.name(), start, follow, limit, group, patience));
        return read(topic, tail, client.getProperty("bootstrap.servers"), start);
    }

    private int read(TailedTopic topic, TopicTail tail, String servers, Start start) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CountDownLatch finished = new CountDownLatch(1);
        Thread onCtrlC =
                new Thread(
                        () -> {
                            // Ctrl-C: stop reading, and let the consumer close before the JVM
                            // ends.
                            tail.stop();
                            try {
                                finished.await(10, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "nudge-tail-stop");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            if (follow) {
                err.printf(
                        "Following %s at %s, committed records only; Ctrl-C to stop.%n",
                        topic.name(), servers);
                err.flush();
            }
            long printed = tail.run(record -> print(topic, record, out, err));
            out.flush();
            if (printed == 0 && start instanceof Start.AtEnd && !follow && group == null) {
                err.printf(
                        "Nothing new on %s: tail starts at its end; add --from-beginning,"
                                + " --from TIME or --follow%n",
                        topic.name());
            }
            return 0;
        } catch (TopicTail.MissingTopic e) {
            out.flush();
            if (topic.setting() == null) {
                err.printf(
                        "No topic %s at %s: TOPIC is one of %s, or the full name of a topic"
                                + " there%n",
                        topic.name(), servers, RecordKind.shortNames());
                return 2;
            }
            err.printf(
                    "No topic %s at %s: %s%n",
                    topic.name(),
                    servers,
                    kafka.job == null
                            ? "give --job with its "
                                    + topic.setting()
                                    + ", or TOPIC as the topic's full name"
                            : "is " + topic.setting() + " in --job right?");
            return 1;
        } catch (KafkaException e) {
            // An unreachable broker, a refused login, a missing permission: one line.
            out.flush();
            err.printf(
                    "Kafka at %s, reading %s: %s (are --bootstrap or kafka.bootstrapServers in"
                            + " --job, and the security settings, right?)%n",
                    servers, topic.name(), Shown.clipped(String.valueOf(e.getMessage()), 300));
            return 1;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running, and waits for the countdown above.
            }
        }
    }

    /** Records printed so far, for checking the output every so many. */
    private long lines;

    /** Prints the record; false when standard output is closed (the reader of a pipe left). */
    private boolean print(
            TailedTopic topic,
            ConsumerRecord<byte[], byte[]> record,
            PrintWriter out,
            PrintWriter err) {
        if (json) {
            Optional<String> line = RecordLines.json(topic.kind(), record);
            if (line.isPresent()) {
                out.println(line.get());
            } else {
                err.printf(
                        "%s partition %d offset %d: its value is not JSON, left out%n",
                        record.topic(), record.partition(), record.offset());
            }
        } else {
            out.println(RecordLines.readable(topic.kind(), record));
        }
        lines++;
        if (follow || group != null || lines % CHECK_OUTPUT_EVERY == 0) {
            // checkError flushes: a follower shows each record at once, and a group commits
            // only what reached the output. The command's writer wraps System.out, a PrintStream
            // that keeps a write's failure to itself: ask it too.
            return !(out.checkError() || System.out.checkError());
        }
        return true;
    }

    private Start start() {
        if (fromBeginning) {
            return new Start.AtBeginning();
        }
        if (from == null) {
            return new Start.AtEnd();
        }
        Instant time = BacktestCommand.instantOrDate(from);
        if (time != null) {
            return new Start.AtTime(time.toEpochMilli());
        }
        Duration ago = Durations.parseOrNull(from);
        return ago == null ? null : new Start.AtTime(Instant.now().minus(ago).toEpochMilli());
    }

    private static long positive(String text) {
        try {
            return Long.parseLong(text.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static final String NOT_A_START =
            "not a time; expected an ISO-8601 instant such as 2026-11-01T00:00:00Z, a date such as"
                    + " 2026-11-01 (its start, UTC) or a duration back from now such as 30m or 2h";
}
