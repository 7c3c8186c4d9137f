package dev.nudge.console.user;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

/**
 * The partition that holds a user's records. The job writes every record keyed by its {@code
 * userId} (UTF-8) without naming a partition, so the producer's built-in partitioner places it:
 * murmur2 of the key bytes, made positive, modulo the topic's partitions. The console asks the
 * producer's own function rather than repeating it, so that reading follows the placement of the
 * Kafka client the job writes with; {@code UserLookupIT} holds the two to each other on a real
 * broker.
 */
public final class UserPartition {
    private UserPartition() {}

    /** The key the job writes the user's records under. */
    public static byte[] key(String userId) {
        return userId.getBytes(StandardCharsets.UTF_8);
    }

    /** The partition of {@code userId}'s records in a topic of {@code partitions} partitions. */
    public static int of(String userId, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("a topic has at least one partition: " + partitions);
        }
        return BuiltInPartitioner.partitionForKey(key(userId), partitions);
    }
}
