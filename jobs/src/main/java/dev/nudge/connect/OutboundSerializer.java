package dev.nudge.connect;

import dev.nudge.control.ControlAck;
import dev.nudge.event.DeadLetter;
import dev.nudge.job.JobSettings;
import dev.nudge.wire.Json;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes each {@link Outbound} to its topic, keyed by user id (SPEC §3). A dead letter keeps its
 * original key and value unchanged; why it was rejected and where it came from travel in headers.
 * An original larger than the dead letter's bound (a value over {@code events.maxBytes}, a key over
 * {@link #MAX_DEAD_LETTER_KEY} bytes) is kept as its first bytes, with headers giving the original
 * size and SHA-256, so that every record written fits the producer's {@code max.request.size} (see
 * {@link RecordBounds}).
 */
public final class OutboundSerializer
        implements KafkaRecordSerializationSchema<Outbound>, KafkaDatasetFacetProvider {
    private static final long serialVersionUID = 1L;

    /** Header names on dead letters. */
    public static final String REASON = "nudge.dlq.reason";

    public static final String DETAIL = "nudge.dlq.detail";
    public static final String SOURCE_TOPIC = "nudge.dlq.topic";
    public static final String SOURCE_PARTITION = "nudge.dlq.partition";
    public static final String SOURCE_OFFSET = "nudge.dlq.offset";

    /** On a dead letter whose value was cut: the original's size in bytes, and its SHA-256. */
    public static final String VALUE_SIZE = "nudge.dlq.value.size";

    public static final String VALUE_SHA256 = "nudge.dlq.value.sha256";

    /** On a dead letter whose key was cut: the original's size in bytes, and its SHA-256. */
    public static final String KEY_SIZE = "nudge.dlq.key.size";

    public static final String KEY_SHA256 = "nudge.dlq.key.sha256";

    /** The longest key a dead letter keeps; user ids are at most 512 bytes of UTF-8. */
    public static final int MAX_DEAD_LETTER_KEY = 1024;

    private final JobSettings.Topics topics;
    private final int maxDeadLetterValue;

    /**
     * @param maxDeadLetterValue the longest value a dead letter keeps ({@code events.maxBytes}: a
     *     record the parser reads is kept whole)
     */
    public OutboundSerializer(JobSettings.Topics topics, int maxDeadLetterValue) {
        this.topics = topics;
        this.maxDeadLetterValue = maxDeadLetterValue;
    }

    /** The topics written, which the sink's pooled transaction naming needs to know. */
    @Override
    public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
        return Optional.of(
                new DefaultKafkaDatasetFacet(
                        DefaultKafkaDatasetIdentifier.ofTopics(
                                List.of(
                                        topics.actions(),
                                        topics.decisions(),
                                        topics.conversions(),
                                        topics.deadLetters(),
                                        topics.profiles(),
                                        topics.controlAcks()))));
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            Outbound record, KafkaSinkContext context, Long timestamp) {
        if (record.action() != null) {
            return new ProducerRecord<>(
                    topics.actions(), key(record.action().userId()), Json.action(record.action()));
        }
        if (record.decision() != null) {
            return new ProducerRecord<>(
                    topics.decisions(),
                    key(record.decision().userId()),
                    Json.decision(record.decision()));
        }
        if (record.conversion() != null) {
            return new ProducerRecord<>(
                    topics.conversions(),
                    key(record.conversion().userId()),
                    Json.conversion(record.conversion()));
        }
        if (record.controlAck() != null) {
            ControlAck ack = record.controlAck();
            return new ProducerRecord<>(
                    topics.controlAcks(),
                    ack.version() == null ? null : utf8(ack.version()),
                    ack.toJson());
        }
        if (record.profile() != null) {
            // A tombstone (null value) removes an erased user from the compacted topic.
            return new ProducerRecord<>(
                    topics.profiles(), key(record.profile().userId()), record.profile().snapshot());
        }
        return deadLetter(record.deadLetter());
    }

    private ProducerRecord<byte[], byte[]> deadLetter(DeadLetter dead) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, utf8(dead.reason().name()));
        headers.add(DETAIL, utf8(dead.detail()));
        headers.add(SOURCE_TOPIC, utf8(dead.sourceTopic()));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(dead.sourcePartition())));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(dead.sourceOffset())));
        byte[] key = excerpt(dead.key(), MAX_DEAD_LETTER_KEY, headers, KEY_SIZE, KEY_SHA256);
        byte[] value = excerpt(dead.value(), maxDeadLetterValue, headers, VALUE_SIZE, VALUE_SHA256);
        return new ProducerRecord<>(topics.deadLetters(), null, null, key, value, headers);
    }

    /**
     * {@code original}, or its first {@code limit} bytes if it is longer, with headers saying what
     * was cut: its size and SHA-256, so that the original can be found and checked.
     */
    private static byte[] excerpt(
            byte[] original, int limit, RecordHeaders headers, String size, String sha256) {
        if (original == null || original.length <= limit) {
            return original;
        }
        headers.add(size, utf8(Integer.toString(original.length)));
        headers.add(sha256, utf8(Sha256.hex(original)));
        return Arrays.copyOf(original, limit);
    }

    private static byte[] key(String userId) {
        return utf8(userId);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
