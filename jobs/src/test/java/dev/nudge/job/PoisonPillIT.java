package dev.nudge.job;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nudge.connect.KafkaConnectors;
import dev.nudge.connect.OutboundSerializer;
import dev.nudge.demo.DemoClients;
import dev.nudge.event.EventParser;
import dev.nudge.event.EventType;
import dev.nudge.event.InvalidEventException;
import dev.nudge.event.UserEvent;
import dev.nudge.testing.Broker;
import dev.nudge.testing.Configs;
import dev.nudge.testing.FlinkCluster;
import dev.nudge.testing.HostileRecords;
import dev.nudge.testing.Kafka;
import dev.nudge.testing.Shopper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * No single input stops the job. While good shoppers shop, a real broker receives every kind of
 * record that once stopped every output of the job for good, a generated corpus of random and
 * mutated records, hostile control documents and a user flooding a SEQUENCE pattern; the real job
 * (shipped patterns, live configuration, checkpoints every 500 ms) runs on a MiniCluster with a
 * restart strategy. Through Flink's REST API: no restart and no failure; through the topics: every
 * bad record on the dead-letter topic with the parser's reason, every control document answered,
 * every good shopper decided and sent to, and nothing the users typed in any output.
 */
class PoisonPillIT {
    private static final Logger LOG = LoggerFactory.getLogger(PoisonPillIT.class);

    private static final int GOOD = 0;
    private static final int HOSTILE = 1;
    private static final int CORPUS = 1_200;
    private static final int FLOOD = 10_000;
    private static final String SECRET_QUERY = "my secret query 4711";
    private static final long END = BEGINNING + 3 * ONE_HOUR;
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static Broker broker;

    private final Shopper seeker = Shopper.named("seeker");
    private final Shopper eraser = Shopper.named("eraser");
    private final Shopper flooder = Shopper.named("flooder");

    @BeforeAll
    static void startKafka() throws Exception {
        broker = Broker.start("nudge-poison-it", "{maxOutOfOrderness: 5s, idleness: 10m}", 2);
    }

