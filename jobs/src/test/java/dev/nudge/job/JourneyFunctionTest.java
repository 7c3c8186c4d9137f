package dev.nudge.job;

import static dev.nudge.job.JourneyHarness.values;
import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_DAY;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static dev.nudge.testing.Shopper.THIRTY_MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.nudge.event.RejectReason;
import dev.nudge.journey.JourneySettings;
import dev.nudge.policy.Action;
import dev.nudge.policy.Decision;
import dev.nudge.testing.Shopper;
import java.time.Duration;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tests for {@link JourneyFunction} in the operator harness, in event time, on heap and RocksDB
 * state: outputs, timers, late events, state cleanup and restore.
 */
class JourneyFunctionTest {
    private static final String PATTERNS =
            """
            version: "harness-1"
            timezone: Asia/Shanghai
            policy: {quietHours: {start: "00:00", end: "00:00"}, arbitrationWindow: 0s}
            patterns:
              - id: browse
                type: BROWSE_WITHOUT_BUY
                params: {minViews: 2, window: 30m}
                action: {channels: [PUSH], template: browse_v1, cooldown: 0s}
            """;
    private static final long WINDOW_END = BEGINNING + THIRTY_MINUTES;
    private static final JourneySettings SETTINGS =
            JourneySettings.defaults()
                    .withIdleExpiry(Duration.ofDays(7))
                    .withReleaseDelay(Duration.ZERO);

    private final Shopper alice = Shopper.named("alice");
    private final Shopper bob = Shopper.named("bob");

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void aMatchIsDecidedAndSentWhenTheWatermarkPassesTheWindowEnd(String backend) throws Exception {
        try (var harness = harness(backend)) {
            harness.send(
                    alice.views("dress").at(BEGINNING),
                    alice.views("skirt").at(BEGINNING + ONE_MINUTE));
            harness.processWatermark(WINDOW_END - 1);
            assertThat(harness.extractOutputValues()).isEmpty();
            assertThat(harness.numEventTimeTimers()).as("one timer per user").isEqualTo(1);

            harness.processWatermark(WINDOW_END);

            List<Decision> decisions = harness.extractOutputValues();
            assertThat(decisions)
                    .singleElement()
                    .satisfies(
                            d -> {
                                assertThat(d.userId()).isEqualTo("alice");
                                assertThat(d.triggeredAt()).isEqualTo(WINDOW_END);
                                assertThat(d.configVersion()).isEqualTo("harness-1");
                            });
            assertThat(values(harness.getSideOutput(Outputs.ACTIONS.tag())))
                    .singleElement()
                    .extracting(Action::actionId)
                    .isEqualTo(decisions.get(0).actionId());
        }
    }

    @org.junit.jupiter.api.Test
    void feedbackOnASentActionLeavesOnTheEngagementOutput() throws Exception {
        try (var harness = harness("heap")) {
            harness.send(
                    alice.views("dress").at(BEGINNING),
                    alice.views("skirt").at(BEGINNING + ONE_MINUTE));
            harness.processWatermark(WINDOW_END);
            String actionId =
                    values(harness.getSideOutput(Outputs.ACTIONS.tag())).get(0).actionId();

            harness.send(
                    dev.nudge.event.UserEvent.builder(
                                    "alice-opened",
                                    "alice",
                                    dev.nudge.event.EventType.MESSAGE_OPENED,
                                    WINDOW_END + ONE_MINUTE)
                            .channel(dev.nudge.event.Channel.PUSH)
                            .actionId(actionId)
                            .build());
            harness.processWatermark(WINDOW_END + 2 * ONE_MINUTE);

            assertThat(values(harness.getSideOutput(Outputs.ENGAGEMENT.tag())))
                    .extracting(
                            dev.nudge.policy.Engagement::actionId,
                            dev.nudge.policy.Engagement::patternId,
                            dev.nudge.policy.Engagement::step)
                    .containsExactly(
                            tuple(actionId, "browse", dev.nudge.policy.Engagement.Step.OPENED));
        }
    }

    @org.junit.jupiter.api.Test
    void aUsersStepsThroughAFlowLeaveOnTheFlowEventsOutputBesideTheDecisionsOfItsSends()
            throws Exception {
        String withFlow =
                PATTERNS
                        + """
                        flows:
                          - id: follow-up
                            entry: {patterns: [browse]}
                            steps:
                              - name: push
                                send: {channels: [PUSH], template: follow_up_v1}
                                next: pause
                              - name: pause
                                wait: {for: 1d}
                        """;
        try (var harness = JourneyHarness.open(withFlow, SETTINGS, "heap", null)) {
            harness.send(
                    alice.views("dress").at(BEGINNING),
                    alice.views("skirt").at(BEGINNING + ONE_MINUTE));
            harness.processWatermark(WINDOW_END + ONE_DAY);

            assertThat(harness.extractOutputValues())
                    .extracting(Decision::outcome, Decision::flowId, Decision::step)
                    .containsExactly(
                            tuple(dev.nudge.policy.Outcome.ENTERED_FLOW, "follow-up", null),
                            tuple(dev.nudge.policy.Outcome.SENT, "follow-up", "push"));
            assertThat(values(harness.getSideOutput(Outputs.FLOW_EVENTS.tag())))
                    .extracting(
                            dev.nudge.flow.FlowEvent::kind,
                            dev.nudge.flow.FlowEvent::step,
                            dev.nudge.flow.FlowEvent::at)
                    .containsExactly(
                            tuple(dev.nudge.flow.FlowEvent.Kind.ENTERED, null, WINDOW_END),
                            tuple(dev.nudge.flow.FlowEvent.Kind.REACHED, "push", WINDOW_END),
                            tuple(dev.nudge.flow.FlowEvent.Kind.REACHED, "pause", WINDOW_END),
                            tuple(
                                    dev.nudge.flow.FlowEvent.Kind.COMPLETED,
                                    null,
                                    WINDOW_END + ONE_DAY));
        }
    }

