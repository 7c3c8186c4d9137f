package dev.nudge.flow;

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
import dev.nudge.journey.Journey;
import dev.nudge.journey.JourneyCodec;
import dev.nudge.journey.JourneyReplay;
import dev.nudge.policy.Action;
import dev.nudge.policy.Decision;
import dev.nudge.policy.Outcome;
import dev.nudge.policy.SuppressionReason;
import dev.nudge.state.StateOutput;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Users walking a cart rescue flow through the journey engine, in event time: every step kind, the
 * exit at the event, re-entry, the policy on every send, erasure, and a restore mid-flow.
 */
class FlowJourneyTest {
    private static final long BOUND = 5_000;

    /** Alice leaves her cart at the beginning; the cart pattern matches an hour later. */
    private static final long ABANDONED = BEGINNING + ONE_HOUR;

    private static final String RESCUE =
            """
            version: "flows-1"
            timezone: UTC
            policy: {quietHours: {start: "00:00", end: "00:00"}, arbitrationWindow: 0s}
            patterns:
              - id: cart
                type: CART_ABANDONMENT
                params: {window: 1h}
                action: {channels: [PUSH], template: cart-push, cooldown: 0s}
            flows:
              - id: rescue
                entry: {patterns: [cart]}
                reentry: 7d
                steps:
                  - name: push
                    send: {channels: [PUSH], template: rescue-push}
                    next: wait-open
                  - name: wait-open
                    wait: {until: MESSAGE_OPENED, timeout: 1d}
                    next: opened
                    onTimeout: email
                  - name: email
                    send: {channels: [EMAIL], template: rescue-email}
                    next: three-days
                  - name: three-days
                    wait: {for: 3d}
                    next: bought
                  - name: opened
                    wait: {for: 2d}
                    next: bought
                  - name: bought
                    branch:
                      - when: {event: ADD_TO_CART, since: LAST_SEND}
                        next: push-again
                    otherwise: coupon
                  - name: coupon
                    send: {channels: [EMAIL], template: rescue-coupon}
                  - name: push-again
                    send: {channels: [PUSH], template: rescue-reminder}
            """;

    private final Shopper alice = Shopper.named("alice");

    private JourneyReplay replay(String yaml) {
        return new JourneyReplay(Configs.parse(yaml), BOUND);
    }

    private UserEvent opened(String actionId, long at) {
        return UserEvent.builder("open-" + at, "alice", EventType.MESSAGE_OPENED, at)
                .channel(Channel.PUSH)
                .actionId(actionId)
                .build();
    }

    /** The journey as a savepoint keeps it: written and read back. */
    private static Journey savedAndRead(Journey journey) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JourneyCodec.write(journey, new DataOutputStream(bytes));
        return JourneyCodec.read(
                new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    }

    private static List<String> steps(JourneyReplay journey) {
        return journey.decisions.stream()
                .filter(decision -> decision.step() != null)
                .map(decision -> decision.step() + ":" + decision.outcome())
                .toList();
    }

    @Test
    void anUnopenedPushIsFollowedByAnEmailAndThreeDaysLaterByTheCoupon() {
        JourneyReplay journey =
                replay(RESCUE)
                        .send(alice.addsToCart("i1").at(BEGINNING))
                        .advanceWatermark(ABANDONED + 10 * ONE_DAY);

        assertThat(journey.decisions.get(0))
                .extracting(Decision::outcome, Decision::flowId, Decision::step)
                .containsExactly(Outcome.ENTERED_FLOW, "rescue", null);
        assertThat(journey.actions)
                .extracting(Action::template, Action::sendAt, Action::step)
                .containsExactly(
                        tuple("rescue-push", ABANDONED, "push"),
                        tuple("rescue-email", ABANDONED + ONE_DAY, "email"),
                        tuple("rescue-coupon", ABANDONED + 4 * ONE_DAY, "coupon"));
        assertThat(journey.actions).allSatisfy(a -> assertThat(a.params().items()).contains("i1"));
        assertThat(journey.flows)
                .extracting(FlowEvent::kind, FlowEvent::step)
                .containsExactly(
                        tuple(FlowEvent.Kind.ENTERED, null),
                        tuple(FlowEvent.Kind.REACHED, "push"),
                        tuple(FlowEvent.Kind.REACHED, "wait-open"),
                        tuple(FlowEvent.Kind.TIMED_OUT, "wait-open"),
                        tuple(FlowEvent.Kind.REACHED, "email"),
                        tuple(FlowEvent.Kind.REACHED, "three-days"),
                        tuple(FlowEvent.Kind.REACHED, "bought"),
                        tuple(FlowEvent.Kind.REACHED, "coupon"),
                        tuple(FlowEvent.Kind.COMPLETED, null));
        assertThat(journey.journey("alice").flowPositions().active()).isZero();
    }

