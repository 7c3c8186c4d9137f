package dev.nudge.report;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the committed records of a topic from a time on, once: every partition from the first
 * offset whose Kafka timestamp is at or after that time ({@code offsetsForTimes}) to its end offset
 * as it was when reading began, so that the read ends however much the job writes meanwhile. Only
 * committed records are read ({@code isolation.level=read_committed}): a record of an aborted or
 * still open transaction never reaches the report. No consumer group is joined and no offset is
 * committed.
 */
public final class TopicRange {
    private TopicRange() {}

    /** The topic does not exist on the cluster (or this client may not see it). */
    public static final class MissingTopic extends Exception {
        public MissingTopic(String topic) {
            super(topic);
        }
    }

    /**
     * @param client the Kafka client properties: bootstrap servers, security
     * @param from epoch milliseconds: records with an earlier timestamp are skipped by seeking
     * @param patience how long to wait for the cluster's answers, and for reading to move on
     * @param each given every value read, in each partition's order
     * @return how many records were read
     * @throws KafkaException when the cluster cannot be reached or refuses, or reading stalls
     */
    public static long read(
            Properties client, String topic, long from, Duration patience, Consumer<byte[]> each)
            throws MissingTopic {
        Properties properties = new Properties();
        properties.putAll(client);
        properties.put("isolation.level", "read_committed");
        properties.put("enable.auto.commit", "false");
        properties.put("allow.auto.create.topics", "false");
        properties.put("auto.offset.reset", "none");
        properties.put("default.api.timeout.ms", Long.toString(patience.toMillis()));
        properties.remove("group.id");
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, patience).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            if (partitions.isEmpty()) {
                throw new MissingTopic(topic);
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, patience);
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(p -> times.put(p, Math.max(0, from)));
            Map<TopicPartition, OffsetAndTimestamp> starts =
                    consumer.offsetsForTimes(times, patience);
            Set<TopicPartition> reading = new HashSet<>();
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp start = starts.get(partition);
                long end = ends.get(partition);
                long offset = start == null ? end : Math.min(start.offset(), end);
                consumer.seek(partition, offset);
                if (offset < end) {
                    reading.add(partition);
                } else {
                    consumer.pause(List.of(partition));
                }
            }
            long read = 0;
            long lastProgress = System.nanoTime();
            while (!reading.isEmpty()) {
                boolean moved = false;
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition =
                            new TopicPartition(record.topic(), record.partition());
                    moved = true;
                    if (record.offset() < ends.get(partition)) {
                        each.accept(record.value());
                        read++;
                    }
                }
                for (TopicPartition partition : List.copyOf(reading)) {
                    if (consumer.position(partition, patience) >= ends.get(partition)) {
                        reading.remove(partition);
                        consumer.pause(List.of(partition));
                        moved = true;
                    }
                }
                if (moved) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > patience.toNanos() * 2) {
                    throw new KafkaException(
                            "reading "
                                    + topic
                                    + " made no progress for "
                                    + patience.multipliedBy(2).toSeconds()
                                    + " s");
                }
            }
            return read;
        }
    }
}
