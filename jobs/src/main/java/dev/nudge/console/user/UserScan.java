package dev.nudge.console.user;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.job.JobSettings;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads, once and on demand, what the job wrote about one user: only the user's partition of {@code
 * user-profiles} (compacted: from its beginning, the latest value of the key, a tombstone meaning
 * erased), {@code marketing-decisions} and {@code marketing-conversions} (from the first record
 * written {@link Limits#window} ago). Only committed records ({@code read_committed}), no consumer
 * group, the partitions assigned.
 *
 * <p>Bounded three ways, so that a lookup on a busy partition cannot hold the console: it stops at
 * the end offsets taken when it began; it reads at most {@link Limits#maxRecordsPerTopic} records
 * of each topic, the newest ones (the start moves forward, never the end, so the latest decisions
 * and profile are always among those read); and it gives up after {@link Limits#maxTime}. What it
 * keeps is bounded too: one profile, the newest {@link #KEPT_DECISIONS} decisions and {@link
 * #KEPT_CONVERSIONS} conversions of the user. Every cut is reported in {@link Result}.
 */
public final class UserScan {
    /** Decisions kept, newest first: the 30 shown and enough before them to count recent sends. */
    public static final int KEPT_DECISIONS = 200;

    public static final int KEPT_CONVERSIONS = 30;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param maxRecordsPerTopic the most records of each topic's partition read
     * @param maxTime the longest a lookup reads, answers of the cluster included
     * @param window how far back decisions and conversions are read
     */
    public record Limits(long maxRecordsPerTopic, Duration maxTime, Duration window) {
        public static final Limits DEFAULT =
                new Limits(200_000, Duration.ofSeconds(10), Duration.ofDays(7));
    }

    /** What became of the user's profile on {@code user-profiles}. */
    public enum ProfileState {
        /** A profile record is the key's latest value. */
        FOUND,
        /** A tombstone is: the user was erased. */
        ERASED,
        /** No record of the user was read. */
        NONE
    }

    /** A record of the user: its value, and when Kafka took it (epoch ms). */
    public record Seen(JsonNode value, long writtenAt) {}

    /**
     * How one topic was read.
     *
     * @param partition the user's partition, -1 when the topic could not be read
     * @param partitions how many partitions the topic has, 0 when missing
     * @param from where reading started, in words
     * @param scanned records read (of every user on the partition)
     * @param matched records of the user among them
     * @param complete whether everything meant to be read was read
     * @param note what cut it short or why it could not be read; null when complete
     */
    public record TopicScan(
            String topic,
            int partition,
            int partitions,
            String from,
            long startOffset,
            long endOffset,
            long scanned,
            long matched,
            boolean complete,
            String note) {}

    /**
     * @param profile the latest profile record, or null
     * @param decisions the user's decisions read, newest first, at most {@link #KEPT_DECISIONS}
     * @param conversions the user's conversions read, newest first, at most {@link
     *     #KEPT_CONVERSIONS}
     * @param missing topics that do not exist (or this client may not see)
     * @param window how far back decisions and conversions were read
     * @param millis how long the lookup took
     */
    public record Result(
            ProfileState profileState,
            JsonNode profile,
            List<Seen> decisions,
            List<Seen> conversions,
            List<TopicScan> topics,
            List<String> missing,
            Duration window,
            long millis) {
        public Result {
            decisions = List.copyOf(decisions);
            conversions = List.copyOf(conversions);
            topics = List.copyOf(topics);
            missing = List.copyOf(missing);
        }

        public long scanned() {
            return topics.stream().mapToLong(TopicScan::scanned).sum();
        }

        /** Whether a bound stopped reading before the end of some topic. */
        public boolean cutShort() {
            return topics.stream().anyMatch(t -> !t.complete() && t.partitions() > 0);
        }
    }

    /** The cluster did not answer in time: nothing could be read. */
    public static final class Unreachable extends Exception {
        public Unreachable(String message) {
            super(message);
        }
    }

    private enum Kind {
        PROFILES,
        DECISIONS,
        CONVERSIONS
    }

    /** One topic being read. */
    private static final class Target {
        final Kind kind;
        final String topic;
        int partitions;
        TopicPartition partition;
        String from;
        long start;
        long end;
        long scanned;
        long matched;
        long unreadable;
        String note;
        boolean complete;

        Target(Kind kind, String topic) {
            this.kind = kind;
            this.topic = topic;
        }

        TopicScan scan() {
            String why = note;
            if (unreadable > 0) {
                String more = unreadable + " of the user's records were not JSON and were skipped";
                why = why == null ? more : why + "; " + more;
            }
            return new TopicScan(
                    topic,
                    partition == null ? -1 : partition.partition(),
                    partitions,
                    from,
                    start,
                    end,
                    scanned,
                    matched,
                    complete,
                    why);
        }
    }

    private UserScan() {}

    /**
     * @param client Kafka client properties (bootstrap servers, security); read_committed and no
     *     group are set here whatever they say
     * @param now the wall-clock time the window is counted back from (epoch ms)
     * @throws Unreachable when the cluster does not answer within {@link Limits#maxTime}
     */
    public static Result read(
            Properties client, JobSettings.Topics topics, String userId, Limits limits, long now)
            throws Unreachable {
        long began = System.nanoTime();
        long deadline = began + limits.maxTime().toNanos();
        byte[] key = UserPartition.key(userId);
        List<Target> targets =
                List.of(
                        new Target(Kind.PROFILES, topics.profiles()),
                        new Target(Kind.DECISIONS, topics.decisions()),
                        new Target(Kind.CONVERSIONS, topics.conversions()));
        List<String> missing = new ArrayList<>();
        JsonNode profile = null;
        ProfileState state = ProfileState.NONE;
        Deque<Seen> decisions = new ArrayDeque<>();
        Deque<Seen> conversions = new ArrayDeque<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        properties(client, limits.maxTime()),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            Map<TopicPartition, Target> reading = new LinkedHashMap<>();
            for (Target target : targets) {
                List<PartitionInfo> infos;
                try {
                    infos = consumer.partitionsFor(target.topic, remaining(deadline));
                } catch (TimeoutException e) {
                    throw unreachable(client, limits);
                } catch (KafkaException e) {
                    target.note = "could not be read: " + e.getMessage();
                    continue;
                }
                if (infos == null || infos.isEmpty()) {
                    target.note = "does not exist on the cluster (or this client may not see it)";
                    missing.add(target.topic);
                    continue;
                }
                target.partitions = infos.size();
                target.partition =
                        new TopicPartition(target.topic, UserPartition.of(userId, infos.size()));
                reading.put(target.partition, target);
            }
            if (!reading.isEmpty()) {
                List<TopicPartition> assigned = List.copyOf(reading.keySet());
                consumer.assign(assigned);
                try {
                    position(consumer, reading, limits, now, deadline);
                } catch (TimeoutException e) {
                    throw unreachable(client, limits);
                }
                Map<TopicPartition, Target> open = new HashMap<>();
                reading.forEach(
                        (partition, target) -> {
                            if (target.start < target.end) {
                                open.put(partition, target);
                            } else {
                                target.complete = true;
                            }
                        });
                consumer.pause(assigned.stream().filter(p -> !open.containsKey(p)).toList());
                while (!open.isEmpty()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        for (Target target : open.values()) {
                            target.note = cutByTime(target, limits);
                        }
                        break;
                    }
                    for (ConsumerRecord<byte[], byte[]> record :
                            consumer.poll(Duration.ofNanos(Math.min(left, 200_000_000L)))) {
                        Target target =
                                reading.get(new TopicPartition(record.topic(), record.partition()));
                        if (target == null || record.offset() >= target.end) {
                            continue;
                        }
                        target.scanned++;
                        if (!Arrays.equals(key, record.key())) {
                            continue;
                        }
                        target.matched++;
                        if (target.kind == Kind.PROFILES && record.value() == null) {
                            state = ProfileState.ERASED;
                            profile = null;
                            continue;
                        }
                        JsonNode value = parse(record.value());
                        if (value == null) {
                            target.unreadable++;
                            continue;
                        }
                        Seen seen = new Seen(value, record.timestamp());
                        switch (target.kind) {
                            case PROFILES -> {
                                state = ProfileState.FOUND;
                                profile = value;
                            }
                            case DECISIONS -> keepNewest(decisions, seen, KEPT_DECISIONS);
                            case CONVERSIONS -> keepNewest(conversions, seen, KEPT_CONVERSIONS);
                        }
                    }
                    for (TopicPartition partition : List.copyOf(open.keySet())) {
                        if (consumer.position(partition, remaining(deadline))
                                >= open.get(partition).end) {
                            open.remove(partition).complete = reading.get(partition).note == null;
                            consumer.pause(List.of(partition));
                        }
                    }
                }
            }
        } catch (TimeoutException e) {
            throw unreachable(client, limits);
        }
        return new Result(
                state,
                profile,
                List.copyOf(decisions),
                List.copyOf(conversions),
                targets.stream().map(Target::scan).toList(),
                missing,
                limits.window(),
                Duration.ofNanos(System.nanoTime() - began).toMillis());
    }

    /**
     * Seeks each partition to where reading starts: the profiles from their beginning, the others
     * from the first record written {@code window} before {@code now}; either no further back than
     * the newest {@code maxRecordsPerTopic} records.
     */
    private static void position(
            KafkaConsumer<byte[], byte[]> consumer,
            Map<TopicPartition, Target> reading,
            Limits limits,
            long now,
            long deadline) {
        List<TopicPartition> partitions = List.copyOf(reading.keySet());
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, remaining(deadline));
        Map<TopicPartition, Long> beginnings =
                consumer.beginningOffsets(partitions, remaining(deadline));
        Map<TopicPartition, Long> since = new HashMap<>();
        long from = Math.max(0, now - limits.window().toMillis());
        reading.forEach(
                (partition, target) -> {
                    if (target.kind != Kind.PROFILES) {
                        since.put(partition, from);
                    }
                });
        Map<TopicPartition, OffsetAndTimestamp> atTime =
                since.isEmpty() ? Map.of() : consumer.offsetsForTimes(since, remaining(deadline));
        for (Map.Entry<TopicPartition, Target> entry : reading.entrySet()) {
            TopicPartition partition = entry.getKey();
            Target target = entry.getValue();
            target.end = ends.get(partition);
            long start;
            if (target.kind == Kind.PROFILES) {
                start = beginnings.get(partition);
                target.from = "the beginning";
            } else {
                OffsetAndTimestamp first = atTime.get(partition);
                start = first == null ? target.end : Math.min(first.offset(), target.end);
                target.from = "the first record written " + days(limits.window()) + " ago";
            }
            long newest = target.end - limits.maxRecordsPerTopic();
            if (start < newest) {
                target.note =
                        "only the newest "
                                + limits.maxRecordsPerTopic()
                                + " of "
                                + (target.end - start)
                                + " records were read (the lookup's bound)";
                target.from = "the newest " + limits.maxRecordsPerTopic() + " records";
                start = newest;
            }
            target.start = start;
            consumer.seek(partition, start);
        }
    }

    private static String cutByTime(Target target, Limits limits) {
        String time =
                "stopped after "
                        + limits.maxTime().toSeconds()
                        + " s with "
                        + target.scanned
                        + " of "
                        + (target.end - target.start)
                        + " records read (the lookup's bound)";
        return target.note == null ? time : target.note + "; " + time;
    }

    private static void keepNewest(Deque<Seen> kept, Seen seen, int bound) {
        kept.addFirst(seen);
        if (kept.size() > bound) {
            kept.removeLast();
        }
    }

    private static JsonNode parse(byte[] value) {
        try {
            JsonNode node = value == null ? null : JSON.readTree(value);
            return node != null && node.isObject() ? node : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime()));
    }

    private static Unreachable unreachable(Properties client, Limits limits) {
        return new Unreachable(
                "Kafka at "
                        + client.getProperty("bootstrap.servers", "(no bootstrap servers)")
                        + " did not answer within "
                        + limits.maxTime().toSeconds()
                        + " s: is it running, and are --bootstrap and --command-config right?");
    }

    private static String days(Duration window) {
        long days = window.toDays();
        return days * 86_400_000L == window.toMillis()
                ? days + (days == 1 ? " day" : " days")
                : window.toSeconds() + " s";
    }

    private static Properties properties(Properties client, Duration patience) {
        Properties properties = new Properties();
        properties.putAll(client);
        properties.put("isolation.level", "read_committed");
        properties.put("enable.auto.commit", "false");
        properties.put("allow.auto.create.topics", "false");
        // A position the retention deleted meanwhile: go on from the oldest record kept.
        properties.put("auto.offset.reset", "earliest");
        properties.put("default.api.timeout.ms", Long.toString(patience.toMillis()));
        properties.put("request.timeout.ms", Long.toString(Math.max(1000, patience.toMillis())));
        properties.put("client.id", "nudge-console-user");
        properties.remove("group.id");
        properties.remove("group.instance.id");
        return properties;
    }
}
