package dev.nudge.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.wire.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes a patterns document on the control topic and waits for the job's answer to it on the
 * acks topic: the one way operators change the running job, shared by {@code publish} and the
 * console so that both publish the same record and recognise the same answer.
 *
 * <p>The reader of the answers is positioned at the end of the acks topic before anything is
 * published, so that an answer that comes quickly is not missed, and it reads with {@code
 * read_committed} (the job writes its answers with its exactly-once outputs), without a consumer
 * group. The answer to this very document is the one with its version and its publication time.
 * Only {@code client}'s properties are used, both to write and to read: the operators' principal.
 */
public final class ControlPublisher {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the document went. */
    public record Published(String topic, int partition, long offset, long timestamp) {}

    /** How a publication ended. */
    public enum Ending {
        /** The acks topic does not exist: nothing was published. */
        NO_ACKS_TOPIC,
        /** Published, but no answer came in time. */
        NO_ANSWER,
        /** Published and answered. */
        ANSWERED
    }

    /**
     * What came of a publication.
     *
     * @param published where the document went; {@code null} when nothing was published
     * @param answer the job's answer as written on the acks topic; {@code null} without one
     */
    public record Outcome(Ending ending, Published published, JsonNode answer) {}

    private final Properties client;
    private final String topic;
    private final String acksTopic;

    /**
     * @param client Kafka client properties with {@code bootstrap.servers}: the operators'
     *     principal
     * @param topic the control topic
     * @param acksTopic where the job answers
     */
    public ControlPublisher(Properties client, String topic, String acksTopic) {
        this.client = new Properties();
        this.client.putAll(client);
        this.topic = topic;
        this.acksTopic = acksTopic;
    }

    public String topic() {
        return topic;
    }

    public String acksTopic() {
        return acksTopic;
    }

    /**
     * Publishes {@code document} under {@code version} with the {@code changedBy} header, and waits
     * up to {@code wait} for the job's answer.
     *
     * @param document the document's bytes exactly as they were checked, not encoded again
     * @param onPublished told where the document went, before the wait for the answer begins
     * @throws IOException when the document could not be published or an answer is not JSON
     * @throws org.apache.kafka.common.KafkaException when Kafka cannot be reached or refuses
     */
    public Outcome publishAndAwait(
            String version,
            byte[] document,
            String changedBy,
            Duration wait,
            Consumer<Published> onPublished)
            throws IOException {
        try (KafkaConsumer<byte[], byte[]> answers = answersFromNow(wait)) {
            if (answers.assignment().isEmpty()) {
                return new Outcome(Ending.NO_ACKS_TOPIC, null, null);
            }
            Published published = publish(version, document, changedBy);
            onPublished.accept(published);
            JsonNode answer = awaitAnswer(answers, version, published.timestamp(), wait);
            return new Outcome(
                    answer == null ? Ending.NO_ANSWER : Ending.ANSWERED, published, answer);
        }
    }

    /** A reader of the answers, positioned at their end before anything is published. */
    private KafkaConsumer<byte[], byte[]> answersFromNow(Duration wait) {
        Properties properties = new Properties();
        properties.putAll(client);
        properties.put("isolation.level", "read_committed");
        properties.put("enable.auto.commit", "false");
        properties.remove("group.id");
        KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(acksTopic, wait).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            return consumer;
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
    }

    private Published publish(String version, byte[] document, String changedBy)
            throws IOException {
        Properties properties = new Properties();
        properties.putAll(client);
        properties.put("acks", "all");
        properties.put("enable.idempotence", "true");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        properties, new ByteArraySerializer(), new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> record =
                    new ProducerRecord<>(topic, version.getBytes(StandardCharsets.UTF_8), document);
            record.headers()
                    .add(
                            ControlDeserializer.CHANGED_BY,
                            changedBy.getBytes(StandardCharsets.UTF_8));
            RecordMetadata sent = producer.send(record).get();
            return new Published(sent.topic(), sent.partition(), sent.offset(), sent.timestamp());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while publishing", e);
        } catch (ExecutionException e) {
            throw new IOException("could not publish to " + topic + ": " + e.getCause(), e);
        }
    }

    /** The answer to this very document: its version, published at its time. */
    private static JsonNode awaitAnswer(
            KafkaConsumer<byte[], byte[]> answers, String version, long publishedAt, Duration wait)
            throws IOException {
        String published = Json.time(publishedAt);
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : answers.poll(Duration.ofMillis(200))) {
                if (record.value() == null) {
                    continue;
                }
                JsonNode ack = JSON.readTree(record.value());
                if (version.equals(ack.path("version").asText())
                        && published.equals(ack.path("publishedAt").asText())) {
                    return ack;
                }
            }
        }
        return null;
    }
}
