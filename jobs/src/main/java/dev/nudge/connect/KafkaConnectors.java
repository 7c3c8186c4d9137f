package dev.nudge.connect;

import dev.nudge.config.ConfigException;
import dev.nudge.control.ControlDocument;
import dev.nudge.event.Ingested;
import dev.nudge.job.Descriptors;
import dev.nudge.job.JobOutputs;
import dev.nudge.job.JobSettings;
import dev.nudge.job.Outputs;
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
     * Writes actions, decisions, conversions, dead letters and profiles through one transactional
     * sink: records become visible to {@code read_committed} readers when the checkpoint that
     * covers them completes.
     */
    public static JobOutputs outputs(JobSettings settings) {
        return streams -> {
            TypeInformation<Outbound> type = TypeInformation.of(Outbound.class);
            DataStream<Outbound> all =
                    streams.of(Outputs.ACTIONS)
                            .map(Outbound::of, type)
                            .name("actions")
                            .union(
                                    streams.of(Outputs.DECISIONS)
                                            .map(Outbound::of, type)
                                            .name("decisions"),
                                    streams.of(Outputs.CONVERSIONS)
                                            .map(Outbound::of, type)
                                            .name("conversions"),
                                    streams.of(Outputs.DEAD_LETTERS)
                                            .map(Outbound::of, type)
                                            .name("dead letters"),
                                    streams.of(Outputs.PROFILES)
                                            .map(Outbound::of, type)
                                            .name("profiles"),
                                    streams.of(Outputs.CONTROL_ACKS)
                                            .map(Outbound::of, type)
                                            .name("control acks"));
            all.sinkTo(sink(settings)).uid(Descriptors.Uids.KAFKA_SINK).name("kafka outputs");
        };
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
