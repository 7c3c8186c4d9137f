package dev.nudge.connect;

import dev.nudge.event.DeadLetter;
import dev.nudge.job.JobSettings;
import dev.nudge.job.Output;
import dev.nudge.job.Outputs;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.DefaultKafkaDatasetIdentifier;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacetProvider;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes each {@link Outbound} to the topic of its output, under the key the output gives (SPEC
 * §3): the user id for all but the answers to published configurations. A dead letter keeps its
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

    /** The topic of each output written to Kafka, by the output's name, in the order of Outputs. */
    private final Map<String, String> topics;

    private final String deadLetters;
    private final int maxDeadLetterValue;

    /**
     * @param maxDeadLetterValue the longest value a dead letter keeps ({@code events.maxBytes}: a
     *     record the parser reads is kept whole)
     */
    public OutboundSerializer(JobSettings.Topics topics, int maxDeadLetterValue) {
        Map<String, String> byOutput = new LinkedHashMap<>();
        for (Output<?> output : Outputs.ALL) {
            output.topic().ifPresent(topic -> byOutput.put(output.name(), topic.in(topics)));
        }
        this.topics = Collections.unmodifiableMap(byOutput);
        this.deadLetters = byOutput.get(Outputs.DEAD_LETTERS.name());
        this.maxDeadLetterValue = maxDeadLetterValue;
    }

    /** The topics written, which the sink's pooled transaction naming needs to know. */
    @Override
    public Optional<KafkaDatasetFacet> getKafkaDatasetFacet() {
        return Optional.of(
                new DefaultKafkaDatasetFacet(
                        DefaultKafkaDatasetIdentifier.ofTopics(List.copyOf(topics.values()))));
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            Outbound record, KafkaSinkContext context, Long timestamp) {
        if (record.deadLetter() != null) {
            return deadLetter(record.deadLetter());
        }
        String topic = topics.get(record.output());
        if (topic == null) {
            throw new IllegalArgumentException(record.output() + " are not written to Kafka");
        }
        // A profile's tombstone (null value) removes an erased user from the compacted topic.
        return new ProducerRecord<>(topic, record.key(), record.value());
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
        return new ProducerRecord<>(deadLetters, null, null, key, value, headers);
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

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
