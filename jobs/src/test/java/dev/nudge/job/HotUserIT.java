package dev.nudge.job;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.connect.KafkaConnectors;
import dev.nudge.connect.OutboundSerializer;
import dev.nudge.demo.DemoClients;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.policy.Ids;
import dev.nudge.testing.Broker;
import dev.nudge.testing.FlinkCluster;
import dev.nudge.testing.Kafka;
import dev.nudge.testing.Shopper;
import dev.nudge.wire.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user sends 10,000 events in one second (searches, views and cart additions) into the job with
 * the shipped patterns, SEQUENCE included, on a real broker and a MiniCluster with checkpoints.
 * Other shoppers' actions are measured from the event that makes each knowable to its commit, first
 * on a quiet job and then during the flood. The job must not restart, its checkpoints must keep
 * completing, every other shopper must get its action and the flood over the SEQUENCE pattern's
 * budget must be on the dead-letter topic. The latencies are logged, not asserted: the machines are
 * shared (the benchmark measures; docs/operations.md, "Limits").
 */
class HotUserIT {
    private static final Logger LOG = LoggerFactory.getLogger(HotUserIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOPPERS = 8;
    private static final int FLOOD_RATE = 10_000;

    /** The event time of the latest event sent: the flood keeps to it, never late, never ahead. */
    private static final AtomicLong eventTime = new AtomicLong();

    private static volatile long floodSent;

    private static Broker broker;

    @BeforeAll
    static void startKafka() throws Exception {
        broker = Broker.start("nudge-hot-user-it", "{maxOutOfOrderness: 1s, idleness: 1s}");
    }

    @AfterAll
    static void stopKafka() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aFloodingUserNeitherStopsTheJobNorHoldsBackOtherShoppers() throws Exception {
        JobSettings settings = broker.settings();
        try (FlinkCluster flink = new FlinkCluster(1, 2, 2);
                ActionTimes actions = new ActionTimes(settings.topics().actions());
                KafkaProducer<byte[], byte[]> producer =
                        DemoClients.producer(broker.bootstrapServers())) {
            JobClient job =
                    new NudgeJob(
                                    settings,
                                    Files.readString(
                                            Path.of("../config/patterns.yaml"),
                                            StandardCharsets.UTF_8),
                                    KafkaConnectors.source(settings),
                                    KafkaConnectors.outputs(settings))
                            .start(flink.environment());
            actions.start();

            List<Long> quiet = latencies(producer, actions, "quiet", BEGINNING);

            FlinkCluster.Health before = flink.health(job.getJobID());
            long floodStart = BEGINNING + 5 * ONE_HOUR;
            eventTime.set(floodStart);
            List<Long> flooded;
            try (Flooder flooder = new Flooder()) {
                flooder.start();
                flooded = latencies(producer, actions, "flooded", floodStart + ONE_MINUTE);
            }
            FlinkCluster.Health after = flink.health(job.getJobID());
            List<ConsumerRecord<byte[], byte[]>> deadLetters =
                    Kafka.committed(
                            broker.bootstrapServers(),
                            settings.topics().deadLetters(),
                            1,
                            Duration.ofSeconds(2),
                            Duration.ofSeconds(60));
            job.cancel().get();

            LOG.info(
                    "Hot user: other shoppers' event -> committed action, quiet median {} ms"
                            + " (max {}), while one user sent {} events a second ({} in all)"
                            + " median {} ms (max {}), ratio {}; checkpoints completed during the"
                            + " flood {}, restarts {}",
                    median(quiet),
                    Collections.max(quiet),
                    FLOOD_RATE,
                    floodSent,
                    median(flooded),
                    Collections.max(flooded),
                    String.format("%.2f", (double) median(flooded) / median(quiet)),
                    after.completedCheckpoints() - before.completedCheckpoints(),
                    after.restarts());
            assertThat(after.restarts()).as("restarts").isZero();
            assertThat(after.failures()).as("failures").isZero();
            assertThat(after.completedCheckpoints())
                    .as("checkpoints keep completing during the flood")
                    .isGreaterThan(before.completedCheckpoints());
            assertThat(flooded).as("every other shopper's action").hasSize(SHOPPERS);
            assertThat(rateLimited(deadLetters))
                    .as("the flood over the SEQUENCE pattern's budget, as dead letters")
                    .isGreaterThan(floodSent / 2 - 200 * SHOPPERS);
        }
    }

    private static long rateLimited(List<ConsumerRecord<byte[], byte[]>> deadLetters) {
        return deadLetters.stream()
                .filter(r -> "RATE_LIMITED".equals(header(r, OutboundSerializer.REASON)))
                .count();
    }

    /**
     * Each of {@link #SHOPPERS} shoppers views two items; then one event past their window, which
     * makes their browse-abandonment moment knowable, is sent; the latency is from that send to the
     * action's commit.
     */
    private static List<Long> latencies(
            KafkaProducer<byte[], byte[]> producer, ActionTimes actions, String phase, long at)
            throws Exception {
        List<Long> latencies = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < SHOPPERS; i++) {
            Shopper shopper = Shopper.named(phase + "-" + n++);
            while (Ids.inHoldout(shopper.id(), "2026-q4", 5)) {
                // The shipped holdout (5 % under salt 2026-q4) gets no action to wait for.
                shopper = Shopper.named(phase + "-" + n++);
            }
            // After the previous shopper's clock event: nothing here is behind the watermark.
            long first = at + i * 35 * ONE_MINUTE;
            eventTime.set(first);
            producer.send(record(shopper.views("lamp").at(first)));
            producer.send(record(shopper.views("rug").at(first + ONE_MINUTE)));
            producer.flush();
            // Past the 30-minute window and the 1-minute arbitration, and the watermark's bound.
            UserEvent clock =
                    UserEvent.builder(
                                    phase + "-clock-" + i,
                                    "clock",
                                    EventType.SEARCH,
                                    first + 32 * ONE_MINUTE)
                            .build();
            long sent = System.nanoTime();
            producer.send(record(clock));
            producer.flush();
            eventTime.set(clock.ts());
            long seen = actions.awaitFor(shopper.id(), Duration.ofSeconds(60));
            latencies.add((seen - sent) / 1_000_000);
        }
        return latencies;
    }

