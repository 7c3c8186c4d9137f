package dev.nudge.sequence;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.pattern.Match;
import dev.nudge.pattern.Sequence;
import dev.nudge.testing.Shopper;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.nfa.NFAState;
import org.apache.flink.cep.nfa.NFAStateSerializer;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link SequenceOperator}: the shipped {@code search-without-result} pattern (two
 * searches, then no cart within 30 minutes) on Flink CEP, with a user who floods it.
 */
class SequenceOperatorTest {
    private static final long WITHIN = 30 * ONE_MINUTE;
    private static final OutputTag<UserEvent> LATE =
            new OutputTag<>("late", TypeInformation.of(UserEvent.class));
    private static final OutputTag<UserEvent> REFUSED =
            new OutputTag<>("refused", TypeInformation.of(UserEvent.class));

    private final Shopper alice = Shopper.named("alice");
    private final Shopper mallory = Shopper.named("mallory");

    @Test
    void aShopperWhoSearchesTwiceAndAddsNothingIsMatchedOnceAtTheLimit() throws Exception {
        try (var harness = harness(SequenceLimits.DEFAULTS)) {
            send(harness, alice.searches().at(BEGINNING), alice.searches().at(BEGINNING + 1000));
            harness.processWatermark(new Watermark(BEGINNING + WITHIN + ONE_MINUTE));

            assertThat(matches(harness))
                    .singleElement()
                    .satisfies(
                            m -> {
                                assertThat(m.userId()).isEqualTo("alice");
                                assertThat(m.triggeredAt()).isEqualTo(BEGINNING + WITHIN);
                            });
            assertThat(refused(harness)).isEmpty();
        }
    }

    @Test
    void aUserFloodingThePatternIsHeldToItsBudgetAndOthersAreMatchedAsUsual() throws Exception {
        SequenceLimits limits = SequenceLimits.DEFAULTS;
        try (var harness = harness(limits)) {
            // 10,000 searches within 0.15 s, as a runaway client sends them.
            List<UserEvent> flood = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                flood.add(mallory.searches().at(BEGINNING + i * 15L / 1000, "flood-" + i));
            }
            send(harness, flood.toArray(UserEvent[]::new));
            send(harness, alice.searches().at(BEGINNING), alice.searches().at(BEGINNING + 1000));
            harness.processWatermark(new Watermark(BEGINNING + 1000));

            assertThat(refused(harness))
                    .as("every event over the burst is refused, none silently")
                    .hasSize(10_000 - limits.maxBurst())
                    .allMatch(e -> e.userId().equals("mallory"));
            assertThat(partialMatches(harness, "mallory"))
                    .isLessThanOrEqualTo(limits.maxPartialMatches());

            harness.processWatermark(new Watermark(BEGINNING + WITHIN + ONE_MINUTE));
            assertThat(matches(harness))
                    .extracting(Match::userId)
                    .contains("alice", "mallory")
                    .filteredOn("alice"::equals)
                    .hasSize(1);
        }
    }

    @Test
    void aQuietMinuteRefillsTheBudget() throws Exception {
        SequenceLimits limits = new SequenceLimits(3, 60, 100);
        try (var harness = harness(limits)) {
            send(
                    harness,
                    alice.searches().at(BEGINNING, "s1"),
                    alice.searches().at(BEGINNING + 1, "s2"),
                    alice.searches().at(BEGINNING + 2, "s3"),
                    alice.searches().at(BEGINNING + 3, "s4"),
                    alice.searches().at(BEGINNING + 3 + 1000, "s5"));

            assertThat(refused(harness)).extracting(UserEvent::eventId).containsExactly("s4");
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, UserEvent, Match> harness(
            SequenceLimits limits) throws Exception {
        PatternSpec spec =
                PatternsConfigReader.read(Path.of("../config/patterns.yaml"))
                        .pattern("search-without-result");
        SequenceOperator operator =
                new SequenceOperator(
                        spec.id(),
                        (Sequence.Params) spec.params(),
                        ZoneId.of("UTC"),
                        limits,
                        TypeInformation.of(UserEvent.class)
                                .createSerializer(new SerializerConfigImpl()),
                        (a, b) -> Integer.compare(a.type().sessionOrder(), b.type().sessionOrder()),
                        LATE,
                        REFUSED);
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        operator, UserEvent::userId, Types.STRING);
        harness.open();
        return harness;
    }

    private static void send(
            KeyedOneInputStreamOperatorTestHarness<String, UserEvent, Match> harness,
            UserEvent... events)
            throws Exception {
        for (UserEvent event : events) {
            assertThat(event.type()).isIn(EventType.SEARCH, EventType.ADD_TO_CART);
            harness.processElement(new StreamRecord<>(event, event.ts()));
        }
    }

    private static List<Match> matches(
            KeyedOneInputStreamOperatorTestHarness<String, UserEvent, Match> harness) {
        return harness.extractOutputValues();
    }

    private static List<UserEvent> refused(
            KeyedOneInputStreamOperatorTestHarness<String, UserEvent, Match> harness) {
        ConcurrentLinkedQueue<StreamRecord<UserEvent>> records = harness.getSideOutput(REFUSED);
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    /** The partial matches Flink CEP holds for {@code user}, read from its keyed state. */
    private static int partialMatches(
            KeyedOneInputStreamOperatorTestHarness<String, UserEvent, Match> harness, String user)
            throws Exception {
        harness.getOperator().setCurrentKey(user);
        ValueState<NFAState> state =
                harness.getOperator()
                        .getKeyedStateBackend()
                        .getPartitionedState(
                                VoidNamespace.INSTANCE,
                                VoidNamespaceSerializer.INSTANCE,
                                new ValueStateDescriptor<>(
                                        "nfaStateName", new NFAStateSerializer()));
        return state.value() == null ? 0 : state.value().getPartialMatches().size();
    }
}
