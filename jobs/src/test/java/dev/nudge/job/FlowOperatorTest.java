package dev.nudge.job;

import static dev.nudge.job.JourneyHarness.values;
import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_DAY;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.nudge.config.PatternsConfig;
import dev.nudge.event.Channel;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.journey.JourneySettings;
import dev.nudge.policy.Action;
import dev.nudge.policy.Decision;
import dev.nudge.policy.Ids;
import dev.nudge.policy.Outcome;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped cart-rescue flow in the journey operator, on heap and RocksDB state: users enter it
 * at their abandoned cart, the one per-user timer wakes them at the end of each wait, and a
 * snapshot taken while they wait, restored into a new operator, carries each user's place: the rest
 * of the flow goes from there, exactly as it would have without the restore.
 *
 * <p>The shipped configuration as it is: quiet hours (22:00–08:00 in Shanghai, where these shoppers
 * are), a one-minute arbitration window, caps and holdout. Every message here falls at noon or in
 * the afternoon, one a day at most, to users outside the holdout.
 */
class FlowOperatorTest {
    private static final long ABANDONED = BEGINNING + 2 * ONE_HOUR;

    private final Shopper ann = Shopper.named("ann");
    private final Shopper ben = Shopper.named("ben");
    private final Shopper cat = Shopper.named("cat");

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void usersWalkTheCartRescueFromWhereASnapshotLeftThem(String backend) throws Exception {
        String shipped = shipped();
        PatternsConfig config = Configs.parse(shipped);
        for (Shopper user : List.of(ann, ben, cat)) {
            assertThat(
                            Ids.inHoldout(
                                    user.id(),
                                    config.policy().holdoutSalt(),
                                    config.policy().holdoutPercent()))
                    .as("%s is sent the flow's messages, not held out", user.id())
                    .isFalse();
        }

        OperatorSubtaskState snapshot;
        List<Action> before;
        try (var harness = JourneyHarness.open(shipped, SETTINGS, backend, null)) {
            harness.send(
                    ann.addsToCart("kettle").at(BEGINNING),
                    ben.addsToCart("kettle").at(BEGINNING),
                    cat.addsToCart("kettle").at(BEGINNING));
            harness.processWatermark(ABANDONED + 10 * ONE_MINUTE);

            assertThat(harness.extractOutputValues())
                    .as("each cart enters the flow, whose push is the first message")
                    .extracting(
                            Decision::userId, Decision::outcome, Decision::flowId, Decision::step)
                    .containsExactlyInAnyOrder(
                            tuple("ann", Outcome.ENTERED_FLOW, "cart-rescue", null),
                            tuple("ben", Outcome.ENTERED_FLOW, "cart-rescue", null),
                            tuple("cat", Outcome.ENTERED_FLOW, "cart-rescue", null),
                            tuple("ann", Outcome.SENT, "cart-rescue", "push"),
                            tuple("ben", Outcome.SENT, "cart-rescue", "push"),
                            tuple("cat", Outcome.SENT, "cart-rescue", "push"));
            before = actions(harness);
            assertThat(before)
                    .as("the policy's offers for a prospect: the first-order coupon")
                    .extracting(
                            Action::userId,
                            Action::step,
                            Action::channel,
                            Action::triggeredAt,
                            Action::offer)
                    .containsExactlyInAnyOrder(
                            tuple("ann", "push", Channel.PUSH, ABANDONED, "FIRST_ORDER_COUPON"),
                            tuple("ben", "push", Channel.PUSH, ABANDONED, "FIRST_ORDER_COUPON"),
                            tuple("cat", "push", Channel.PUSH, ABANDONED, "FIRST_ORDER_COUPON"));

            // Ben opens his push two hours later: he waits two days for the coupon from then.
            harness.send(opened(ben, pushOf(before, "ben"), ABANDONED + 2 * ONE_HOUR));
            harness.processWatermark(ABANDONED + 3 * ONE_HOUR);
            assertThat(harness.numEventTimeTimers())
                    .as("every user waits, each on the one timer of their journey")
                    .isEqualTo(3);
            snapshot = harness.snapshot(1L, 1L);
        }

        List<Action> after;
        try (var restored = JourneyHarness.open(shipped, SETTINGS, backend, snapshot)) {
            assertThat(restored.numEventTimeTimers()).isEqualTo(3);
            restored.processWatermark(ABANDONED + ONE_DAY + 10 * ONE_MINUTE);
            // Cat buys in the afternoon after her email: the coupon is never sent to her.
            restored.send(cat.buys("kettle").at(ABANDONED + ONE_DAY + 3 * ONE_HOUR));
            restored.processWatermark(ABANDONED + 10 * ONE_DAY);
            after = inTimeOrder(actions(restored));

            assertThat(after)
                    .as("the rest of each user's flow, in time order, after the restore")
                    .extracting(
                            Action::userId,
                            Action::flowId,
                            Action::step,
                            Action::channel,
                            Action::triggeredAt,
                            Action::offer)
                    .containsExactly(
                            tuple(
                                    "ann",
                                    "cart-rescue",
                                    "email",
                                    Channel.EMAIL,
                                    ABANDONED + ONE_DAY,
                                    "FIRST_ORDER_COUPON"),
                            tuple(
                                    "cat",
                                    "cart-rescue",
                                    "email",
                                    Channel.EMAIL,
                                    ABANDONED + ONE_DAY,
                                    "FIRST_ORDER_COUPON"),
                            tuple(
                                    "ben",
                                    "cart-rescue",
                                    "coupon",
                                    Channel.EMAIL,
                                    ABANDONED + 2 * ONE_HOUR + 2 * ONE_DAY,
                                    "CART_COUPON_10"),
                            tuple(
                                    "ann",
                                    "cart-rescue",
                                    "coupon",
                                    Channel.EMAIL,
                                    ABANDONED + 4 * ONE_DAY,
                                    "CART_COUPON_10"));
            assertThat(after)
                    .as("each to go at once: outside quiet hours, under every cap")
                    .allSatisfy(a -> assertThat(a.sendAt()).isEqualTo(a.triggeredAt()));
            assertThat(
                            restored.extractOutputValues().stream()
                                    .sorted(
                                            Comparator.comparingLong(Decision::triggeredAt)
                                                    .thenComparing(Decision::userId))
                                    .toList())
                    .as("one decision per message, each sent")
                    .extracting(Decision::userId, Decision::outcome, Decision::step)
                    .containsExactly(
                            tuple("ann", Outcome.SENT, "email"),
                            tuple("cat", Outcome.SENT, "email"),
                            tuple("ben", Outcome.SENT, "coupon"),
                            tuple("ann", Outcome.SENT, "coupon"));
        }

        List<Action> uninterrupted = new ArrayList<>(before);
        uninterrupted.addAll(after);
        assertThat(uninterrupted)
                .as("the same messages, ids included, as a run without the snapshot")
                .containsExactlyInAnyOrderElementsOf(withoutRestore(shipped, backend));
    }

