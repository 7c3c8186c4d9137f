package dev.nudge.sequence;

import dev.nudge.config.ConfigException;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.SequenceParams;
import dev.nudge.event.UserEvent;
import dev.nudge.pattern.Match;
import dev.nudge.validate.PatternsValidator;
import java.time.ZoneId;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.nfa.NFAState;
import org.apache.flink.cep.nfa.NFAStateSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/**
 * One SEQUENCE pattern's {@link SequenceOperator} in Flink's operator test harness, keyed by user
 * and fed as the job feeds it: only the event types it takes, each with its event time as the
 * record's timestamp.
 */
final class SequenceHarness
        extends KeyedOneInputStreamOperatorTestHarness<String, UserEvent, Match> {
    static final OutputTag<UserEvent> LATE =
            new OutputTag<>("late", TypeInformation.of(UserEvent.class));
    static final OutputTag<UserEvent> REFUSED =
            new OutputTag<>("refused", TypeInformation.of(UserEvent.class));

    private final SequenceParams params;

    private SequenceHarness(PatternSpec spec, ZoneId zone, SequenceLimits limits) throws Exception {
        super(operator(spec, zone, limits), UserEvent::userId, Types.STRING);
        this.params = (SequenceParams) spec.params();
    }

    private static SequenceOperator operator(PatternSpec spec, ZoneId zone, SequenceLimits limits) {
        return new SequenceOperator(
                spec.id(),
                (SequenceParams) spec.params(),
                zone,
                limits,
                TypeInformation.of(UserEvent.class).createSerializer(new SerializerConfigImpl()),
                SequenceOperator.SESSION_ORDER,
                LATE,
                REFUSED);
    }

    /** An open harness of the pattern {@code spec}, its sentences in {@code zone}. */
    static SequenceHarness open(PatternSpec spec, ZoneId zone, SequenceLimits limits)
            throws Exception {
        SequenceHarness harness = new SequenceHarness(spec, zone, limits);
        harness.open();
        return harness;
    }

    /**
     * An open harness of the pattern {@code patternId} of a {@code patterns.yaml} document, read
     * and compiled as the job reads it, with the default limits.
     */
    static SequenceHarness open(String patternsDocument, String patternId) throws Exception {
        return open(patternsDocument, patternId, SequenceLimits.DEFAULTS);
    }

    /**
     * An open harness of the pattern {@code patternId} of a {@code patterns.yaml} document, read
     * and compiled as the job reads it.
     */
    static SequenceHarness open(String patternsDocument, String patternId, SequenceLimits limits)
            throws Exception {
        var config = config(patternsDocument);
        return open(config.pattern(patternId), config.timezone(), limits);
    }

    /** Like {@link #open(String, String)}, from the state of a snapshot. */
    static SequenceHarness restore(
            String patternsDocument, String patternId, OperatorSubtaskState snapshot)
            throws Exception {
        var config = config(patternsDocument);
        SequenceHarness harness =
                new SequenceHarness(
                        config.pattern(patternId), config.timezone(), SequenceLimits.DEFAULTS);
        harness.initializeState(snapshot);
        harness.open();
        return harness;
    }

    private static PatternsConfig config(String patternsDocument) {
        try {
            return PatternsValidator.validated(patternsDocument, "test patterns");
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * Sends the events in the order given, each with its event time as timestamp; like the job, the
     * operator sees only the event types it takes ({@link SequenceOperator#inputTypes}).
     */
    void send(UserEvent... events) throws Exception {
        for (UserEvent event : events) {
            if (SequenceOperator.inputTypes(params).contains(event.type())) {
                processElement(new StreamRecord<>(event, event.ts()));
            }
        }
    }

    List<Match> matches() {
        return extractOutputValues();
    }

    /** The events the operator put aside as behind the watermark. */
    List<UserEvent> late() {
        return values(getSideOutput(LATE));
    }

    /** The events the operator refused as over the user's budget. */
    List<UserEvent> refused() {
        return values(getSideOutput(REFUSED));
    }

    /**
     * The partial matches Flink CEP holds for {@code user}, read from its keyed state: those that
     * took at least one event, not the start state that waits for a first one.
     */
    long partialMatches(String user) throws Exception {
        getOperator().setCurrentKey(user);
        ValueState<NFAState> state =
                getOperator()
                        .getKeyedStateBackend()
                        .getPartitionedState(
                                VoidNamespace.INSTANCE,
                                VoidNamespaceSerializer.INSTANCE,
                                new ValueStateDescriptor<>(
                                        "nfaStateName", new NFAStateSerializer()));
        return state.value() == null
                ? 0
                : state.value().getPartialMatches().stream()
                        .filter(partial -> partial.getPreviousBufferEntry() != null)
                        .count();
    }

    private static <T> List<T> values(Collection<StreamRecord<T>> records) {
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }
}
