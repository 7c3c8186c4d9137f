package dev.nudge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.demo.EmbeddedKafka;
import dev.nudge.event.Channel;
import dev.nudge.pattern.ActionParams;
import dev.nudge.policy.Action;
import dev.nudge.testing.Cli;
import dev.nudge.wire.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tail} against a real broker: actions written as the job writes them, in transactions of
 * which some are committed, some aborted and one left open; each test on topics of its own.
 */
class TailCommandIT {
    private static final String SUFFIX = Long.toString(System.nanoTime());
    private static final Instant NOW = Instant.now();

    private static EmbeddedKafka kafka;
    private static final AtomicInteger producers = new AtomicInteger();

    @TempDir Path dir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void printsExactlyTheCommittedActionsReadableAndAsJson() throws Exception {
        String topic = actionsTopic("committed", 2);
        Path job = job(topic);
        List<Action> committed =
                List.of(action("c-1", "u-1"), action("c-2", "u-2"), action("c-3", "u-3"));
        List<Action> aborted = List.of(action("a-1", "u-1"), action("a-2", "u-4"));
        try (KafkaProducer<byte[], byte[]> producer = transactional()) {
            commit(producer, topic, committed);
            abort(producer, topic, aborted);
        }

        Cli readable = Cli.run("tail", "--job", job.toString(), "--from-beginning");
        Cli json =
                Cli.run("tail", "actions", "--job", job.toString(), "--from-beginning", "--json");

        assertThat(readable.err).isEmpty();
        assertThat(readable.exitCode).isZero();
        assertThat(readable.out.lines())
                .hasSize(3)
                .allMatch(line -> !line.contains("actionId=a-"))
                .contains(
                        "sendAt=2026-11-01T00:39:06.307Z channel=PUSH user=u-1"
                                + " template=cart_rescue_push_v1 offer=FREE_SHIPPING"
                                + " pattern=cart-abandonment flow=cart-rescue/push actionId=c-1"
                                + " expiresAt=2026-11-01T12:39:06.307Z"
                                + " params={items:[i1,i2],category:c7}");
        assertThat(readable.out.lines().map(line -> line.replaceAll(".* actionId=(\\S+) .*", "$1")))
                .containsExactlyInAnyOrder("c-1", "c-2", "c-3");
        assertThat(json.err).isEmpty();
        assertThat(json.exitCode).isZero();
        assertThat(json.out.lines())
                .as("each committed value, exactly as written, and nothing else")
                .containsExactlyInAnyOrderElementsOf(
                        committed.stream()
                                .map(a -> new String(Json.action(a), StandardCharsets.UTF_8))
                                .toList());
    }

    @Test
    void readingOnceStopsAtTheEndOfTheStartWithATransactionStillOpen() throws Exception {
        String topic = actionsTopic("open", 1);
        try (KafkaProducer<byte[], byte[]> producer = transactional()) {
            commit(producer, topic, List.of(action("c-1", "u-1")));
            producer.beginTransaction();
            producer.send(record(topic, action("open-1", "u-2"), NOW));
            producer.flush();

            Cli cli =
                    Cli.run(
                            "tail",
                            "--job",
                            job(topic).toString(),
                            "--from-beginning",
                            "--timeout",
                            "10s");

            assertThat(cli.exitCode).isZero();
            assertThat(cli.out.lines()).singleElement().asString().contains("actionId=c-1");
            producer.abortTransaction();
        }
    }

