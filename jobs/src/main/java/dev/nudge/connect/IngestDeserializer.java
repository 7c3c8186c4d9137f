package dev.nudge.connect;

import dev.nudge.event.DeadLetter;
import dev.nudge.event.EventParser;
import dev.nudge.event.Ingested;
import dev.nudge.event.InvalidEventException;
import dev.nudge.job.JobSettings;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses {@code user-events} records inside the Kafka source, so that event time (and with it the
 * watermark) is known per partition. It never throws: a record that is not a valid event becomes a
 * dead letter with its original bytes and where it came from.
 */
public final class IngestDeserializer implements KafkaRecordDeserializationSchema<Ingested> {
    private static final long serialVersionUID = 1L;

    private final JobSettings.EventLimits limits;
    private transient EventParser parser;

    public IngestDeserializer(JobSettings.EventLimits limits) {
        this.limits = limits;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        parser =
                new EventParser(
                        limits.maxBytes(),
                        limits.maxFutureSkew().toMillis(),
                        System::currentTimeMillis);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Ingested> out) {
        try {
            out.collect(Ingested.of(parser.parse(record.value())));
        } catch (InvalidEventException e) {
            out.collect(
                    Ingested.rejected(
                            new DeadLetter(
                                    e.reason(),
                                    e.getMessage(),
                                    record.topic(),
                                    record.partition(),
                                    record.offset(),
                                    record.key(),
                                    record.value())));
        }
    }

    @Override
    public TypeInformation<Ingested> getProducedType() {
        return TypeInformation.of(Ingested.class);
    }
}
