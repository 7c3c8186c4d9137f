package dev.nudge.job;

import dev.nudge.config.ConfigException;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternType;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.config.SequenceParams;
import dev.nudge.control.ConfigUpdate;
import dev.nudge.control.ControlDocument;
import dev.nudge.control.ControlFunction;
import dev.nudge.event.DeadLetter;
import dev.nudge.event.EventType;
import dev.nudge.event.Ingested;
import dev.nudge.event.UserEvent;
import dev.nudge.pattern.Match;
import dev.nudge.policy.Decision;
import dev.nudge.sequence.LateForSequence;
import dev.nudge.sequence.RefusedBySequence;
import dev.nudge.sequence.SequenceOperator;
import java.time.ZoneId;
import java.util.Set;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.util.OutputTag;

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
 *                 │   control documents ─► control ──────┤ applied ones, broadcast ──► acks
 *          journey operator ◄───────────────────────────┘
 *                 └─► decisions, actions, conversions, profiles, late events (to dead letters);
 *                     at the end of a bounded input: open episodes, held moments, final profiles
 * </pre>
 */
public final class NudgeJob {
    public static final String NAME = "nudge";

    private final JobSettings settings;
    private final String patternsDocument;
    private final Source<Ingested, ?, ?> source;
    private final JobOutputs outputs;
    private final WatermarkStrategy<Ingested> watermarks;
    private final boolean history;
    private final Source<ControlDocument, ?, ?> control;

    /**
     * @param patternsDocument the {@code patterns.yaml} text, already validated
     */
    public NudgeJob(
            JobSettings settings,
            String patternsDocument,
            Source<Ingested, ?, ?> source,
            JobOutputs outputs) {
        this(
                settings,
                patternsDocument,
                source,
                outputs,
                EventTime.watermarks(settings.watermarks()),
                false,
                null);
    }

    private NudgeJob(
            JobSettings settings,
            String patternsDocument,
            Source<Ingested, ?, ?> source,
            JobOutputs outputs,
            WatermarkStrategy<Ingested> watermarks,
            boolean history,
            Source<ControlDocument, ?, ?> control) {
        this.settings = settings;
        this.patternsDocument = patternsDocument;
        this.source = source;
        this.outputs = outputs;
        this.watermarks = watermarks;
        this.history = history;
        this.control = control;
    }

    /**
     * The same job, also reading configurations published live ({@code marketing-control}, SPEC
     * §3.6): without it, the job runs its file's configuration from start to end.
     */
    public NudgeJob withControl(Source<ControlDocument, ?, ?> control) {
        return new NudgeJob(
                settings, patternsDocument, source, outputs, watermarks, history, control);
    }

    /**
     * The same job over one sorted history read at full speed: watermarks follow event time ({@link
     * EventTime#forHistory}), not the processing clock, and one reader reads it (a second would
     * hold the watermark back until it was declared idle), so that what the job decides does not
     * depend on how fast it reads or at which parallelism.
     */
    public NudgeJob replayingHistory() {
        return new NudgeJob(
                settings,
                patternsDocument,
                source,
                outputs,
                EventTime.forHistory(settings.watermarks()),
                true,
                control);
    }

    /** Builds the topology in {@code env} and attaches the outputs. */
    public NudgeStreams build(StreamExecutionEnvironment env) {
        DataStream<Ingested> records = readRecords(env);
        SingleOutputStreamOperator<UserEvent> events = separateDeadLetters(records);
        SingleOutputStreamOperator<ConfigUpdate> updates =
                control == null ? null : decideOnPublishedConfigurations(env);
        SequenceStreams sequences = sequencePatterns(events);
        SingleOutputStreamOperator<Decision> decisions =
                followJourneys(events, sequences.matches(), updates);
        DataStream<DeadLetter> deadLetters =
                events.getSideOutput(Outputs.DEAD_LETTERS.tag())
                        .union(decisions.getSideOutput(Outputs.DEAD_LETTERS.tag()));
        if (sequences.refused() != null) {
            deadLetters = deadLetters.union(sequences.refused());
        }
        NudgeStreams streams =
                NudgeStreams.builder()
                        .with(Outputs.DECISIONS, decisions)
                        .with(Outputs.DEAD_LETTERS, deadLetters)
                        .with(
                                Outputs.CONTROL_ACKS,
                                // Without a control input, an output that nothing is written to.
                                (updates != null ? updates : decisions)
                                        .getSideOutput(Outputs.CONTROL_ACKS.tag()))
                        .otherwiseSideOutputsOf(decisions);
        outputs.attach(streams);
        return streams;
    }

    /** Builds and starts the job, returning at once. */
    public JobClient start(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync(NAME);
    }

    private DataStream<Ingested> readRecords(StreamExecutionEnvironment env) {
        DataStreamSource<Ingested> records =
                env.fromSource(
                        source, watermarks, "user-events", TypeInformation.of(Ingested.class));
        if (history) {
            records.setParallelism(1);
        }
        return records.uid(Descriptors.Uids.SOURCE).name("user-events");
    }

    private SingleOutputStreamOperator<UserEvent> separateDeadLetters(
            DataStream<Ingested> records) {
        SingleOutputStreamOperator<UserEvent> events =
                records.process(new SeparateDeadLetters(), TypeInformation.of(UserEvent.class));
        if (history) {
            // Chained to the one reader: events reach the keyBy in the history's order.
            events.setParallelism(1);
        }
        return events.uid(Descriptors.Uids.DEAD_LETTERS).name("separate dead letters");
    }

    /**
     * What the SEQUENCE patterns give: their matches, and the events their operators refused as
     * over a user's budget (as dead letters; {@code null} without SEQUENCE patterns).
     */
    private record SequenceStreams(DataStream<Match> matches, DataStream<DeadLetter> refused) {}