    @Test
    void anOpenedPushEndsTheWaitAtTheOpenAndSkipsTheEmail() {
        JourneyReplay journey =
                replay(RESCUE)
                        .send(alice.addsToCart("i1").at(BEGINNING))
                        .advanceWatermark(ABANDONED + ONE_MINUTE);
        String push = journey.actions.get(0).actionId();

        journey.send(opened(push, ABANDONED + 2 * ONE_HOUR))
                .advanceWatermark(ABANDONED + 10 * ONE_DAY);

        assertThat(journey.actions)
                .extracting(Action::step, Action::sendAt)
                .containsExactly(
                        tuple("push", ABANDONED),
                        tuple("coupon", ABANDONED + 2 * ONE_HOUR + 2 * ONE_DAY));
    }

    @Test
    void feedbackOnAnotherMessageDoesNotEndTheWait() {
        JourneyReplay journey =
                replay(RESCUE)
                        .send(
                                alice.addsToCart("i1").at(BEGINNING),
                                opened(
                                        "00000000-0000-8000-8000-000000000001",
                                        ABANDONED + ONE_HOUR))
                        .advanceWatermark(ABANDONED + 2 * ONE_DAY);

        assertThat(steps(journey)).containsExactly("push:SENT", "email:SENT");
    }

    @Test
    void aBranchGoesWhereTheUsersBehaviourSinceTheLastSendPoints() {
        JourneyReplay journey =
                replay(RESCUE)
                        .send(
                                alice.addsToCart("i1").at(BEGINNING),
                                // After the email (a day after the abandonment) she adds again.
                                alice.addsToCart("i2").at(ABANDONED + 2 * ONE_DAY))
                        .advanceWatermark(ABANDONED + 10 * ONE_DAY);

        assertThat(steps(journey)).containsExactly("push:SENT", "email:SENT", "push-again:SENT");
    }

    @Test
    void aPurchaseMidWaitEndsTheFlowAtThePurchase() {
        JourneyReplay journey =
                replay(RESCUE)
                        .send(
                                alice.addsToCart("i1").at(BEGINNING),
                                alice.buys("i1").at(ABANDONED + 2 * ONE_DAY))
                        .advanceWatermark(ABANDONED + 10 * ONE_DAY);

        assertThat(steps(journey)).containsExactly("push:SENT", "email:SENT");
        assertThat(journey.flows)
                .filteredOn(event -> event.kind() == FlowEvent.Kind.EXITED)
                .singleElement()
                .satisfies(
                        exited -> {
                            assertThat(exited.step()).isEqualTo("three-days");
                            assertThat(exited.at()).isEqualTo(ABANDONED + 2 * ONE_DAY);
                        });
    }

    @Test
    void aPurchaseArrivingOutOfOrderStillEndsTheFlowAtItsTimeButALateOneCannot() {
        long emailDue = ABANDONED + ONE_DAY;
        // The purchase a second before the email is due arrives after an event of a later time,
        // within the watermark's bound: the email does not go.
        JourneyReplay outOfOrder =
                replay(RESCUE)
                        .send(alice.addsToCart("i1").at(BEGINNING))
                        .advanceWatermark(emailDue - 10_000)
                        .send(
                                alice.views("x").at(emailDue + 1_000),
                                alice.buys("i1").at(emailDue - 1_000))
                        .advanceWatermark(ABANDONED + 10 * ONE_DAY);
        // The same purchase arriving once the watermark passed the email: late, and counted so.
        JourneyReplay late =
                replay(RESCUE)
                        .send(alice.addsToCart("i1").at(BEGINNING))
                        .advanceWatermark(emailDue + ONE_HOUR)
                        .send(alice.buys("i1").at(emailDue - 1_000))
                        .advanceWatermark(ABANDONED + 10 * ONE_DAY);

        assertThat(steps(outOfOrder)).containsExactly("push:SENT");
        assertThat(outOfOrder.flows)
                .filteredOn(event -> event.kind() == FlowEvent.Kind.EXITED)
                .extracting(FlowEvent::at)
                .containsExactly(emailDue - 1_000);
        assertThat(late.late).hasSize(1);
        assertThat(steps(late)).containsExactly("push:SENT", "email:SENT", "coupon:SENT");
    }

