package dev.nudge.demo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The plain Kafka clients of the demo and the tests: a producer of events, a committed reader. */
public final class DemoClients {
    private DemoClients() {}

    public static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(
                        "bootstrap.servers", bootstrap,
                        "acks", "all",
                        "linger.ms", "5"),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    public static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
    }

    /** A consumer that sees only committed records, as senders must (SPEC §10). */
    public static KafkaConsumer<byte[], byte[]> committedReader(
            String bootstrap, List<String> topics) {
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                "bootstrap.servers", bootstrap,
                                "group.id", "nudge-reader-" + System.nanoTime(),
                                "isolation.level", "read_committed",
                                "auto.offset.reset", "earliest",
                                "enable.auto.commit", "false"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        consumer.subscribe(topics);
        return consumer;
    }

    /**
     * A committed reader of every partition of {@code topics} from the beginning, assigned rather
     * than subscribed: it reads at once, without waiting for a consumer group to form.
     */
    public static KafkaConsumer<byte[], byte[]> committedReaderFromStart(
            String bootstrap, List<String> topics) {
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                "bootstrap.servers", bootstrap,
                                "isolation.level", "read_committed",
                                "enable.auto.commit", "false"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        List<TopicPartition> partitions =
                topics.stream()
                        .flatMap(topic -> consumer.partitionsFor(topic).stream())
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }
}