    @Test
    void fromATimeStartsAtTheFirstRecordWrittenThen() throws Exception {
        String topic = actionsTopic("from", 2);
        Instant twoDaysAgo = NOW.minus(Duration.ofDays(2));
        Instant anHourAgo = NOW.minus(Duration.ofHours(1));
        try (KafkaProducer<byte[], byte[]> producer = transactional()) {
            producer.beginTransaction();
            producer.send(record(topic, action("old-1", "u-1"), twoDaysAgo));
            producer.send(record(topic, action("old-2", "u-2"), twoDaysAgo));
            producer.send(record(topic, action("new-1", "u-1"), anHourAgo));
            producer.send(record(topic, action("new-2", "u-2"), anHourAgo));
            producer.commitTransaction();
        }

        String job = job(topic).toString();
        Cli since =
                Cli.run("tail", "--job", job, "--from", NOW.minus(Duration.ofDays(1)).toString());
        Cli back = Cli.run("tail", "--job", job, "--from", "3h");

        assertThat(since.exitCode).isZero();
        assertThat(since.out.lines().map(TailCommandIT::actionId))
                .containsExactlyInAnyOrder("new-1", "new-2");
        assertThat(back.out.lines().map(TailCommandIT::actionId))
                .containsExactlyInAnyOrder("new-1", "new-2");
    }

    @Test
    void maxStopsAfterThatManyRecordsAndAGroupResumesAfterWhatItPrinted() throws Exception {
        String topic = actionsTopic("max", 1);
        try (KafkaProducer<byte[], byte[]> producer = transactional()) {
            commit(
                    producer,
                    topic,
                    List.of(action("c-1", "u-1"), action("c-2", "u-1"), action("c-3", "u-1")));
        }
        String[] common = {"tail", "--job", job(topic).toString()};

        Cli two = Cli.run(concat(common, "--from-beginning", "--max", "2"));
        Cli first =
                Cli.run(
                        concat(
                                common,
                                "--group",
                                "sender-" + SUFFIX,
                                "--from-beginning",
                                "--max",
                                "1"));
        Cli rest = Cli.run(concat(common, "--group", "sender-" + SUFFIX));

        assertThat(two.exitCode).isZero();
        assertThat(two.out.lines().map(TailCommandIT::actionId)).containsExactly("c-1", "c-2");
        assertThat(first.out.lines().map(TailCommandIT::actionId)).containsExactly("c-1");
        assertThat(rest.exitCode).isZero();
        assertThat(rest.out.lines().map(TailCommandIT::actionId))
                .as("the group committed what it printed, and goes on after it")
                .containsExactly("c-2", "c-3");
    }

    @Test
    void followingPicksUpARecordCommittedAfterItStartedAndStopsCleanly() throws Exception {
        String topic = actionsTopic("follow", 1);
        Path job = job(topic);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger exitCode = new AtomicInteger(-1);
        try (KafkaProducer<byte[], byte[]> producer = transactional()) {
            commit(producer, topic, List.of(action("before", "u-1")));
            Thread tail =
                    new Thread(
                            () ->
                                    exitCode.set(
                                            new CommandLine(new NudgeCli())
                                                    .setOut(new PrintWriter(out, true))
                                                    .setErr(new PrintWriter(err, true))
                                                    .execute(
                                                            "tail",
                                                            "--job",
                                                            job.toString(),
                                                            "--from-beginning",
                                                            "--follow",
                                                            "--json")),
                            "tail-it-follow");
            tail.start();
            try {
                awaitOutput(out, text -> text.contains("\"actionId\":\"before\""));

                abort(producer, topic, List.of(action("aborted", "u-1")));
                commit(producer, topic, List.of(action("after", "u-1")));
                awaitOutput(out, text -> text.contains("\"actionId\":\"after\""));
            } finally {
                tail.interrupt();
                tail.join(Duration.ofSeconds(30).toMillis());
            }
            assertThat(tail.isAlive()).as("tail stopped").isFalse();
        }

        assertThat(exitCode.get()).isZero();
        assertThat(out.toString().lines().map(TailCommandIT::jsonActionId))
                .containsExactly("before", "after");
        assertThat(err.toString().strip())
                .isEqualTo(
                        "Following "
                                + topic
                                + " at "
                                + kafka.bootstrapServers()
                                + ", committed records only; Ctrl-C to stop.");
    }

