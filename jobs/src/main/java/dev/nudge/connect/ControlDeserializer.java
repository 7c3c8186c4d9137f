package dev.nudge.connect;

import dev.nudge.control.ControlDocument;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Reads {@code marketing-control} records as they are, bytes unchanged (no lossy decoding):
 * checking them is the control operator's job, which answers every document, however broken, on the
 * acks topic.
 */
public final class ControlDeserializer
        implements KafkaRecordDeserializationSchema<ControlDocument> {
    private static final long serialVersionUID = 1L;

    /** The header {@code publish} sets to the operator who published the document. */
    public static final String CHANGED_BY = "changedBy";

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ControlDocument> out) {
        out.collect(
                new ControlDocument(
                        record.value() == null ? new byte[0] : record.value(),
                        record.timestamp(),
                        changedBy(record),
                        record.topic() + "-" + record.partition() + "@" + record.offset()));
    }

    private static byte[] changedBy(ConsumerRecord<byte[], byte[]> record) {
        Header header = record.headers().lastHeader(CHANGED_BY);
        if (header != null && header.value() != null) {
            return header.value();
        }
        return record.key() != null ? record.key() : new byte[0];
    }

    @Override
    public TypeInformation<ControlDocument> getProducedType() {
        return TypeInformation.of(ControlDocument.class);
    }
}