    @AfterAll
    static void stopKafka() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void noRecordDocumentOrFloodingUserStopsTheJob() throws Exception {
        JobSettings settings = broker.settings();
        String events = settings.topics().events();
        EventParser parser =
                new EventParser(
                        settings.events().maxBytes(),
                        settings.events().maxFutureSkew().toMillis(),
                        System::currentTimeMillis);
        try (FlinkCluster flink = new FlinkCluster(1, 2, 2)) {
            JobClient job =
                    new NudgeJob(
                                    settings,
                                    shippedPatterns(),
                                    KafkaConnectors.source(settings),
                                    KafkaConnectors.outputs(settings))
                            .withControl(KafkaConnectors.control(settings))
                            .start(flink.environment());

            List<ProducerRecord<byte[], byte[]>> good = new ArrayList<>();
            List<String> goodUsers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Shopper shopper = Shopper.named("good-" + i);
                goodUsers.add("good-" + i);
                good.add(Kafka.event(events, GOOD, shopper.views("lamp").at(BEGINNING + i * 1000)));
                good.add(
                        Kafka.event(
                                events,
                                GOOD,
                                shopper.views("rug").at(BEGINNING + i * 1000 + ONE_MINUTE)));
            }
            good.add(Kafka.event(events, GOOD, searchFor(seeker, BEGINNING + 5 * ONE_MINUTE)));
            good.add(Kafka.event(events, GOOD, searchFor(seeker, BEGINNING + 6 * ONE_MINUTE)));
            good.add(Kafka.event(events, GOOD, searchFor(eraser, BEGINNING + 5 * ONE_MINUTE)));
            good.add(Kafka.event(events, GOOD, searchFor(eraser, BEGINNING + 6 * ONE_MINUTE)));
            good.add(Kafka.event(events, GOOD, eraser.erases(BEGINNING + 20 * ONE_MINUTE)));
            Kafka.produce(broker.bootstrapServers(), good);

            // Hostile records on the other partition, while good shoppers go on on this one.
            Map<Long, String> expectedReasons = new HashMap<>();
            List<byte[]> hostile = hostileRecords();
            List<Long> offsets = produce(events, HOSTILE, hostile);
            for (int i = 0; i < hostile.size(); i++) {
                try {
                    parser.parse(hostile.get(i));
                } catch (InvalidEventException e) {
                    expectedReasons.put(offsets.get(i), e.reason().name());
                }
            }
            List<ProducerRecord<byte[], byte[]>> flood = new ArrayList<>();
            for (int i = 0; i < FLOOD; i++) {
                UserEvent search =
                        flooder.searches()
                                .at(BEGINNING + 25 * ONE_MINUTE + i * 15L / 1000, "f" + i);
                flood.add(Kafka.event(events, GOOD, search));
            }
            Kafka.produce(broker.bootstrapServers(), flood);

            List<byte[]> documents = controlDocuments();
            produceControl(documents);

            Kafka.produce(
                    broker.bootstrapServers(),
                    List.of(
                            Kafka.event(events, GOOD, tick("clock-0", END)),
                            Kafka.event(events, HOSTILE, tick("clock-1", END))));

            List<ConsumerRecord<byte[], byte[]>> answers =
                    Kafka.committedUntil(
                            broker.bootstrapServers(),
                            settings.topics().controlAcks(),
                            read -> read.size() >= documents.size(),
                            WAIT);
            List<ConsumerRecord<byte[], byte[]>> deadLetters =
                    Kafka.committedUntil(
                            broker.bootstrapServers(),
                            settings.topics().deadLetters(),
                            read ->
                                    fromHostilePartition(read).size() >= expectedReasons.size()
                                            && withReason(read, "RATE_LIMITED").size()
                                                    >= FLOOD - 200,
                            WAIT);
            List<String> decided = new ArrayList<>(goodUsers);
            decided.add("seeker");
            List<JsonNode> decisions =
                    Broker.json(
                            Kafka.committedUntil(
                                    broker.bootstrapServers(),
                                    settings.topics().decisions(),
                                    read -> allDecided(Broker.json(read), decided),
                                    WAIT));
            List<JsonNode> actions =
                    Broker.json(
                            Kafka.committed(
                                    broker.bootstrapServers(),
                                    settings.topics().actions(),
                                    1,
                                    Duration.ofSeconds(2),
                                    Duration.ofSeconds(30)));
            FlinkCluster.Health health = flink.health(job.getJobID());
            job.cancel().get();

            LOG.info(
                    "Poison pills: {} hostile records ({} dead letters expected), {} flooding"
                            + " searches, {} control documents; health {}",
                    hostile.size(),
                    expectedReasons.size(),
                    FLOOD,
                    documents.size(),
                    health);
            assertThat(health.restarts()).as("restarts").isZero();
            assertThat(health.failures()).as("failures in the exception history").isZero();
            assertThat(health.completedCheckpoints()).as("checkpoints completed").isPositive();
            assertThat(allDecided(decisions, decided))
                    .as("every good shopper and the seeker decided: %s", decisions)
                    .isTrue();

            Map<Long, String> dead =
                    fromHostilePartition(deadLetters).stream()
                            .collect(
                                    Collectors.toMap(
                                            r -> Long.parseLong(header(r, "nudge.dlq.offset")),
                                            r -> header(r, OutboundSerializer.REASON),
                                            (a, b) -> a + "," + b));
            assertThat(dead)
                    .as("every hostile record the parser rejects, once, with its reason")
                    .isEqualTo(expectedReasons);
            assertThat(withReason(deadLetters, "RATE_LIMITED"))
                    .as("the flood over the pattern's budget, never silently dropped")
                    .hasSize(FLOOD - 200);

            assertThat(answers).as("one answer per control document").hasSize(documents.size());
            assertThat(Broker.json(answers))
                    .extracting(a -> a.get("status").asText(), a -> a.path("version").asText())
                    .as("hostile documents rejected, and the valid one after them applied")
                    .containsOnlyOnce(tuple("APPLIED", newer(4)))
                    .filteredOn(t -> t.toList().get(0).equals("REJECTED"))
                    .hasSize(documents.size() - 1);
            assertThat(answers).allMatch(a -> a.value().length < 64 * 1024, "answers are bounded");

            assertThat(decisions)
                    .filteredOn(d -> d.get("userId").asText().startsWith("good-"))
                    .as("every good shopper decided as usual, none erased by a look-alike")
                    .extracting(d -> d.get("userId").asText(), d -> d.get("outcome").asText())
                    .hasSize(goodUsers.size())
                    .allMatch(t -> List.of("SENT", "HOLDOUT").contains(t.toList().get(1)));
            assertThat(actions)
                    .extracting(a -> a.get("userId").asText())
                    .containsAll(
                            decisions.stream()
                                    .filter(d -> d.get("outcome").asText().equals("SENT"))
                                    .map(d -> d.get("userId").asText())
                                    .toList());
            assertThat(decisions)
                    .filteredOn(d -> d.get("userId").asText().equals("eraser"))
                    .as("the searches before the erasure never became a match")
                    .isEmpty();
            assertThat(decisions.toString() + actions)
                    .as("no output carries what a user typed")
                    .doesNotContain("4711");
        }
    }

    private static boolean allDecided(List<JsonNode> decisions, List<String> users) {
        return users.stream().allMatch(u -> decisions.stream().anyMatch(d -> decisionOf(d, u)));
    }

    private static boolean decisionOf(JsonNode decision, String user) {
        return decision.get("userId").asText().equals(user);
    }

    /** The hostile records, the cases that once stopped the job first. */
    private static List<byte[]> hostileRecords() {
        List<byte[]> records = new ArrayList<>();
        records.add(
                utf8(
                        "{\"eventId\":\"p\",\"userId\":\"p\",\"type\":\"VIEW\",\"itemId\":\"i\","
                                + "\"ts\":\"+999999999-12-31T23:59:59Z\"}"));
        byte[] huge = new byte[1_048_450];
        Arrays.fill(huge, (byte) 'x');
        System.arraycopy(utf8("{\"eventId\":\"huge\",\"pad\":\""), 0, huge, 0, 25);
        records.add(huge);
        records.add(
                utf8(
                        "{\"eventId\":\"s\",\"userId\":\"\\ud800good-1\",\"type\":\"ERASE\",\"ts\":"
                                + (BEGINNING + ONE_MINUTE)
                                + "}"));
        records.add(
                ("{\"eventId\":\"w\",\"userId\":\"good-2\",\"type\":\"ERASE\",\"ts\":"
                                + (BEGINNING + ONE_MINUTE)
                                + "}")
                        .getBytes(StandardCharsets.UTF_16LE));
        HostileRecords corpus = new HostileRecords(18L);
        for (int i = 0; i < CORPUS; i++) {
            records.add(corpus.next());
        }
        return records;
    }

    private static List<byte[]> controlDocuments() throws Exception {
        String shipped = shippedPatterns();
        String version = Configs.parse(shipped).version();
        StringBuilder unknownKeys = new StringBuilder("version: \"" + newer(1) + "\"\n");
        for (int i = 0; unknownKeys.length() < 493_000; i++) {
            unknownKeys.append("unknown").append(i).append(": 1\n");
        }
        StringBuilder fewerUnknownKeys = new StringBuilder("version: \"" + newer(2) + "\"\n");
        for (int i = 0; i < 20_000; i++) {
            fewerUnknownKeys.append("k").append(i).append(": 1\n");
        }
        byte[] invalidUtf8 =
                utf8(
                        shipped.replace("browse_abandon_v1", "browse_abandon_v1_BAD")
                                .replace(version, newer(3)));
        int bad = indexOf(invalidUtf8, utf8("_BAD"));
        invalidUtf8[bad] = (byte) 0xC3;
        invalidUtf8[bad + 1] = (byte) 0x28;
        byte[] binary = new byte[10_000];
        new java.util.Random(5).nextBytes(binary);
        return List.of(
                utf8(unknownKeys.toString()),
                utf8(fewerUnknownKeys.toString()),
                utf8(shipped.replace(version, "9".repeat(400_000))),
                invalidUtf8,
                binary,
                new byte[0],
                utf8(shipped.replace(version, newer(4))));
    }

    /**
     * The {@code n}th version newer than the shipped file's, in which the job starts: a published
     * document must be newer than the one in force ({@code 2026-12-03.2.2} after {@code
     * 2026-12-03.2}).
     */
    private static String newer(int n) throws Exception {
        return Configs.parse(shippedPatterns()).version() + "." + n;
    }

    private static String shippedPatterns() throws Exception {
        return Files.readString(Path.of("../config/patterns.yaml"), StandardCharsets.UTF_8);
    }

    private static UserEvent searchFor(Shopper shopper, long at) {
        return shopper.searches().at(at).toBuilder().query(SECRET_QUERY).build();
    }

    private static UserEvent tick(String user, long at) {
        return UserEvent.builder(user + "-tick", user, EventType.SEARCH, at).build();
    }

    /** Sends the values to one partition, in order, and returns their offsets. */
    private static List<Long> produce(String topic, int partition, List<byte[]> values)
            throws Exception {
        List<Long> offsets = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
                DemoClients.producer(broker.bootstrapServers())) {
            List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>>
                    sent = new ArrayList<>();
            for (byte[] value : values) {
                sent.add(producer.send(new ProducerRecord<>(topic, partition, null, value)));
            }
            for (var metadata : sent) {
                offsets.add(metadata.get().offset());
            }
        }
        return offsets;
    }

    private static void produceControl(List<byte[]> documents) throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            ProducerRecord<byte[], byte[]> record =
                    new ProducerRecord<>(
                            broker.settings().topics().control(),
                            utf8("doc-" + i),
                            documents.get(i).length == 0 ? null : documents.get(i));
            record.headers().add("changedBy", utf8("mallory"));
            records.add(record);
        }
        Kafka.produce(broker.bootstrapServers(), records);
    }

    private static List<ConsumerRecord<byte[], byte[]>> fromHostilePartition(
            List<ConsumerRecord<byte[], byte[]>> deadLetters) {
        return deadLetters.stream()
                .filter(r -> String.valueOf(HOSTILE).equals(header(r, "nudge.dlq.partition")))
                .toList();
    }

    private static List<ConsumerRecord<byte[], byte[]>> withReason(
            List<ConsumerRecord<byte[], byte[]>> deadLetters, String reason) {
        return deadLetters.stream()
                .filter(r -> reason.equals(header(r, OutboundSerializer.REASON)))
                .toList();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
