package dev.nudge.job;

import dev.nudge.event.DeadLetter;
import dev.nudge.event.Ingested;
import dev.nudge.event.UserEvent;
import dev.nudge.pattern.Match;
import dev.nudge.policy.Action;
import dev.nudge.policy.Decision;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * The Nudge job (SPEC §9): events in, parsed and checked, keyed by user, through the journey
 * operator (profile, detectors, policy), decisions and actions out. Source and outputs are
 * injected, so that production (Kafka), backtests (files) and tests (collections) run this very
 * topology.
 *
 * <pre>
 * source ─► separate dead letters ──(bad)──────────────────────────► dead letters
 *                 │ valid events, watermarked at the source
 *                 ▼ keyBy(userId) ─────────────► SEQUENCE patterns (Flink CEP)
 *                 ▼                                      │ matches, keyBy(userId)
 *          journey operator ◄───────────────────────────┘
 *                 └─► decisions, actions, profiles, late events (to dead letters)
 * </pre>
 */
public final class NudgeJob {
    public static final String NAME = "nudge";

    private final JobSettings settings;
    private final String patternsDocument;
    private final Source<Ingested, ?, ?> source;
    private final JobOutputs outputs;

    /**
     * @param patternsDocument the {@code patterns.yaml} text, already validated
     */
    public NudgeJob(
            JobSettings settings,
            String patternsDocument,
            Source<Ingested, ?, ?> source,
            JobOutputs outputs) {
        this.settings = settings;
        this.patternsDocument = patternsDocument;
        this.source = source;
        this.outputs = outputs;
    }

    /** Builds the topology in {@code env} and attaches the outputs. */
    public NudgeStreams build(StreamExecutionEnvironment env) {
        DataStream<Ingested> records = readRecords(env);
        SingleOutputStreamOperator<UserEvent> events = separateDeadLetters(records);
        SingleOutputStreamOperator<Decision> decisions =
                followJourneys(events, sequenceMatches(events));
        DataStream<Action> actions = decisions.getSideOutput(Descriptors.ACTIONS);
        DataStream<DeadLetter> deadLetters =
                events.getSideOutput(Descriptors.DEAD_LETTERS)
                        .union(decisions.getSideOutput(Descriptors.DEAD_LETTERS));
        NudgeStreams streams =
                new NudgeStreams(
                        actions,
                        decisions,
                        deadLetters,
                        decisions.getSideOutput(Descriptors.PROFILES),
                        decisions.getSideOutput(Descriptors.OPEN_EPISODES));
        outputs.attach(streams);
        return streams;
    }

    /** Builds and starts the job, returning at once. */
    public JobClient start(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync(NAME);
    }

    private DataStream<Ingested> readRecords(StreamExecutionEnvironment env) {
        return env.fromSource(
                        source,
                        EventTime.watermarks(settings.watermarks()),
                        "user-events",
                        TypeInformation.of(Ingested.class))
                .uid(Descriptors.Uids.SOURCE)
                .name("user-events");
    }

    private SingleOutputStreamOperator<UserEvent> separateDeadLetters(
            DataStream<Ingested> records) {
        return records.process(new SeparateDeadLetters(), TypeInformation.of(UserEvent.class))
                .uid(Descriptors.Uids.DEAD_LETTERS)
                .name("separate dead letters");
    }

    /**
     * The matches of the SEQUENCE patterns. None is configured in this version: the stream carries
     * only the events' watermarks, so that the journey operator's time is the events' time.
     */
    private DataStream<Match> sequenceMatches(DataStream<UserEvent> events) {
        return events.flatMap(
                        (UserEvent event, Collector<Match> matches) -> {},
                        TypeInformation.of(Match.class))
                .uid(Descriptors.Uids.SEQUENCE_MATCHES)
                .name("sequence patterns (none)");
    }

    private SingleOutputStreamOperator<Decision> followJourneys(
            DataStream<UserEvent> events, DataStream<Match> matches) {
        return events.keyBy(UserEvent::userId, Types.STRING)
                .connect(matches.keyBy(Match::userId, Types.STRING))
                .process(
                        new JourneyFunction(
                                patternsDocument, settings.journey(), settings.topics().events()),
                        TypeInformation.of(Decision.class))
                .uid(Descriptors.Uids.JOURNEY)
                .name("journeys");
    }
}
