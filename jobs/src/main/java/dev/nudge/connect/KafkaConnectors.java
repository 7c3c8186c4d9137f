package dev.nudge.connect;

import dev.nudge.config.ConfigException;
import dev.nudge.control.ControlDocument;
import dev.nudge.event.Ingested;
import dev.nudge.job.Descriptors;
import dev.nudge.job.JobOutputs;
import dev.nudge.job.JobSettings;
import dev.nudge.job.NudgeStreams;
import dev.nudge.job.Output;
import dev.nudge.job.Outputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The production connectors: {@code user-events} in, every output topic out, exactly once. */
public final class KafkaConnectors {
    private KafkaConnectors() {}

    /** Reads {@code user-events}, parsing in the source so that watermarks are per partition. */
    public static KafkaSource<Ingested> source(JobSettings settings) {
        JobSettings.Kafka kafka = settings.kafka();
        return KafkaSource.<Ingested>builder()
                .setProperties(KafkaClientConfig.consumer(kafka))
                .setTopics(settings.topics().events())
                .setGroupId(kafka.groupId())
                .setStartingOffsets(startingOffsets(kafka.startingOffsets()))
                .setDeserializer(new IngestDeserializer(settings.events()))
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
    }

    /**
     * Reads {@code marketing-control}: from the offsets of the last checkpoint, else those
     * committed, else from the start, so that a document published while the job was down is not
     * missed (and one older than the version in force is answered as such).
     */
    public static KafkaSource<ControlDocument> control(JobSettings settings) {
        JobSettings.Kafka kafka = settings.kafka();
        return KafkaSource.<ControlDocument>builder()
                .setProperties(KafkaClientConfig.consumer(kafka))
                .setTopics(settings.topics().control())
                .setGroupId(kafka.groupId())
                .setStartingOffsets(
                        OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new ControlDeserializer())
                .setProperty("commit.offsets.on.checkpoint", "true")
                .build();
    }

    /**
     * Writes every output that has a topic ({@link Outputs}) through one transactional sink:
     * records become visible to {@code read_committed} readers when the checkpoint that covers them
     * completes.
     */
    public static JobOutputs outputs(JobSettings settings) {
        return streams -> {
            List<DataStream<Outbound>> records = new ArrayList<>();
            for (Output<?> output : Outputs.ALL) {
                if (output.topic().isPresent()) {
                    records.add(records(streams, output));
                }
            }
            @SuppressWarnings("unchecked")
            DataStream<Outbound>[] others =
                    records.subList(1, records.size()).toArray(DataStream[]::new);
            records.get(0)
                    .union(others)
                    .sinkTo(sink(settings))
                    .uid(Descriptors.Uids.KAFKA_SINK)
                    .name("kafka outputs");
        };
    }

    private static <T> DataStream<Outbound> records(NudgeStreams streams, Output<T> output) {
        return streams.of(output)
                .map(record -> Outbound.of(output, record), TypeInformation.of(Outbound.class))
                .name(output.name());
    }

    static KafkaSink<Outbound> sink(JobSettings settings) {
        JobSettings.Kafka kafka = settings.kafka();
        Properties producer = KafkaClientConfig.producer(kafka);
        try {
            RecordBounds.check(settings, producer);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return KafkaSink.<Outbound>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(
                        new OutboundSerializer(settings.topics(), settings.events().maxBytes()))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(kafka.transactionalIdPrefix())
                .setTransactionNamingStrategy(TransactionNamingStrategy.POOLING)
                .build();
    }

    private static OffsetsInitializer startingOffsets(JobSettings.StartingOffsets starting) {
        return switch (starting) {
            case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
        };
    }
}