    @Test
    void thePurchaseCancelsAMessageHeldForQuietHoursEvenAfterTheFlowsLastStep() {
        // Quiet from 22:00 to 08:00 UTC. The push goes at 21:00 and is opened at 23:30; two days
        // later the coupon, due at 23:30, waits for 08:00, and she buys at 01:30.
        long pushedAt = BEGINNING - 5 * ONE_HOUR;
        long openedAt = pushedAt + 2 * ONE_HOUR + 30 * ONE_MINUTE;
        JourneyReplay journey =
                replay(QUIET)
                        .send(alice.addsToCart("i1").at(pushedAt - ONE_HOUR))
                        .advanceWatermark(pushedAt + ONE_MINUTE);
        journey.send(
                        opened(journey.actions.get(0).actionId(), openedAt),
                        alice.buys("i1").at(openedAt + 2 * ONE_DAY + 2 * ONE_HOUR))
                .advanceWatermark(openedAt + 5 * ONE_DAY);

        assertThat(journey.decisions)
                .filteredOn(decision -> decision.step() != null)
                .extracting(Decision::step, Decision::outcome, Decision::suppressedBy)
                .containsExactly(
                        tuple("push", Outcome.SENT, null),
                        tuple("coupon", Outcome.SUPPRESSED, SuppressionReason.FLOW_EXITED));
        assertThat(journey.actions).extracting(Action::step).containsExactly("push");
    }

    private static final String QUIET =
            RESCUE.replace(
                    "quietHours: {start: \"00:00\", end: \"00:00\"}",
                    "quietHours: {start: \"22:00\", end: \"08:00\", mode: HOLD}");

    @Test
    void quietHoursDeferAFlowsMessageToTheirEnd() {
        // The cart matches at 23:00 UTC, in quiet hours: the push waits for 08:00.
        long addedAt = BEGINNING + 20 * ONE_HOUR;
        JourneyReplay journey =
                replay(QUIET)
                        .send(alice.addsToCart("i1").at(addedAt))
                        .advanceWatermark(addedAt + 2 * ONE_DAY);

        assertThat(journey.actions.get(0))
                .extracting(Action::step, Action::triggeredAt, Action::sendAt)
                .containsExactly("push", addedAt + ONE_HOUR, BEGINNING + ONE_DAY + 6 * ONE_HOUR);
    }

    @Test
    void aUserInTheFlowIsNotEnteredAgainAndReentersOnlyAfterTheWait() {
        JourneyReplay journey =
                replay(RESCUE)
                        .send(
                                alice.addsToCart("i1").at(BEGINNING),
                                alice.addsToCart("i2").at(BEGINNING + 3 * ONE_HOUR),
                                alice.buys("i2").at(BEGINNING + 4 * ONE_HOUR),
                                alice.addsToCart("i3").at(BEGINNING + ONE_DAY),
                                alice.buys("i3").at(BEGINNING + ONE_DAY + 3 * ONE_HOUR),
                                alice.addsToCart("i4").at(BEGINNING + 9 * ONE_DAY))
                        .advanceWatermark(BEGINNING + 9 * ONE_DAY + 2 * ONE_HOUR);

        assertThat(journey.decisions)
                .filteredOn(decision -> decision.step() == null)
                .extracting(Decision::outcome, Decision::suppressedBy)
                .containsExactly(
                        tuple(Outcome.ENTERED_FLOW, null),
                        tuple(Outcome.SUPPRESSED, SuppressionReason.IN_FLOW),
                        tuple(Outcome.SUPPRESSED, SuppressionReason.FLOW_REENTRY),
                        tuple(Outcome.ENTERED_FLOW, null));
    }