    /** The same events and watermarks in one operator that is never restored. */
    private List<Action> withoutRestore(String shipped, String backend) throws Exception {
        try (var harness = JourneyHarness.open(shipped, SETTINGS, backend, null)) {
            harness.send(
                    ann.addsToCart("kettle").at(BEGINNING),
                    ben.addsToCart("kettle").at(BEGINNING),
                    cat.addsToCart("kettle").at(BEGINNING));
            harness.processWatermark(ABANDONED + 10 * ONE_MINUTE);
            harness.send(opened(ben, pushOf(actions(harness), "ben"), ABANDONED + 2 * ONE_HOUR));
            harness.processWatermark(ABANDONED + 3 * ONE_HOUR);
            harness.processWatermark(ABANDONED + ONE_DAY + 10 * ONE_MINUTE);
            harness.send(cat.buys("kettle").at(ABANDONED + ONE_DAY + 3 * ONE_HOUR));
            harness.processWatermark(ABANDONED + 10 * ONE_DAY);
            return actions(harness);
        }
    }

    private static final JourneySettings SETTINGS = JourneySettings.defaults();

    private static String shipped() throws Exception {
        return Files.readString(Path.of("..", "config", "patterns.yaml"));
    }

    private static List<Action> actions(JourneyHarness harness) {
        return values(harness.getSideOutput(Outputs.ACTIONS.tag()));
    }

    /**
     * Messages by time, users of the same time by name: timers due at one time fire in an order
     * each state backend chooses.
     */
    private static List<Action> inTimeOrder(List<Action> actions) {
        return actions.stream()
                .sorted(Comparator.comparingLong(Action::triggeredAt).thenComparing(Action::userId))
                .toList();
    }

    private static String pushOf(List<Action> actions, String user) {
        return actions.stream()
                .filter(a -> a.userId().equals(user) && "push".equals(a.step()))
                .map(Action::actionId)
                .findFirst()
                .orElseThrow();
    }

    private static UserEvent opened(Shopper user, String actionId, long at) {
        return UserEvent.builder(
                        user.id() + "-opened-" + at, user.id(), EventType.MESSAGE_OPENED, at)
                .channel(Channel.PUSH)
                .actionId(actionId)
                .build();
    }
}
