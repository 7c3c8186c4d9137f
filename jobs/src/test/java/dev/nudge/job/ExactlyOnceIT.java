package dev.nudge.job;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.connect.KafkaConnectors;
import dev.nudge.connect.OutboundSerializer;
import dev.nudge.demo.EmbeddedKafka;
import dev.nudge.event.UserEvent;
import dev.nudge.journey.JourneyReplay;
import dev.nudge.journey.JourneySettings;
import dev.nudge.policy.Action;
import dev.nudge.testing.Configs;
import dev.nudge.testing.FlinkCluster;
import dev.nudge.testing.Kafka;
import dev.nudge.testing.Shopper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end: events produced to a real Kafka broker, the real job on a MiniCluster with
 * checkpoints, a TaskManager killed mid-stream, and the action topic read with {@code
 * read_committed} holding exactly the expected actions, once each.
 */
class ExactlyOnceIT {
    private static final String PATTERNS =
            """
            version: "it-1"
            timezone: Asia/Shanghai
            patterns:
              - id: browse-abandonment
                type: BROWSE_WITHOUT_BUY
                params: {minViews: 2, window: 30m}
                action: {channels: [PUSH, EMAIL], template: browse_abandon_v1, cooldown: 24h}
            """;
    private static final int USERS = 60;
    private static final int PARTITIONS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static EmbeddedKafka kafka;
    private static JobSettings settings;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
        JobSettings defaults =
                JobSettingsReader.read(
                        "kafka: {bootstrapServers: \""
                                + kafka.bootstrapServers()
                                + "\"}\n"
                                + "watermarks: {maxOutOfOrderness: 5s, idleness: 5m}\n",
                        "test job.yaml");
        settings =
                defaults.withKafka(JobSettings.Kafka.local(kafka.bootstrapServers(), "nudge-it"));
        kafka.createTopics(settings.topics(), PARTITIONS);
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyExpectedActionIsCommittedExactlyOnceAcrossATaskManagerFailure() throws Exception {
        List<UserEvent> firstHalf = journeys(0, USERS / 2);
        List<UserEvent> secondHalf = journeys(USERS / 2, USERS);
        List<Action> expected = expectedActions(firstHalf, secondHalf);
        String events = settings.topics().events();

        try (FlinkCluster flink = new FlinkCluster(1, 2, 2)) {
            JobClient job =
                    new NudgeJob(
                                    settings,
                                    PATTERNS,
                                    KafkaConnectors.source(settings),
                                    KafkaConnectors.outputs(settings))
                            .start(flink.environment());

            List<ProducerRecord<byte[], byte[]>> first = records(firstHalf);
            first.add(spoiled("{\"eventId\":\"broken\""));
            first.add(
                    spoiled(
                            "{\"eventId\":\"x\",\"userId\":\"u\",\"type\":\"TELEPORT\",\"ts\":1511577600000}"));
            Kafka.produce(kafka.bootstrapServers(), first);
            int committedBeforeFailure =
                    Kafka.committed(
                                    kafka.bootstrapServers(),
                                    settings.topics().actions(),
                                    1,
                                    Duration.ofSeconds(1),
                                    Duration.ofSeconds(60))
                            .size();

            // The only TaskManager dies with every task of the job; a fresh one takes over.
            flink.miniCluster().terminateTaskManager(0).get();
            flink.miniCluster().startTaskManager();

            List<ProducerRecord<byte[], byte[]>> second = records(secondHalf);
            second.add(Kafka.event(events, 0, secondHalf.get(0)));
            long clock = BEGINNING + 10 * ONE_HOUR;
            for (int p = 0; p < PARTITIONS; p++) {
                second.add(Kafka.event(events, p, tick(p, clock)));
            }
            Kafka.produce(kafka.bootstrapServers(), second);

            List<ConsumerRecord<byte[], byte[]>> actions =
                    Kafka.committed(
                            kafka.bootstrapServers(),
                            settings.topics().actions(),
                            expected.size(),
                            Duration.ofSeconds(3),
                            Duration.ofSeconds(120));
            List<ConsumerRecord<byte[], byte[]>> deadLetters =
                    Kafka.committed(
                            kafka.bootstrapServers(),
                            settings.topics().deadLetters(),
                            2,
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(30));

            assertThat(flink.miniCluster().getExecutionGraph(job.getJobID()).get().getFailureInfo())
                    .as("the TaskManager failure really happened and the job recovered from it")
                    .isNotNull();
            assertThat(committedBeforeFailure)
                    .as("actions committed before the failure: it struck mid-stream")
                    .isBetween(1, expected.size() - 1);
            assertThat(actionIds(actions))
                    .as("committed actions: all expected, none twice")
                    .containsExactlyInAnyOrderElementsOf(
                            expected.stream().map(Action::actionId).toList());
            assertThat(actions.get(0).key()).isNotNull();
            assertThat(deadLetters)
                    .extracting(r -> header(r, OutboundSerializer.REASON))
                    .containsExactlyInAnyOrder("NOT_JSON", "UNKNOWN_TYPE");
            assertThat(deadLetters)
                    .extracting(r -> header(r, OutboundSerializer.SOURCE_TOPIC))
                    .containsOnly(events);
            job.cancel().get();
        }
    }

    /**
     * Every user views two items; two in three then buy within the window (no action), the rest
     * leave (one action each). One view in ten is redelivered, to be dropped as a duplicate. Users
     * start two minutes apart; the second half starts after the first half's last event, so that
     * producing the halves one after the other makes nothing late.
     */
    private static List<UserEvent> journeys(int from, int to) {
        List<UserEvent> events = new ArrayList<>();
        IntStream.range(from, to)
                .forEach(
                        i -> {
                            Shopper user = Shopper.named("user-" + i);
                            long start =
                                    BEGINNING
                                            + i * 2 * ONE_MINUTE
                                            + (i >= USERS / 2 ? ONE_HOUR : 0);
                            UserEvent view = user.views("item-" + i).at(start);
                            events.add(view);
                            events.add(user.views("item-" + (i + 1)).at(start + ONE_MINUTE));
                            if (i % 3 != 0) {
                                events.add(user.buys("item-" + i).at(start + 10 * ONE_MINUTE));
                            }
                            if (i % 10 == 5) {
                                events.add(view);
                            }
                        });
        events.sort(java.util.Comparator.comparingLong(UserEvent::ts));
        return events;
    }

    /** The actions the domain logic alone decides for the same events. */
    private static List<Action> expectedActions(List<UserEvent> first, List<UserEvent> second) {
        JourneyReplay driver =
                new JourneyReplay(Configs.parse(PATTERNS), JourneySettings.defaults(), 5000);
        first.forEach(driver::send);
        second.forEach(driver::send);
        driver.endOfInput();
        assertThat(driver.actions).hasSize(USERS / 3);
        return driver.actions;
    }

    private static List<ProducerRecord<byte[], byte[]>> records(List<UserEvent> events) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        events.forEach(e -> records.add(Kafka.event(settings.topics().events(), e)));
        return records;
    }

    private static ProducerRecord<byte[], byte[]> spoiled(String value) {
        return new ProducerRecord<>(
                settings.topics().events(), null, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A search far later than every window, on one partition, so that its watermark moves. */
    private static UserEvent tick(int partition, long at) {
        return Shopper.named("clock-" + partition).searches().at(at);
    }

    private static List<String> actionIds(List<ConsumerRecord<byte[], byte[]>> records)
            throws IOException {
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            JsonNode action = JSON.readTree(record.value());
            ids.add(action.get("actionId").asText());
        }
        return ids;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