    @org.junit.jupiter.api.Test
    void onRocksDbAUserWokenAgainComesFromTheCacheAndIsDecidedAsOnHeap() throws Exception {
        List<Decision> onHeap;
        try (var heap = harness("heap")) {
            heap.send(
                    alice.views("dress").at(BEGINNING),
                    alice.views("skirt").at(BEGINNING + ONE_MINUTE));
            heap.processWatermark(WINDOW_END);
            onHeap = heap.extractOutputValues();
            assertThat(heap.function().cache()).as("no cache over live heap objects").isNull();
        }
        try (var rocks = harness("rocksdb")) {
            rocks.send(
                    alice.views("dress").at(BEGINNING),
                    alice.views("skirt").at(BEGINNING + ONE_MINUTE));
            rocks.processWatermark(WINDOW_END);

            JourneyCache cache = rocks.function().cache();
            assertThat(cache.misses()).as("only the first read goes to RocksDB").isEqualTo(1);
            assertThat(cache.hits()).as("the second event and the timer").isEqualTo(2);
            assertThat(rocks.extractOutputValues()).isEqualTo(onHeap).hasSize(1);
        }
    }

    @org.junit.jupiter.api.Test
    void onRocksDbAJourneyReachesStateWhenItLeavesTheCacheOrBeforeASnapshot() throws Exception {
        JourneySettings oneCached = SETTINGS.withJourneyCache(1);
        OperatorSubtaskState snapshot;
        try (var rocks = JourneyHarness.open(PATTERNS, oneCached, "rocksdb", null)) {
            rocks.send(alice.views("dress").at(BEGINNING));
            assertThat(rocks.storedEntries()).as("alice only in the cache").isZero();

            rocks.send(bob.views("hat").at(BEGINNING + 1));
            assertThat(rocks.storedEntries()).as("alice written as bob takes her place").isOne();

            rocks.send(
                    alice.views("skirt").at(BEGINNING + ONE_MINUTE),
                    bob.views("scarf").at(BEGINNING + ONE_MINUTE + 1));
            assertThat(rocks.function().cache().writes()).isEqualTo(3);
            snapshot = rocks.snapshot(1L, 1L);
            assertThat(rocks.function().cache().writes())
                    .as("bob's second view, written before the snapshot")
                    .isEqualTo(4);
        }
        try (var restored = JourneyHarness.open(PATTERNS, oneCached, "rocksdb", snapshot)) {
            restored.processWatermark(Long.MAX_VALUE);

            assertThat(restored.extractOutputValues())
                    .extracting(Decision::userId, d -> d.evidence().size())
                    .containsExactlyInAnyOrder(tuple("alice", 2), tuple("bob", 2));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void lateEventsGoToTheDeadLettersWithoutTouchingState(String backend) throws Exception {
        try (var harness = harness(backend)) {
            harness.processWatermark(BEGINNING + 10 * ONE_MINUTE);
            harness.send(
                    alice.views("dress").at(BEGINNING),
                    alice.views("skirt").at(BEGINNING + ONE_MINUTE));

            assertThat(harness.stateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
            assertThat(values(harness.getSideOutput(Outputs.DEAD_LETTERS.tag())))
                    .hasSize(2)
                    .allSatisfy(
                            d -> {
                                assertThat(d.reason()).isEqualTo(RejectReason.LATE);
                                assertThat(d.sourceTopic()).isEqualTo("user-events");
                                assertThat(new String(d.value())).contains("\"type\":\"VIEW\"");
                            });
            harness.processWatermark(Long.MAX_VALUE);
            assertThat(harness.extractOutputValues()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void anIdleUserLeavesNoStateAndNoTimerBehind(String backend) throws Exception {
        try (var harness = harness(backend)) {
            harness.send(alice.views("dress").at(BEGINNING), bob.buys("hat").at(BEGINNING + 1));
            harness.processWatermark(BEGINNING + ONE_DAY);
            assertThat(harness.stateEntries()).isEqualTo(2);
            assertThat(harness.numEventTimeTimers()).isEqualTo(2);

            harness.processWatermark(BEGINNING + 7 * ONE_DAY + 1);

            assertThat(harness.stateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void anOpenEpisodeSurvivesASnapshotAndFiresOnceAfterRestore(String backend) throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness(backend)) {
            harness.send(alice.views("dress").at(BEGINNING));
            harness.processWatermark(BEGINNING + 5 * ONE_MINUTE);
            harness.send(alice.views("skirt").at(BEGINNING + 6 * ONE_MINUTE));
            snapshot = harness.snapshot(1L, 1L);
        }
        try (var restored = harness(backend, snapshot)) {
            assertThat(restored.numEventTimeTimers()).isEqualTo(1);
            restored.processWatermark(Long.MAX_VALUE);

            assertThat(restored.extractOutputValues())
                    .singleElement()
                    .satisfies(
                            d -> {
                                assertThat(d.triggeredAt()).isEqualTo(WINDOW_END);
                                assertThat(d.evidence()).hasSize(2);
                            });
        }
    }

    private static JourneyHarness harness(String backend) throws Exception {
        return harness(backend, null);
    }

    private static JourneyHarness harness(String backend, OperatorSubtaskState restoreFrom)
            throws Exception {
        return JourneyHarness.open(PATTERNS, SETTINGS, backend, restoreFrom);
    }
}