    private static ProducerRecord<byte[], byte[]> record(UserEvent event) {
        return DemoClients.record(
                broker.settings().topics().events(), event.userId(), Json.event(event));
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** When each user's first action became visible to a {@code read_committed} reader. */
    private static final class ActionTimes extends Thread implements AutoCloseable {
        private final Map<String, Long> seen = new ConcurrentHashMap<>();
        private final String topic;
        private volatile boolean running = true;

        ActionTimes(String topic) {
            super("hot-user-actions");
            setDaemon(true);
            this.topic = topic;
        }

        @Override
        public void run() {
            try (KafkaConsumer<byte[], byte[]> consumer =
                    DemoClients.committedReader(broker.bootstrapServers(), List.of(topic))) {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record :
                            consumer.poll(Duration.ofMillis(20))) {
                        long now = System.nanoTime();
                        try {
                            JsonNode action = JSON.readTree(record.value());
                            seen.putIfAbsent(action.get("userId").asText(), now);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }
            }
        }

        long awaitFor(String userId, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Long at = seen.get(userId);
                if (at != null) {
                    return at;
                }
                Thread.sleep(5);
            }
            throw new AssertionError("no action for " + userId + " within " + timeout);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            join(10_000);
        }
    }

    /**
     * One user sending {@link #FLOOD_RATE} events a second (searches, views and cart additions, a
     * third each), paced in wall time, at the event time of the latest event, until closed.
     */
    private static final class Flooder extends Thread implements AutoCloseable {
        private final KafkaProducer<byte[], byte[]> producer =
                DemoClients.producer(broker.bootstrapServers());
        private volatile boolean running = true;

        Flooder() {
            super("hot-user-flood");
            setDaemon(true);
        }

        @Override
        public void run() {
            Shopper flooder = Shopper.named("flooder");
            long wallStart = System.nanoTime();
            for (int i = 0; running; i++) {
                long at = eventTime.get();
                UserEvent event =
                        switch (i % 3) {
                            case 0 -> flooder.searches().at(at, "f" + i);
                            case 1 -> flooder.views("item-" + i % 97).at(at, "f" + i);
                            default -> flooder.addsToCart("item-" + i % 89).at(at, "f" + i);
                        };
                producer.send(record(event));
                floodSent = i + 1;
                long due = wallStart + 1_000_000_000L * (i + 1) / FLOOD_RATE;
                while (running && System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            join(10_000);
            producer.close();
        }
    }
}