    /**
     * The matches of the enabled SEQUENCE patterns: one CEP operator each (uid {@code
     * pattern-<id>}), fed only the event types its steps name and ERASE ({@link
     * SequenceOperator#inputTypes}), in event time with equal times in session order, its work per
     * user bounded ({@link SequenceOperator}). Without any, a side output of the events that
     * nothing is written to: it carries their watermarks and their end, so that the journey
     * operator's time is the events' time either way, and costs nothing per event.
     */
    private SequenceStreams sequencePatterns(SingleOutputStreamOperator<UserEvent> events) {
        PatternsConfig config = patternsConfig();
        DataStream<Match> matches = null;
        DataStream<DeadLetter> refused = null;
        for (PatternSpec spec : config.patterns()) {
            if (spec.type() != PatternType.SEQUENCE || !spec.enabled()) {
                continue;
            }
            SequenceStreams more = sequence(events, spec, config.timezone());
            matches = matches == null ? more.matches() : matches.union(more.matches());
            refused = refused == null ? more.refused() : refused.union(more.refused());
        }
        return matches != null
                ? new SequenceStreams(matches, refused)
                : new SequenceStreams(events.getSideOutput(Descriptors.NO_SEQUENCE_MATCHES), null);
    }

    private SequenceStreams sequence(DataStream<UserEvent> events, PatternSpec spec, ZoneId zone) {
        SequenceParams params = (SequenceParams) spec.params();
        Set<EventType> input = SequenceOperator.inputTypes(params);
        TypeInformation<UserEvent> eventType = TypeInformation.of(UserEvent.class);
        OutputTag<UserEvent> late = new OutputTag<>("late-" + spec.id(), eventType);
        OutputTag<UserEvent> refused = new OutputTag<>("refused-" + spec.id(), eventType);
        KeyedStream<UserEvent, String> keyed =
                events.filter(e -> input.contains(e.type()))
                        .name("events for " + spec.id())
                        .keyBy(UserEvent::userId, Types.STRING);
        SingleOutputStreamOperator<Match> matched =
                keyed.transform(
                                "pattern " + spec.id(),
                                TypeInformation.of(Match.class),
                                new SequenceOperator(
                                        spec.id(),
                                        params,
                                        zone,
                                        settings.sequences(),
                                        keyed.getType()
                                                .createSerializer(
                                                        keyed.getExecutionConfig()
                                                                .getSerializerConfig()),
                                        SequenceOperator.SESSION_ORDER,
                                        late,
                                        refused))
                        .uid(Descriptors.Uids.pattern(spec.id()))
                        .name("pattern " + spec.id());
        DataStream<Match> none =
                matched.getSideOutput(late)
                        .flatMap(new LateForSequence(spec.id()), TypeInformation.of(Match.class))
                        .name("late events of " + spec.id());
        DataStream<DeadLetter> overBudget =
                matched.getSideOutput(refused)
                        .map(
                                new RefusedBySequence(
                                        spec.id(),
                                        settings.topics().events(),
                                        settings.sequences()),
                                TypeInformation.of(DeadLetter.class))
                        .name("events over budget of " + spec.id());
        return new SequenceStreams(matched.union(none), overBudget);
    }

    private static String userOf(Either<Match, ConfigUpdate> match) {
        return match.left().userId();
    }

    private PatternsConfig patternsConfig() {
        try {
            return PatternsConfigReader.read(patternsDocument, "patterns");
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * One instance reads the control topic and decides on each document once ({@link
     * ControlFunction}); what applies goes on to the journeys. The topic has no event time: its
     * watermark is the end of time, so that it never holds back the events' time.
     */
    private SingleOutputStreamOperator<ConfigUpdate> decideOnPublishedConfigurations(
            StreamExecutionEnvironment env) {
        return env.fromSource(
                        control,
                        EventTime.neverHoldingBack(),
                        "marketing-control",
                        TypeInformation.of(ControlDocument.class))
                .setParallelism(1)
                .setMaxParallelism(1)
                .uid(Descriptors.Uids.CONTROL_SOURCE)
                .name("marketing-control")
                .process(
                        new ControlFunction(patternsDocument),
                        TypeInformation.of(ConfigUpdate.class))
                .setParallelism(1)
                .setMaxParallelism(1)
                .uid(Descriptors.Uids.CONTROL)
                .name("control");
    }

    /**
     * The journey operator's inputs: the events by user; the SEQUENCE matches by user, joined by
     * the configuration updates broadcast to every instance.
     */
    private SingleOutputStreamOperator<Decision> followJourneys(
            DataStream<UserEvent> events,
            DataStream<Match> matches,
            DataStream<ConfigUpdate> updates) {
        TypeInformation<Either<Match, ConfigUpdate>> type =
                new EitherTypeInfo<>(
                        TypeInformation.of(Match.class), TypeInformation.of(ConfigUpdate.class));
        DataStream<Either<Match, ConfigUpdate>> second =
                matches.map(Either::<Match, ConfigUpdate>Left, type)
                        .name("matches")
                        .keyBy(NudgeJob::userOf, Types.STRING);
        if (updates != null) {
            second =
                    second.union(
                            updates.map(Either::<Match, ConfigUpdate>Right, type)
                                    .name("configuration updates")
                                    .broadcast());
        }
        return events.keyBy(UserEvent::userId, Types.STRING)
                .connect(second)
                .transform(
                        "journeys",
                        TypeInformation.of(Decision.class),
                        new JourneyOperator(
                                new JourneyFunction(
                                        patternsDocument,
                                        settings.journey(),
                                        settings.topics().events())))
                .uid(Descriptors.Uids.JOURNEY)
                .name("journeys");
    }
}
