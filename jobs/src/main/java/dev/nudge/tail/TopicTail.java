package dev.nudge.tail;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the committed records of one topic as a sender does, and gives each to a callback.
 *
 * <p>Only committed records are read ({@code isolation.level=read_committed}, whatever the client
 * properties say): nothing of an aborted transaction, nor of one still open, is ever given, since a
 * sender that acted on it would act on what the job may write again after a restart. Without a
 * group, no consumer group is joined and nothing is committed: every partition is assigned and read
 * from its end, its beginning or the first record written at or after a time. With a group, the
 * topic is subscribed in that group and the offset after each record given is committed once it was
 * given, so that a reader stopped and started again resumes after the last record it had (the start
 * then applies only to partitions the group has no offset for).
 *
 * <p>Once, reading stops at the end offsets the partitions had when reading began, so that it ends
 * however much is written meanwhile; following, it goes on until {@link #stop()}.
 */
public final class TopicTail {
    private static final Duration POLL = Duration.ofMillis(200);

    /** Where reading starts (with a group: where the group has no committed offset). */
    public sealed interface Start permits Start.AtEnd, Start.AtBeginning, Start.AtTime {
        /** After the last committed record: only what is written from now on. */
        record AtEnd() implements Start {}

        /** The first record each partition still has. */
        record AtBeginning() implements Start {}

        /** The first record with a Kafka timestamp (when it was written) at or after a time. */
        record AtTime(long epochMillis) implements Start {}
    }

    /**
     * @param topic the topic's full name
     * @param follow whether to go on reading after the end offsets of the start
     * @param max stop after this many records
     * @param group the consumer group to read in and commit to, or null for none
     * @param patience how long to wait for the cluster's answers, and, reading once, for reading to
     *     move on
     */
    public record Options(
            String topic, Start start, boolean follow, long max, String group, Duration patience) {}

    /** Where the records read go. */
    @FunctionalInterface
    public interface Receiver {
        /**
         * @return whether the record was passed on; false (its reader is gone) ends reading, and
         *     the record is neither counted nor committed
         */
        boolean take(ConsumerRecord<byte[], byte[]> record);
    }

    /** The topic does not exist on the cluster (or this client may not see it). */
    public static final class MissingTopic extends Exception {
        public MissingTopic(String topic) {
            super(topic);
        }
    }

    private final Properties client;
    private final Options options;
    private final Object lock = new Object();
    private volatile boolean stopped;
    private KafkaConsumer<byte[], byte[]> consumer;
    private long given;
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();

    /**
     * @param client the Kafka client properties: bootstrap servers, security
     */
    public TopicTail(Properties client, Options options) {
        this.client = client;
        this.options = options;
    }

    /**
     * Reads until the end (once), {@code max} records, or {@link #stop()}; a stop ends reading as
     * quietly as the end does.
     *
     * @return how many records {@code each} passed on
     * @throws KafkaException when the cluster cannot be reached or refuses, or, reading once,
     *     reading stalls
     */
    public long run(Receiver each) throws MissingTopic {
        boolean interrupted = false;
        KafkaConsumer<byte[], byte[]> reader =
                new KafkaConsumer<>(
                        properties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        try {
            synchronized (lock) {
                consumer = reader;
            }
            try {
                if (!stopped) {
                    read(reader, each);
                }
            } catch (WakeupException stop) {
                // stop(): end as at the end.
            } catch (InterruptException stop) {
                // The thread was interrupted: a stop too. Committing and closing need the flag
                // cleared; it is set again below.
                Thread.interrupted();
                interrupted = true;
            }
            try {
                commit(reader);
            } catch (WakeupException late) {
                // A stop that came after the last wait: it is used up now.
                commit(reader);
            }
        } finally {
            synchronized (lock) {
                consumer = null;
            }
            reader.close();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return given;
    }

    /** Ends {@link #run} from another thread (Ctrl-C). */
    public void stop() {
        stopped = true;
        synchronized (lock) {
            if (consumer != null) {
                consumer.wakeup();
            }
        }
    }

    private void read(KafkaConsumer<byte[], byte[]> reader, Receiver each) throws MissingTopic {
        Duration patience = options.patience();
        List<TopicPartition> partitions =
                reader.partitionsFor(options.topic(), patience).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition()))
                        .toList();
        if (partitions.isEmpty()) {
            throw new MissingTopic(options.topic());
        }
        Map<TopicPartition, Long> ends = reader.endOffsets(partitions, patience);
        if (options.group() == null) {
            reader.assign(partitions);
            for (TopicPartition partition : partitions) {
                seekToStart(reader, partition, ends.get(partition));
            }
        } else {
            reader.subscribe(List.of(options.topic()), new StartWhereNoOffset(reader));
        }
        long progressAt = System.nanoTime();
        long positions = -1;
        while (!stopped) {
            if (!options.follow()) {
                long now = positions(reader, ends);
                if (now == Long.MAX_VALUE) {
                    return;
                }
                if (now != positions) {
                    positions = now;
                    progressAt = System.nanoTime();
                } else if (System.nanoTime() - progressAt > patience.toNanos() * 2) {
                    throw new KafkaException(stalled(reader, patience.multipliedBy(2)));
                }
            }
            for (ConsumerRecord<byte[], byte[]> record : reader.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                if (!options.follow() && record.offset() >= ends.get(partition)) {
                    continue;
                }
                if (!each.take(record)) {
                    return;
                }
                given++;
                uncommitted.put(partition, new OffsetAndMetadata(record.offset() + 1));
                if (given >= options.max() || stopped) {
                    return;
                }
            }
            commit(reader);
        }
    }

    /**
     * The sum of the positions of the partitions assigned that have not reached their end, after
     * pausing those that have; {@link Long#MAX_VALUE} when all have (and at least one is assigned).
     */
    private long positions(KafkaConsumer<byte[], byte[]> reader, Map<TopicPartition, Long> ends) {
        Set<TopicPartition> assigned = reader.assignment();
        if (assigned.isEmpty()) {
            return -1;
        }
        long sum = 0;
        boolean reading = false;
        for (TopicPartition partition : assigned) {
            long position = reader.position(partition, options.patience());
            if (position >= ends.getOrDefault(partition, 0L)) {
                reader.pause(List.of(partition));
            } else {
                reading = true;
                sum += position;
            }
        }
        return reading ? sum : Long.MAX_VALUE;
    }

    private String stalled(KafkaConsumer<byte[], byte[]> reader, Duration time) {
        if (reader.assignment().isEmpty()) {
            return "no partition of "
                    + options.topic()
                    + " was assigned to group "
                    + options.group()
                    + " within "
                    + time.toSeconds()
                    + " s (do other members of the group hold them all?)";
        }
        return "reading " + options.topic() + " made no progress for " + time.toSeconds() + " s";
    }

    private void seekToStart(
            KafkaConsumer<byte[], byte[]> reader, TopicPartition partition, long end) {
        if (options.start() instanceof Start.AtTime at) {
            OffsetAndTimestamp first =
                    reader.offsetsForTimes(
                                    Map.of(partition, Math.max(0, at.epochMillis())),
                                    options.patience())
                            .get(partition);
            reader.seek(partition, first == null ? end : first.offset());
        } else if (options.start() instanceof Start.AtBeginning) {
            reader.seekToBeginning(List.of(partition));
        } else {
            reader.seek(partition, end);
        }
    }

    private void commit(KafkaConsumer<byte[], byte[]> reader) {
        if (options.group() != null && !uncommitted.isEmpty()) {
            reader.commitSync(Map.copyOf(uncommitted), options.patience());
        }
        uncommitted.clear();
    }

    private Properties properties() {
        Properties properties = new Properties();
        properties.putAll(client);
        properties.put("isolation.level", "read_committed");
        properties.put("enable.auto.commit", "false");
        properties.put("allow.auto.create.topics", "false");
        properties.put("default.api.timeout.ms", Long.toString(options.patience().toMillis()));
        if (options.group() == null) {
            properties.remove("group.id");
            // A position the retention has deleted meanwhile: go on from the oldest record kept.
            properties.put("auto.offset.reset", "earliest");
        } else {
            properties.put("group.id", options.group());
            properties.put(
                    "auto.offset.reset",
                    options.start() instanceof Start.AtBeginning ? "earliest" : "latest");
        }
        return properties;
    }

    /** In a group, a start time applies to each partition assigned that has no offset yet. */
    private final class StartWhereNoOffset implements ConsumerRebalanceListener {
        private final KafkaConsumer<byte[], byte[]> reader;

        StartWhereNoOffset(KafkaConsumer<byte[], byte[]> reader) {
            this.reader = reader;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (!(options.start() instanceof Start.AtTime) || assigned.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed =
                    reader.committed(new HashSet<>(assigned), options.patience());
            for (TopicPartition partition : assigned) {
                if (committed.get(partition) == null) {
                    long end =
                            reader.endOffsets(List.of(partition), options.patience())
                                    .get(partition);
                    seekToStart(reader, partition, end);
                }
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            commit(reader);
        }
    }
}
