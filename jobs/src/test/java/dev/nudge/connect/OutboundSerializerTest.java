package dev.nudge.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.ConfigException;
import dev.nudge.event.DeadLetter;
import dev.nudge.event.RejectReason;
import dev.nudge.job.JobSettings;
import dev.nudge.job.JobSettingsReader;
import dev.nudge.job.Outputs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.AbstractRecords;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.Test;

/** Tests for {@link OutboundSerializer}. */
class OutboundSerializerTest {
    private static final int MAX_EVENT_BYTES = 65_536;
    private static final int PRODUCER_DEFAULT_MAX_REQUEST = 1_048_576;

    /** The default topics: dead letters go to {@code user-events-dlq}. */
    private static final JobSettings.Topics TOPICS = defaultTopics();

    private final OutboundSerializer serializer = new OutboundSerializer(TOPICS, MAX_EVENT_BYTES);

    @Test
    void aDeadLetterKeepsItsOriginalUnchangedWhenItFits() {
        byte[] value = "{\"eventId\":".getBytes(StandardCharsets.UTF_8);

        ProducerRecord<byte[], byte[]> record = write(deadLetter("u1".getBytes(), value));

        assertThat(record.topic()).isEqualTo("user-events-dlq");
        assertThat(record.key()).isEqualTo("u1".getBytes());
        assertThat(record.value()).isEqualTo(value);
        assertThat(header(record, OutboundSerializer.REASON)).isEqualTo("NOT_JSON");
        assertThat(record.headers().lastHeader(OutboundSerializer.VALUE_SIZE)).isNull();
    }

    @Test
    void anOriginalAsLargeAsTheBrokerAcceptsBecomesAPrefixWithItsSizeAndDigest() throws Exception {
        // Just under the broker's default message.max.bytes: the broker takes it, and a dead
        // letter carrying all of it plus headers would exceed the producer's max.request.size.
        byte[] value = new byte[1_048_450];
        Arrays.fill(value, (byte) 'x');
        byte[] key = new byte[200_000];
        Arrays.fill(key, (byte) 'k');

        ProducerRecord<byte[], byte[]> record = write(deadLetter(key, value));

        assertThat(record.value()).hasSize(MAX_EVENT_BYTES);
        assertThat(record.value()).isEqualTo(Arrays.copyOf(value, MAX_EVENT_BYTES));
        assertThat(header(record, OutboundSerializer.VALUE_SIZE)).isEqualTo("1048450");
        assertThat(header(record, OutboundSerializer.VALUE_SHA256)).isEqualTo(sha256(value));
        assertThat(record.key()).hasSize(OutboundSerializer.MAX_DEAD_LETTER_KEY);
        assertThat(header(record, OutboundSerializer.KEY_SIZE)).isEqualTo("200000");
        assertThat(header(record, OutboundSerializer.KEY_SHA256)).isEqualTo(sha256(key));
        assertThat(kafkaSize(record)).isLessThan(PRODUCER_DEFAULT_MAX_REQUEST);
    }

    private ProducerRecord<byte[], byte[]> write(DeadLetter deadLetter) {
        return serializer.serialize(Outbound.of(Outputs.DEAD_LETTERS, deadLetter), null, null);
    }

    private static DeadLetter deadLetter(byte[] key, byte[] value) {
        return new DeadLetter(
                RejectReason.NOT_JSON, "not valid JSON", "user-events", 3, 42L, key, value);
    }

    private static JobSettings.Topics defaultTopics() {
        try {
            return JobSettingsReader.read(
                            "kafka: {bootstrapServers: \"localhost:9092\"}", "job.yaml")
                    .topics();
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The size the producer checks against max.request.size, as KafkaProducer computes it. */
    static int kafkaSize(ProducerRecord<byte[], byte[]> record) {
        return AbstractRecords.estimateSizeInBytesUpperBound(
                RecordBatch.CURRENT_MAGIC_VALUE,
                CompressionType.NONE,
                record.key(),
                record.value(),
                record.headers().toArray());
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
