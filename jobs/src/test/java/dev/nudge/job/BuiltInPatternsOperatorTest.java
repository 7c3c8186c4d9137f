package dev.nudge.job;

import static dev.nudge.job.JourneyHarness.values;
import static dev.nudge.policy.SuppressionReason.LOWER_PRIORITY;
import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_DAY;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.nudge.event.RejectReason;
import dev.nudge.event.UserEvent;
import dev.nudge.journey.JourneyReplay;
import dev.nudge.journey.JourneySettings;
import dev.nudge.policy.Decision;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every built-in pattern type in the journey operator, in event time: events shuffled within the
 * watermark bound give the decisions of the plain-Java replay of the same events in order, a late
 * event goes to the dead letters, and two types can match one user at the same time.
 */
class BuiltInPatternsOperatorTest {
    private static final long BOUND = 5_000;
    private static final String PATTERNS =
            """
            version: "all-types"
            timezone: UTC
            policy: {quietHours: {start: "00:00", end: "00:00"}, arbitrationWindow: 1m}
            lifecycle: {silentAfter: 30d, churnedAfter: 90d}
            patterns:
              - id: browse
                type: BROWSE_WITHOUT_BUY
                params: {minViews: 2, window: 30m}
                action: {channels: [PUSH], template: browse_v1, cooldown: 0s}
              - id: cart
                type: CART_ABANDONMENT
                params: {window: 2h}
                action: {channels: [PUSH], template: cart_v1, cooldown: 0s}
              - id: restock
                type: PREDICTED_REPURCHASE
                params: {minOccasions: 3, leadTime: 1d}
                action: {channels: [PUSH], template: restock_v1, cooldown: 0s}
              - id: win-back
                type: LIFECYCLE_TRANSITION
                params: {to: SILENT}
                action: {channels: [EMAIL], template: winback_v1, cooldown: 0s}
              - id: first-order
                type: NEW_USER_NO_PURCHASE
                params: {window: 3d}
                action: {channels: [EMAIL], template: first_order_v1, priority: 70, cooldown: 0s}
              - id: vip
                type: HIGH_VALUE
                params: {spend: 100, window: 30d}
                action: {channels: [EMAIL], template: vip_v1, cooldown: 0s}
            """;
    private final Shopper alice = Shopper.named("alice");
    private final Shopper bob = Shopper.named("bob");

