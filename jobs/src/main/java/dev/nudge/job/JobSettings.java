package dev.nudge.job;

import dev.nudge.journey.JourneySettings;
import dev.nudge.sequence.SequenceLimits;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;

/**
 * The platform settings of a deployment, {@code config/job.yaml} (SPEC §5): how to reach Kafka, the
 * topic names, and how the job treats event time and bounds its state. Read by {@link
 * JobSettingsReader}, which validates every field.
 */
public record JobSettings(
        Kafka kafka,
        Topics topics,
        EventLimits events,
        WatermarkSettings watermarks,
        JourneySettings journey,
        SequenceLimits sequences)
        implements Serializable {

    /** Where offsets start when the job starts without state. */
    public enum StartingOffsets {
        /** The consumer group's committed offsets, or the earliest where there are none. */
        COMMITTED,
        EARLIEST,
        LATEST
    }

    /**
     * The Kafka connection.
     *
     * @param transactionalIdPrefix unique per deployment: two jobs with the same prefix abort each
     *     other's transactions
     * @param transactionTimeout at most the broker's {@code transaction.max.timeout.ms}
     * @param properties further Kafka client properties for consumer and producer alike
     */
    public record Kafka(
            String bootstrapServers,
            String groupId,
            StartingOffsets startingOffsets,
            String transactionalIdPrefix,
            Duration transactionTimeout,
            KafkaSecurity security,
            Map<String, String> properties)
            implements Serializable {

        public Kafka {
            properties = Map.copyOf(properties);
        }

        /**
         * A plaintext broker on this machine (the demo's, a test's), read from the earliest offset,
         * with consumer group and transactional ids named {@code name}.
         */
        public static Kafka local(String bootstrapServers, String name) {
            return new Kafka(
                    bootstrapServers,
                    name,
                    StartingOffsets.EARLIEST,
                    name,
                    Duration.ofMinutes(5),
                    KafkaSecurity.PLAINTEXT,
                    Map.of());
        }
    }

    /**
     * The topic names (SPEC §3).
     *
     * @param control where operators publish configurations (SPEC §3.6)
     * @param controlAcks where the job answers them
     * @param engagement the senders' feedback, linked to the actions it is about
     */
    public record Topics(
            String events,
            String deadLetters,
            String actions,
            String decisions,
            String conversions,
            String profiles,
            String control,
            String controlAcks,
            String engagement)
            implements Serializable {}

    /**
     * What the parser accepts.
     *
     * @param maxBytes larger records go to the dead-letter topic
     * @param maxFutureSkew events further ahead of the processing clock go to the dead-letter
     *     topic, so that one wrong clock cannot drag the watermark ahead of all users
     */
    public record EventLimits(int maxBytes, Duration maxFutureSkew) implements Serializable {}

    /**
     * Event-time progress.
     *
     * @param maxOutOfOrderness how far behind the newest event an event may arrive and still count
     * @param idleness a source split without events for this long no longer holds the watermark
     */
    public record WatermarkSettings(Duration maxOutOfOrderness, Duration idleness)
            implements Serializable {}

    public JobSettings withJourney(JourneySettings journey) {
        return new JobSettings(kafka, topics, events, watermarks, journey, sequences);
    }

    public JobSettings withTopics(Topics topics) {
        return new JobSettings(kafka, topics, events, watermarks, journey, sequences);
    }

    public JobSettings withEvents(EventLimits events) {
        return new JobSettings(kafka, topics, events, watermarks, journey, sequences);
    }

    public JobSettings withKafka(Kafka kafka) {
        return new JobSettings(kafka, topics, events, watermarks, journey, sequences);
    }
}
