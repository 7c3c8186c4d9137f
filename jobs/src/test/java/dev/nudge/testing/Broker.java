package dev.nudge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.demo.EmbeddedKafka;
import dev.nudge.event.UserEvent;
import dev.nudge.job.JobSettings;
import dev.nudge.job.JobSettings.StartingOffsets;
import dev.nudge.job.JobSettingsReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A real Kafka broker in the test JVM with the job's topics (one partition each, unless asked), and
 * what the integration tests do with it: send shoppers' events, read what the job committed as
 * JSON.
 */
public final class Broker implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration QUIET = Duration.ofSeconds(2);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final EmbeddedKafka kafka;
    private final JobSettings settings;

    private Broker(EmbeddedKafka kafka, JobSettings settings) {
        this.kafka = kafka;
        this.settings = settings;
    }

    /**
     * @param name the consumer group and transactional id prefix of the job, unique per test
     * @param watermarks the {@code watermarks:} block of {@code job.yaml}, e.g. {@code
     *     {maxOutOfOrderness: 5s, idleness: 5m}}
     */
    public static Broker start(String name, String watermarks) throws Exception {
        return start(name, watermarks, 1);
    }

    /** The same, with {@code partitions} partitions per topic. */
    public static Broker start(String name, String watermarks, int partitions) throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.start();
        JobSettings settings =
                JobSettingsReader.read(
                                "kafka: {bootstrapServers: \""
                                        + kafka.bootstrapServers()
                                        + "\"}\nwatermarks: "
                                        + watermarks
                                        + "\n",
                                "test job.yaml")
                        .withKafka(JobSettings.Kafka.local(kafka.bootstrapServers(), name));
        kafka.createTopics(settings.topics(), partitions);
        return new Broker(kafka, settings);
    }

    /** The job's settings against this broker. */
    public JobSettings settings() {
        return settings;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** The same settings starting from the latest offsets: after a restore, history is in state. */
    public JobSettings fromLatestOffsets() {
        JobSettings.Kafka current = settings.kafka();
        return settings.withKafka(
                new JobSettings.Kafka(
                        current.bootstrapServers(),
                        current.groupId(),
                        StartingOffsets.LATEST,
                        current.transactionalIdPrefix(),
                        current.transactionTimeout(),
                        current.security(),
                        current.properties()));
    }

    /** Sends the events to {@code user-events}, keyed by user; returns when the broker has them. */
    public void send(UserEvent... events) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (UserEvent event : events) {
            records.add(Kafka.event(settings.topics().events(), event));
        }
        Kafka.produce(kafka.bootstrapServers(), records);
    }

    /** The values committed on {@code topic}, once {@code atLeast} are there and no more come. */
    public List<JsonNode> committed(String topic, int atLeast) {
        return json(Kafka.committed(kafka.bootstrapServers(), topic, atLeast, QUIET, PATIENCE));
    }

    /**
     * Every value committed on {@code topic} so far, once there is one matching each of {@code
     * wanted}; fails naming {@code what} and the values read if they do not come.
     */
    @SafeVarargs
    public final List<JsonNode> await(String topic, String what, Predicate<JsonNode>... wanted) {
        Predicate<List<JsonNode>> complete =
                values -> List.of(wanted).stream().allMatch(w -> values.stream().anyMatch(w));
        List<JsonNode> values =
                json(
                        Kafka.committedUntil(
                                kafka.bootstrapServers(),
                                topic,
                                read -> complete.test(json(read)),
                                PATIENCE));
        assertThat(complete).as("%s on %s: %s", what, topic, values).accepts(values);
        return values;
    }

    /** The time of the latest event sent to move time on, so that each is later than the last. */
    private long lastTick = Long.MIN_VALUE;

    /**
     * Every value committed on {@code topic}, once there is one matching each of {@code wanted}.
     * While there is not, time goes on as it does in production, where events keep coming: every 5
     * s, one more event from {@code tick}, a minute later than {@code clock} and than the one
     * before, so that a source split that went idle (or restarted) moves the watermark again.
     *
     * @param tick makes an event at the given time, of a user the test does not look at
     */
    public List<JsonNode> awaitWhileTimeGoesOn(
            String topic,
            String what,
            long clock,
            LongFunction<UserEvent> tick,
            List<Predicate<JsonNode>> wanted) {
        Predicate<List<JsonNode>> complete =
                values -> wanted.stream().allMatch(w -> values.stream().anyMatch(w));
        List<JsonNode> values = List.of();
        for (int ticks = 1; ticks <= 12 && !complete.test(values); ticks++) {
            values =
                    json(
                            Kafka.committedUntil(
                                    kafka.bootstrapServers(),
                                    topic,
                                    read -> complete.test(json(read)),
                                    Duration.ofSeconds(5)));
            if (!complete.test(values)) {
                timeGoesOn(clock, tick);
            }
        }
        assertThat(complete).as("%s on %s: %s", what, topic, values).accepts(values);
        return values;
    }

    /**
     * Sends one event from {@code tick} a minute later than {@code clock} and than the one sent
     * before, as production traffic moves time on.
     */
    public void timeGoesOn(long clock, LongFunction<UserEvent> tick) {
        lastTick = Math.max(lastTick, clock) + Duration.ofMinutes(1).toMillis();
        send(tick.apply(lastTick));
    }

    /** Record values as JSON; tombstones (null values) are left out. */
    public static List<JsonNode> json(List<ConsumerRecord<byte[], byte[]>> records) {
        List<JsonNode> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.value() != null) {
                try {
                    values.add(JSON.readTree(record.value()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return values;
    }

    @Override
    public void close() {
        kafka.close();
    }
}
