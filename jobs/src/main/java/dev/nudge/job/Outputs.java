package dev.nudge.job;

import dev.nudge.control.ControlAck;
import dev.nudge.control.ControlFunction;
import dev.nudge.event.DeadLetter;
import dev.nudge.flow.FlowEvent;
import dev.nudge.journey.OpenEpisode;
import dev.nudge.policy.Action;
import dev.nudge.policy.Conversion;
import dev.nudge.policy.Decision;
import dev.nudge.policy.Engagement;
import dev.nudge.profile.PredictionCheck;
import dev.nudge.profile.ProfileUpdate;
import dev.nudge.wire.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Every output of the job (SPEC §3), each in one place: a new output is one more entry here, and
 * the job, the Kafka sink, the backtest's files, the demo's topics and the checks of the deployed
 * topics follow. Decisions are the journey operator's main output and dead letters come from three
 * operators; every other output is a side output of the journey operator or, for the answers to
 * published configurations, of the control operator ({@link NudgeJob}).
 */
public final class Outputs {
    private Outputs() {}

    public static final Output<Action> ACTIONS =
            Output.of(tag("actions", Action.class), Json::action)
                    .toTopic(
                            new Output.Topic(
                                    "actions",
                                    "marketing-actions",
                                    JobSettings.Topics::actions,
                                    false),
                            byUser(Action::userId))
                    .toFile("actions.jsonl");

    public static final Output<Decision> DECISIONS =
            Output.of(tag("decisions", Decision.class), Json::decision)
                    .toTopic(
                            new Output.Topic(
                                    "decisions",
                                    "marketing-decisions",
                                    JobSettings.Topics::decisions,
                                    false),
                            byUser(Decision::userId))
                    .toFile("decisions.jsonl");

    public static final Output<Conversion> CONVERSIONS =
            Output.of(tag("conversions", Conversion.class), Json::conversion)
                    .toTopic(
                            new Output.Topic(
                                    "conversions",
                                    "marketing-conversions",
                                    JobSettings.Topics::conversions,
                                    false),
                            byUser(Conversion::userId))
                    .toFile("conversions.jsonl");

    /** The senders' feedback, linked to the actions it is about: one record per action and step. */
    public static final Output<Engagement> ENGAGEMENT =
            Output.of(tag("engagement", Engagement.class), Json::engagement)
                    .toTopic(
                            new Output.Topic(
                                    "engagement",
                                    "marketing-engagement",
                                    JobSettings.Topics::engagement,
                                    false),
                            byUser(Engagement::userId))
                    .toFile("engagement.jsonl");

    /** Under the original record's key; see {@link Output} for their Kafka value. */
    public static final Output<DeadLetter> DEAD_LETTERS =
            Output.of(tag("dead-letters", DeadLetter.class), Json::deadLetter)
                    .toTopic(
                            new Output.Topic(
                                    "deadLetters",
                                    "user-events-dlq",
                                    JobSettings.Topics::deadLetters,
                                    false),
                            DeadLetter::key)
                    .toFile("dead-letters.jsonl");

    /**
     * Profile snapshots and erasure tombstones (a {@code null} value, which removes an erased user
     * from the compacted topic).
     */
    public static final Output<ProfileUpdate> PROFILES =
            Output.of(tag("profiles", ProfileUpdate.class), ProfileUpdate::snapshot)
                    .toTopic(
                            new Output.Topic(
                                    "profiles",
                                    "user-profiles",
                                    JobSettings.Topics::profiles,
                                    true),
                            byUser(ProfileUpdate::userId));

    /**
     * Episodes still open, and moments still held for their send time, when a bounded input ends.
     */
    public static final Output<OpenEpisode> OPEN_EPISODES =
            Output.of(tag("open-episodes", OpenEpisode.class), OpenEpisodeJson::of)
                    .toFile("open-episodes.jsonl");

    /**
     * Each user's profile when a bounded input ends, at the clock's stop ({@link JourneyFunction}),
     * in the very bytes of {@code user-profiles}: for a backtest's {@code profiles.jsonl}, never
     * for the topic.
     */
    public static final Output<ProfileUpdate> FINAL_PROFILES =
            Output.of(tag("final-profiles", ProfileUpdate.class), ProfileUpdate::snapshot)
                    .toFile("profiles.jsonl");

    /**
     * The steps of users through flows (entered, reached, timed out, exited, completed, left): the
     * funnel of a backtest's report. No topic carries them; a running job counts them in its
     * metrics.
     */
    public static final Output<FlowEvent> FLOW_EVENTS =
            Output.of(tag("flow-events", FlowEvent.class), Json::flowEvent).toFile("flows.jsonl");

    /**
     * Each purchase that began an occasion, next to what the user's purchase cycle had predicted:
     * the accuracy table of a backtest's report. No topic carries them; a running job counts them
     * in its metrics.
     */
    public static final Output<PredictionCheck> PREDICTION_CHECKS =
            Output.of(tag("prediction-checks", PredictionCheck.class), Json::predictionCheck)
                    .toFile("predictions.jsonl");

    /** The answers to published configurations, under the version they answer. */
    public static final Output<ControlAck> CONTROL_ACKS =
            Output.of(ControlFunction.ACKS, ControlAck::toJson)
                    .toTopic(
                            new Output.Topic(
                                    "controlAcks",
                                    "marketing-control-acks",
                                    JobSettings.Topics::controlAcks,
                                    false),
                            ack -> ack.version() == null ? null : utf8(ack.version()));

    public static final List<Output<?>> ALL =
            List.of(
                    ACTIONS,
                    DECISIONS,
                    CONVERSIONS,
                    DEAD_LETTERS,
                    PROFILES,
                    OPEN_EPISODES,
                    FINAL_PROFILES,
                    CONTROL_ACKS,
                    ENGAGEMENT,
                    FLOW_EVENTS,
                    PREDICTION_CHECKS);

    /** The topics the job writes, one per output that has one. */
    public static List<Output.Topic> topics() {
        return ALL.stream().flatMap(output -> output.topic().stream()).toList();
    }

    private static <T> OutputTag<T> tag(String id, Class<T> type) {
        return new OutputTag<>(id, TypeInformation.of(type));
    }

    private static <T> SerializableFunction<T, byte[]> byUser(
            SerializableFunction<T, String> userId) {
        return record -> utf8(userId.apply(record));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