    @Test
    void aFlowWithoutReentryTakesEveryUserOnce() {
        JourneyReplay journey =
                replay(RESCUE.replace("reentry: 7d", "reentry: NEVER"))
                        .send(
                                alice.addsToCart("i1").at(BEGINNING),
                                alice.buys("i1").at(BEGINNING + 2 * ONE_HOUR),
                                alice.addsToCart("i2").at(BEGINNING + 30 * ONE_DAY))
                        .advanceWatermark(BEGINNING + 31 * ONE_DAY);

        assertThat(journey.decisions)
                .filteredOn(decision -> decision.step() == null)
                .extracting(Decision::suppressedBy)
                .containsExactly(null, SuppressionReason.FLOW_REENTRY);
    }

    @Test
    void besidesThePatternsOwnActionTheFlowStillSends() {
        JourneyReplay journey =
                replay(
                                RESCUE.replace(
                                        "entry: {patterns: [cart]}",
                                        "entry: {patterns: [cart], mode: BESIDES}"))
                        .send(alice.addsToCart("i1").at(BEGINNING))
                        .advanceWatermark(ABANDONED + ONE_MINUTE);

        assertThat(journey.actions)
                .extracting(Action::template)
                .containsExactlyInAnyOrder("cart-push", "rescue-push");
    }

    @Test
    void aHeldOutUserWalksTheFlowWithoutBeingSentAnything() {
        JourneyReplay journey =
                replay(RESCUE.replace("reentry: 7d", "reentry: 7d\n    holdoutPercent: 100"))
                        .send(alice.addsToCart("i1").at(BEGINNING))
                        .advanceWatermark(ABANDONED + 10 * ONE_DAY);

        assertThat(journey.actions).isEmpty();
        assertThat(steps(journey))
                .containsExactly("push:HOLDOUT", "email:HOLDOUT", "coupon:HOLDOUT");
        assertThat(journey.flows).allSatisfy(event -> assertThat(event.holdout()).isTrue());
    }

    @Test
    void aCapSharedByTwoFlowsStopsTheSecondFlowsPush() {
        String twoFlows =
                RESCUE.replace(
                                        "arbitrationWindow: 0s}",
                                        "arbitrationWindow: 0s, frequencyCaps: [{channel: PUSH, max: 1,"
                                                + " per: 4h}]}")
                                .replace("flows:\n", BROWSE_PATTERN + "flows:\n")
                        + BROWSE_FLOW;
        JourneyReplay journey =
                replay(twoFlows)
                        .send(
                                alice.addsToCart("i1").at(BEGINNING),
                                alice.views("a").at(ABANDONED + ONE_MINUTE),
                                alice.views("b").at(ABANDONED + 2 * ONE_MINUTE))
                        .advanceWatermark(BEGINNING + 3 * ONE_HOUR);

        assertThat(journey.decisions)
                .filteredOn(decision -> decision.step() != null)
                .extracting(Decision::flowId, Decision::outcome, Decision::suppressedBy)
                .containsExactly(
                        tuple("rescue", Outcome.SENT, null),
                        tuple(
                                "browse-rescue",
                                Outcome.SUPPRESSED,
                                SuppressionReason.FREQUENCY_CAP));
    }

    private static final String BROWSE_PATTERN =
            """
              - id: browse
                type: BROWSE_WITHOUT_BUY
                params: {minViews: 2, window: 30m}
                action: {channels: [PUSH], template: browse, cooldown: 0s}
            """;

    private static final String BROWSE_FLOW =
            """
              - id: browse-rescue
                entry: {patterns: [browse]}
                steps:
                  - name: nudge
                    send: {channels: [PUSH], template: browse-push}
            """;

    @Test
    void anErasureTakesTheUserOutOfEveryFlow() {
        JourneyReplay journey =
                replay(RESCUE)
                        .send(
                                alice.addsToCart("i1").at(BEGINNING),
                                alice.erases(ABANDONED + ONE_HOUR))
                        .advanceWatermark(ABANDONED + 10 * ONE_DAY);

        assertThat(steps(journey)).containsExactly("push:SENT");
        assertThat(journey.flows)
                .last()
                .extracting(FlowEvent::kind, FlowEvent::step, FlowEvent::detail)
                .containsExactly(FlowEvent.Kind.LEFT, "wait-open", "erased");
    }

