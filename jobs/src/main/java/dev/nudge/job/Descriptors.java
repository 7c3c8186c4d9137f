package dev.nudge.job;

import dev.nudge.journey.Journey;
import dev.nudge.journey.JourneySettings;
import dev.nudge.pattern.Match;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.util.OutputTag;

/**
 * Every state descriptor and operator uid of the job, and the side output it uses inside, in one
 * place; the side outputs that leave the job are its {@link Outputs}.
 */
public final class Descriptors {
    private Descriptors() {}

    /** Operator uids: stable forever, since savepoints map state to operators by them. */
    public static final class Uids {
        public static final String SOURCE = "source-user-events";
        public static final String DEAD_LETTERS = "dead-letters";
        public static final String JOURNEY = "journey";
        public static final String CONTROL_SOURCE = "source-marketing-control";
        public static final String CONTROL = "control";

        /** The CEP operator of the SEQUENCE pattern {@code id}. */
        public static String pattern(String id) {
            return "pattern-" + id;
        }

        public static final String KAFKA_SINK = "sink-kafka";

        private Uids() {}
    }

    /**
     * A side output of the events that is never written to: the journey's matches input when no
     * SEQUENCE pattern runs, with the events' watermarks and nothing else.
     */
    public static final OutputTag<Match> NO_SEQUENCE_MATCHES =
            new OutputTag<>("no-sequence-matches", TypeInformation.of(Match.class));

    /**
     * The configuration in force in each journey instance: broadcast state, the same in all, with
     * one entry ({@link #LIVE_DOCUMENT}), absent until a document is applied live.
     */
    public static final MapStateDescriptor<String, String> LIVE_PATTERNS =
            new MapStateDescriptor<>("live-patterns", Types.STRING, Types.STRING);

    public static final String LIVE_DOCUMENT = "document";

    /**
     * The user's journey. Event-time expiry inside the journey is the rule; Flink's processing-time
     * TTL of the same length is a backstop that also forgets users while event time stands still.
     * It cleans up in RocksDB compactions and full snapshots only: the heap backend's incremental
     * cleanup walks the state map on every access (a third of the job's CPU in the benchmark) for
     * entries that the journey's own timers remove anyway.
     */
    public static ValueStateDescriptor<Journey> journey(JourneySettings settings) {
        ValueStateDescriptor<Journey> descriptor =
                new ValueStateDescriptor<>("journey", new JourneySerializer());
        descriptor.enableTimeToLive(
                StateTtlConfig.newBuilder(settings.idleExpiry())
                        .updateTtlOnCreateAndWrite()
                        .neverReturnExpired()
                        .disableCleanupInBackground()
                        .cleanupFullSnapshot()
                        .cleanupInRocksdbCompactFilter(1000)
                        .build());
        return descriptor;
    }
}
