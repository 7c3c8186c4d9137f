package dev.nudge.connect;

import dev.nudge.control.ControlAck;
import dev.nudge.event.DeadLetter;
import dev.nudge.job.JobSettings;
import dev.nudge.wire.Json;
import java.nio.charset.StandardCharsets;
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

    private final JobSettings.Topics topics;

    public OutboundSerializer(JobSettings.Topics topics) {
        this.topics = topics;
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
        DeadLetter dead = record.deadLetter();
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, utf8(dead.reason().name()));
        headers.add(DETAIL, utf8(dead.detail()));
        headers.add(SOURCE_TOPIC, utf8(dead.sourceTopic()));
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(dead.sourcePartition())));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(dead.sourceOffset())));
        return new ProducerRecord<>(
                topics.deadLetters(), null, null, dead.key(), dead.value(), headers);
    }

    private static byte[] key(String userId) {
        return utf8(userId);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