    @Test
    void aUserRestoredMidWaitGoesOnAsIfNeverStopped() throws IOException {
        JourneyReplay straight =
                replay(RESCUE)
                        .send(alice.addsToCart("i1").at(BEGINNING))
                        .advanceWatermark(ABANDONED + 10 * ONE_DAY);

        JourneyReplay first =
                replay(RESCUE)
                        .send(alice.addsToCart("i1").at(BEGINNING))
                        .advanceWatermark(ABANDONED + 2 * ONE_DAY);
        JourneyReplay restored =
                replay(RESCUE)
                        .restore("alice", savedAndRead(first.journey("alice")))
                        .advanceWatermark(ABANDONED + 10 * ONE_DAY);

        assertThat(first.actions.size() + restored.actions.size()).isEqualTo(3);
        assertThat(restored.actions)
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(straight.actions.subList(2, 3));
    }

    /**
     * The bytes of a user's place in a flow, as the journey stores it: in the cart rescue after its
     * three sends (items i1, i2, i3), and once the user left it.
     */
    @Test
    void aUserInTheCartRescueTakes92BytesOfStateAndOneWhoLeftIt13() {
        // The coupon is followed by a long wait, so that she is still in the flow after it.
        String lingering =
                RESCUE.replace(
                        "template: rescue-coupon}\n",
                        "template: rescue-coupon}\n"
                                + "        next: linger\n"
                                + "      - name: linger\n"
                                + "        wait: {for: 10d}\n");
        JourneyReplay journey =
                replay(lingering)
                        .send(
                                alice.addsToCart("i1").at(BEGINNING - 2 * ONE_MINUTE),
                                alice.addsToCart("i2").at(BEGINNING - ONE_MINUTE),
                                alice.addsToCart("i3").at(BEGINNING))
                        .advanceWatermark(ABANDONED + 5 * ONE_DAY);
        FlowPositions inFlow = journey.journey("alice").flowPositions();
        assertThat(inFlow.stepOf("rescue")).isEqualTo("linger");
        int active = bytes(inFlow, journey.watermark());

        journey.send(alice.buys("i1").at(ABANDONED + 6 * ONE_DAY))
                .advanceWatermark(ABANDONED + 7 * ONE_DAY);
        int left = bytes(journey.journey("alice").flowPositions(), journey.watermark());

        assertThat(active).as("in the flow after three sends").isEqualTo(92);
        assertThat(left).as("left, kept for re-entry").isEqualTo(13);
    }

    private static int bytes(FlowPositions positions, long clock) {
        StateOutput out = new StateOutput(256).reset(clock);
        positions.write(out);
        return out.size();
    }

    @Test
    void aRemovedStepTakesItsUsersOutAndAChangedWaitAppliesFromTheNextStep() {
        JourneyReplay journey =
                replay(RESCUE)
                        .send(alice.addsToCart("i1").at(BEGINNING))
                        .advanceWatermark(ABANDONED + ONE_DAY + ONE_HOUR);
        // She waits in three-days (until ABANDONED + 4d); the wait is now one day: hers stays.
        PatternsConfig shorter =
                Configs.parse(
                        RESCUE.replace("version: \"flows-1\"", "version: \"flows-2\"")
                                .replace("wait: {for: 3d}", "wait: {for: 1d}"));
        journey.reconfigure(shorter).advanceWatermark(ABANDONED + 10 * ONE_DAY);

        assertThat(journey.actions)
                .extracting(Action::step, Action::sendAt)
                .containsExactly(
                        tuple("push", ABANDONED),
                        tuple("email", ABANDONED + ONE_DAY),
                        tuple("coupon", ABANDONED + 4 * ONE_DAY));

        JourneyReplay removed =
                replay(RESCUE)
                        .send(alice.addsToCart("i1").at(BEGINNING))
                        .advanceWatermark(ABANDONED + ONE_DAY + ONE_HOUR);
        PatternsConfig withoutWait =
                Configs.parse(
                        RESCUE.replace("version: \"flows-1\"", "version: \"flows-2\"")
                                .replace(
                                        "      - name: three-days\n"
                                                + "        wait: {for: 3d}\n"
                                                + "        next: bought\n",
                                        "")
                                .replace("next: three-days", "next: bought"));
        removed.reconfigure(withoutWait).advanceWatermark(ABANDONED + 10 * ONE_DAY);

        assertThat(removed.actions).extracting(Action::step).containsExactly("push", "email");
        assertThat(removed.flows)
                .last()
                .extracting(FlowEvent::kind, FlowEvent::detail)
                .containsExactly(FlowEvent.Kind.LEFT, "the step was removed");
    }
}