    @Test
    void aTopicThatDoesNotExistIsOneLineNamingTheFix() throws Exception {
        Path job = job("tail-it-missing-" + SUFFIX);

        Cli named = Cli.run("tail", "--job", job.toString(), "--timeout", "10s");
        Cli unknown =
                Cli.run(
                        "tail",
                        "actons",
                        "--bootstrap",
                        kafka.bootstrapServers(),
                        "--timeout",
                        "10s");

        assertThat(named.exitCode).isEqualTo(1);
        assertThat(named.err.strip())
                .isEqualTo(
                        "No topic tail-it-missing-"
                                + SUFFIX
                                + " at "
                                + kafka.bootstrapServers()
                                + ": is topics.actions in --job right?");
        assertThat(unknown.exitCode).isEqualTo(2);
        assertThat(unknown.err.strip())
                .isEqualTo(
                        "No topic actons at "
                                + kafka.bootstrapServers()
                                + ": TOPIC is one of actions, decisions, conversions, engagement,"
                                + " profiles, dead-letters, acks, or the full name of a topic"
                                + " there");
    }

    private static String actionsTopic(String test, int partitions) {
        String topic = "tail-it-" + test + "-" + SUFFIX;
        kafka.createTopics(Map.of(topic, partitions));
        return topic;
    }

    private Path job(String actionsTopic) throws Exception {
        Path job = dir.resolve("job.yaml");
        Files.writeString(
                job,
                "kafka: {bootstrapServers: \""
                        + kafka.bootstrapServers()
                        + "\"}\ntopics: {actions: "
                        + actionsTopic
                        + "}\n");
        return job;
    }

    /** An action as a flow's first step sends it, due at 2026-11-01T00:39:06.307Z. */
    private static Action action(String actionId, String user) {
        long sendAt = Instant.parse("2026-11-01T00:39:06.307Z").toEpochMilli();
        return new Action(
                actionId,
                user,
                "cart-abandonment",
                null,
                "2026-11-24.1",
                Channel.PUSH,
                "cart_rescue_push_v1",
                new ActionParams(List.of("i1", "i2"), "c7", null, "FREE_SHIPPING", null),
                "FREE_SHIPPING",
                80,
                sendAt,
                sendAt,
                sendAt + Duration.ofHours(12).toMillis(),
                "left 2 items in the cart",
                List.of("e1"),
                "cart-rescue",
                "push");
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, Action action, Instant at) {
        return new ProducerRecord<>(
                topic,
                null,
                at.toEpochMilli(),
                action.userId().getBytes(StandardCharsets.UTF_8),
                Json.action(action));
    }

    private static KafkaProducer<byte[], byte[]> transactional() {
        KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        Map.of(
                                "bootstrap.servers",
                                kafka.bootstrapServers(),
                                "transactional.id",
                                "tail-it-" + SUFFIX + "-" + producers.incrementAndGet(),
                                "enable.idempotence",
                                "true",
                                "acks",
                                "all"),
                        new ByteArraySerializer(),
                        new ByteArraySerializer());
        producer.initTransactions();
        return producer;
    }

    private static void commit(
            KafkaProducer<byte[], byte[]> producer, String topic, List<Action> actions) {
        producer.beginTransaction();
        actions.forEach(a -> producer.send(record(topic, a, NOW)));
        producer.commitTransaction();
    }

    private static void abort(
            KafkaProducer<byte[], byte[]> producer, String topic, List<Action> actions) {
        producer.beginTransaction();
        actions.forEach(a -> producer.send(record(topic, a, NOW)));
        producer.flush();
        producer.abortTransaction();
    }

    private static void awaitOutput(StringWriter out, Predicate<String> seen)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!seen.test(out.toString())) {
            assertThat(System.nanoTime()).as("output so far: %s", out).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static String actionId(String readableLine) {
        return readableLine.replaceAll(".* actionId=(\\S+) .*", "$1");
    }

    private static String jsonActionId(String jsonLine) {
        return jsonLine.replaceAll(".*\"actionId\":\"([^\"]+)\".*", "$1");
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
