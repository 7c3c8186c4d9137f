package dev.nudge.testing;

import dev.nudge.demo.DemoClients;
import dev.nudge.event.UserEvent;
import dev.nudge.wire.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Producing events to, and reading committed records from, a test broker. */
public final class Kafka {
    private Kafka() {}

    /** Sends each record and waits until the broker has them all. */
    public static void produce(String bootstrap, List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> producer = DemoClients.producer(bootstrap)) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    public static ProducerRecord<byte[], byte[]> event(String topic, UserEvent event) {
        return DemoClients.record(topic, event.userId(), Json.event(event));
    }

    /** The same event, on a chosen partition: to move every partition's watermark. */
    public static ProducerRecord<byte[], byte[]> event(
            String topic, int partition, UserEvent event) {
        return new ProducerRecord<>(topic, partition, event.userId().getBytes(), Json.event(event));
    }

    /**
     * Reads the committed records of {@code topic} from the beginning until those read so far
     * satisfy {@code enough}, or until {@code timeout}; returns what was read either way.
     */
    public static List<ConsumerRecord<byte[], byte[]>> committedUntil(
            String bootstrap,
            String topic,
            Predicate<List<ConsumerRecord<byte[], byte[]>>> enough,
            Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer =
                DemoClients.committedReader(bootstrap, List.of(topic))) {
            while (System.nanoTime() < deadline && !enough.test(records)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * Reads the committed records of {@code topic} until {@code atLeast} arrived and then nothing
     * new for {@code quiet}, or until {@code timeout}.
     */
    public static List<ConsumerRecord<byte[], byte[]>> committed(
            String bootstrap, String topic, int atLeast, Duration quiet, Duration timeout) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastArrival = System.nanoTime();
        try (KafkaConsumer<byte[], byte[]> consumer =
                DemoClients.committedReader(bootstrap, List.of(topic))) {
            while (System.nanoTime() < deadline) {
                int before = records.size();
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                if (records.size() > before) {
                    lastArrival = System.nanoTime();
                }
                if (records.size() >= atLeast
                        && System.nanoTime() - lastArrival > quiet.toNanos()) {
                    break;
                }
            }
        }
        return records;
    }
}