    /** Two shoppers doing everything that makes each type match, over two months. */
    private List<UserEvent> history() {
        List<UserEvent> events = new ArrayList<>();
        events.add(alice.registers().at(BEGINNING));
        events.add(alice.views("dress").at(BEGINNING + ONE_HOUR));
        events.add(alice.views("skirt").at(BEGINNING + ONE_HOUR + 1000));
        events.add(alice.addsToCart("skirt").at(BEGINNING + 5 * ONE_DAY));
        events.add(alice.addsToCart("belt").at(BEGINNING + 5 * ONE_DAY + 2000));
        events.add(alice.removesFromCart("belt").at(BEGINNING + 5 * ONE_DAY + 3000));
        for (int day = 0; day < 30; day += 10) {
            events.add(bob.buys("tea", "c7", 40).at(BEGINNING + day * ONE_DAY));
        }
        events.add(bob.views("cup").at(BEGINNING + 70 * ONE_DAY));
        events.sort(java.util.Comparator.comparingLong(UserEvent::ts));
        return events;
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void shuffledWithinTheBoundEveryTypeDecidesAsInOrder(String backend) throws Exception {
        List<UserEvent> inOrder = history();
        JourneyReplay expected =
                new JourneyReplay(Configs.parse(PATTERNS), BOUND)
                        .send(inOrder.toArray(UserEvent[]::new))
                        .endOfInput();

        List<Decision> decided = runShuffled(backend, inOrder);

        assertThat(decided).isEqualTo(expected.decisions);
        assertThat(decided)
                .extracting(Decision::patternId)
                .containsExactlyInAnyOrder(
                        "first-order", "browse", "cart", "vip", "restock", "win-back");
    }

    @Test
    void aLateEventGoesToTheDeadLettersAndChangesNothing() throws Exception {
        try (var harness = harness()) {
            harness.send(alice.addsToCart("skirt").at(BEGINNING));
            harness.processWatermark(BEGINNING + ONE_HOUR);
            harness.send(alice.buys("skirt").at(BEGINNING + ONE_HOUR - 1));
            harness.processWatermark(Long.MAX_VALUE);

            assertThat(harness.extractOutputValues())
                    .extracting(Decision::patternId)
                    .containsExactly("cart");
            assertThat(values(harness.getSideOutput(Outputs.DEAD_LETTERS.tag())))
                    .singleElement()
                    .satisfies(d -> assertThat(d.reason()).isEqualTo(RejectReason.LATE));
        }
    }

    @Test
    void anErasureInTheMiddleOfAnEpisodeEndsItWithoutAMatch() throws Exception {
        try (var harness = harness()) {
            harness.send(
                    alice.addsToCart("skirt").at(BEGINNING),
                    alice.views("dress").at(BEGINNING + ONE_MINUTE),
                    alice.views("hat").at(BEGINNING + 2 * ONE_MINUTE),
                    alice.erases(BEGINNING + 10 * ONE_MINUTE));
            harness.processWatermark(Long.MAX_VALUE);

            assertThat(harness.extractOutputValues()).isEmpty();
            assertThat(harness.stateEntries()).isZero();
        }
    }

    @Test
    void twoTypesMatchTheSameUserAtTheSameTimeAndTheHigherPriorityIsSent() throws Exception {
        try (var harness = harness()) {
            harness.send(
                    alice.registers().at(BEGINNING),
                    alice.views("dress").at(BEGINNING + 3 * ONE_DAY - 30 * ONE_MINUTE),
                    alice.views("hat").at(BEGINNING + 3 * ONE_DAY - 29 * ONE_MINUTE));
            harness.processWatermark(BEGINNING + 3 * ONE_DAY);
            assertThat(harness.extractOutputValues())
                    .as("both wait for the end of the arbitration window")
                    .isEmpty();

            harness.processWatermark(BEGINNING + 3 * ONE_DAY + ONE_MINUTE);
            assertThat(harness.extractOutputValues())
                    .extracting(Decision::patternId, Decision::triggeredAt, Decision::suppressedBy)
                    .containsExactlyInAnyOrder(
                            tuple("browse", BEGINNING + 3 * ONE_DAY, LOWER_PRIORITY),
                            tuple("first-order", BEGINNING + 3 * ONE_DAY, null));
        }
    }

    private List<Decision> runShuffled(String backend, List<UserEvent> inOrder) throws Exception {
        List<UserEvent> shuffled = shuffleWithinBound(inOrder);
        try (var harness = JourneyHarness.open(PATTERNS, settings(), backend, null)) {
            long newest = Long.MIN_VALUE;
            for (UserEvent event : shuffled) {
                harness.send(event);
                newest = Math.max(newest, event.ts());
                harness.processWatermark(newest - BOUND - 1);
            }
            harness.processWatermark(Long.MAX_VALUE);
            return harness.extractOutputValues();
        }
    }

    /** Reverses the order of events that are less than the bound apart; later ones stay later. */
    private static List<UserEvent> shuffleWithinBound(List<UserEvent> events) {
        List<UserEvent> sorted = new ArrayList<>(events);
        sorted.sort(java.util.Comparator.comparingLong(UserEvent::ts));
        List<UserEvent> result = new ArrayList<>();
        List<UserEvent> group = new ArrayList<>();
        Random random = new Random(3);
        for (UserEvent event : sorted) {
            if (!group.isEmpty() && event.ts() - group.get(0).ts() >= BOUND) {
                Collections.shuffle(group, random);
                result.addAll(group);
                group.clear();
            }
            group.add(event);
        }
        Collections.shuffle(group, random);
        result.addAll(group);
        return result;
    }

    private JourneyHarness harness() throws Exception {
        return JourneyHarness.open(PATTERNS, settings(), "heap", null);
    }

    private static JourneySettings settings() {
        return JourneySettings.defaults();
    }
}
