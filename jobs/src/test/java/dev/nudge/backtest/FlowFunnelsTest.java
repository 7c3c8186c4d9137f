package dev.nudge.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.config.PatternType;
import dev.nudge.flow.FlowEvent;
import dev.nudge.flow.FlowEvent.Kind;
import dev.nudge.job.OpenEpisodeJson;
import dev.nudge.journey.OpenEpisode;
import dev.nudge.policy.Decision;
import dev.nudge.policy.Outcome;
import dev.nudge.policy.SuppressionReason;
import dev.nudge.wire.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link FlowFunnels}: the funnel of a flow from its steps ({@code flows.jsonl}), the
 * decisions of its sends and its messages held at the end, written as the job writes them.
 *
 * <p>The known case, cart-rescue: a push, a wait of a day for the push to be opened, then an email.
 * Ten users enter, u8 and u9 in the holdout group. The push goes to u0 to u5, is held out for u8
 * and u9, stopped by the frequency cap for u6 and still held for u7's send time when the clock
 * stops. At the wait, u0, u1 and the held-out u8 buy (the flow's goal); u7 is still waiting at the
 * end; the other six time out and get the email: sent to u2, u3 and u6, held out for u9, stopped by
 * the cooldown for u5, and for u4 held for its send time and then cancelled by a purchase. All six
 * complete the flow after the email.
 */
class FlowFunnelsTest {
    private static final String FLOW = "cart-rescue";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FlowFunnels funnels;
    private long clock;

    @BeforeEach
    void knownCase() {
        Map<String, String> steps = new LinkedHashMap<>();
        steps.put("push", FlowFunnels.SEND);
        steps.put("wait-open", FlowFunnels.WAIT);
        steps.put("email", FlowFunnels.SEND);
        Map<String, Map<String, String>> layout = new LinkedHashMap<>();
        layout.put(FLOW, steps);
        layout.put("win-back-series", Map.of("first", FlowFunnels.SEND));
        funnels = new FlowFunnels(layout);

        for (int u = 0; u < 10; u++) {
            boolean holdout = u >= 8;
            step("u" + u, null, Kind.ENTERED, holdout);
            step("u" + u, "push", Kind.REACHED, holdout);
            step("u" + u, "wait-open", Kind.REACHED, holdout);
        }
        for (int u = 0; u <= 5; u++) {
            sent("u" + u, "push");
        }
        heldOut("u8", "push");
        heldOut("u9", "push");
        suppressed("u6", "push", SuppressionReason.FREQUENCY_CAP);
        heldAtTheEnd("u7", "push");

        step("u0", "wait-open", Kind.EXITED, false);
        step("u1", "wait-open", Kind.EXITED, false);
        step("u8", "wait-open", Kind.EXITED, true);
        for (String user : List.of("u2", "u3", "u4", "u5", "u6", "u9")) {
            boolean holdout = user.equals("u9");
            step(user, "wait-open", Kind.TIMED_OUT, holdout);
            step(user, "email", Kind.REACHED, holdout);
            step(user, null, Kind.COMPLETED, holdout);
        }
        sent("u2", "email");
        sent("u3", "email");
        sent("u6", "email");
        heldOut("u9", "email");
        suppressed("u5", "email", SuppressionReason.COOLDOWN);
        suppressed("u4", "email", SuppressionReason.FLOW_EXITED);
    }

    @Test
    void eachStepIsReachedOncePerWalkAndEachSendStepDecidesOneMessageEachTime() {
        FlowFunnel cart = funnels.result().get(FLOW);

        assertThat(cart.steps())
                .extracting(FlowFunnel.Step::name)
                .containsExactly("push", "wait-open", "email");
        FlowFunnel.Step push = cart.steps().get(0);
        assertThat(push.reached()).isEqualTo(10);
        assertThat(push.sent()).isEqualTo(6);
        assertThat(push.holdout()).isEqualTo(2);
        assertThat(push.suppressed()).containsExactly(Map.entry("FREQUENCY_CAP", 1L));
        assertThat(push.held()).isEqualTo(1);
        assertThat(push.messages()).as("one message per time reached").isEqualTo(push.reached());

        FlowFunnel.Step email = cart.steps().get(2);
        assertThat(email.kind()).isEqualTo(FlowFunnels.SEND);
        assertThat(email.reached()).isEqualTo(6);
        assertThat(email.sent()).isEqualTo(3);
        assertThat(email.holdout()).isEqualTo(1);
        assertThat(email.suppressed())
                .as("by reason, in the order of the reasons' names")
                .containsExactly(Map.entry("COOLDOWN", 1L), Map.entry("FLOW_EXITED", 1L));
        assertThat(email.messages()).isEqualTo(email.reached());
    }

    @Test
    void everyWalkEndsExitedCompletedOrLeftUnlessItIsStillUnderWayAtTheEnd() {
        FlowFunnel cart = funnels.result().get(FLOW);

        assertThat(cart.entered()).isEqualTo(10);
        assertThat(cart.enteredTreatment()).isEqualTo(8);
        assertThat(cart.enteredHoldout()).isEqualTo(2);
        assertThat(cart.exited()).isEqualTo(3);
        assertThat(cart.completed()).isEqualTo(6);
        assertThat(cart.left()).isZero();
        assertThat(cart.stillIn()).as("u7, waiting for the push to be opened").isEqualTo(1);
        assertThat(cart.sent()).as("six pushes and three emails").isEqualTo(9);
        FlowFunnel.Step wait = cart.steps().get(1);
        assertThat(wait.reached()).isEqualTo(10);
        assertThat(wait.timedOut()).isEqualTo(6);
        assertThat(wait.exited()).isEqualTo(3);
        assertThat(cart.timedOut()).isEqualTo(6);
    }

    @Test
    void theGoalConversionIsTheShareOfEachArmsUsersWhoReachedTheExitGoal() {
        FlowFunnel cart = funnels.result().get(FLOW);

        assertThat(cart.treatment()).isEqualTo(new FlowFunnel.Goal(8, 2));
        assertThat(cart.holdout()).isEqualTo(new FlowFunnel.Goal(2, 1));
        assertThat(cart.treatment().rate()).isEqualTo(0.25);
        assertThat(cart.holdout().rate()).isEqualTo(0.5);
        assertThat(cart.goalDifferencePoints()).isEqualTo(-25.0);
    }

    @Test
    void aUserWhoReentersWalksTheFlowAgainButCountsOnceForTheGoal() {
        step("u0", null, Kind.ENTERED, false);
        step("u0", "push", Kind.REACHED, false);
        sent("u0", "push");
        step("u0", "wait-open", Kind.REACHED, false);
        step("u0", "wait-open", Kind.EXITED, false);

        FlowFunnel cart = funnels.result().get(FLOW);

        assertThat(cart.entered()).isEqualTo(11);
        assertThat(cart.steps().get(0).reached()).isEqualTo(11);
        assertThat(cart.exited()).isEqualTo(4);
        assertThat(cart.stillIn()).isEqualTo(1);
        assertThat(cart.treatment()).isEqualTo(new FlowFunnel.Goal(8, 2));
    }

    @Test
    void aFlowNobodyEnteredHasItsStepsAndNoGoalDifference() {
        FlowFunnel winBack = funnels.result().get("win-back-series");

        assertThat(funnels.result().keySet())
                .as("in the configuration's order")
                .containsExactly(FLOW, "win-back-series");
        assertThat(winBack.entered()).isZero();
        assertThat(winBack.steps()).extracting(FlowFunnel.Step::reached).containsExactly(0L);
        assertThat(winBack.goalDifferencePoints()).isNull();
    }

    @Test
    void aUserTakenOutCountsAsLeftAtTheStepTheyWereAt() {
        step("u7", "wait-open", Kind.LEFT, false, "the flow was switched off");

        FlowFunnel cart = funnels.result().get(FLOW);

        assertThat(cart.left()).isEqualTo(1);
        assertThat(cart.steps().get(1).left()).isEqualTo(1);
        assertThat(cart.stillIn()).isZero();
    }

    @Test
    void aStepTheConfigurationDoesNotNameFollowsItsStepsWithoutAKind() {
        step("u7", "sms", Kind.REACHED, false);

        FlowFunnel cart = funnels.result().get(FLOW);

        assertThat(cart.steps())
                .extracting(FlowFunnel.Step::name, FlowFunnel.Step::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("push", "send"),
                        org.assertj.core.groups.Tuple.tuple("wait-open", "wait"),
                        org.assertj.core.groups.Tuple.tuple("email", "send"),
                        org.assertj.core.groups.Tuple.tuple("sms", ""));
    }

    private void step(String user, String step, Kind kind, boolean holdout) {
        step(user, step, kind, holdout, null);
    }

    private void step(String user, String step, Kind kind, boolean holdout, String detail) {
        FlowEvent event = new FlowEvent(user, FLOW, step, kind, clock++, holdout, "v1", detail);
        funnels.flowEvent(read(Json.flowEvent(event)));
    }

    private void sent(String user, String step) {
        decided(user, step, Outcome.SENT, null);
    }

    private void heldOut(String user, String step) {
        decided(user, step, Outcome.HOLDOUT, null);
    }

    private void suppressed(String user, String step, SuppressionReason reason) {
        decided(user, step, Outcome.SUPPRESSED, reason);
    }

    private void decided(String user, String step, Outcome outcome, SuppressionReason reason) {
        Decision decision =
                new Decision(
                        "d-" + clock,
                        user,
                        "cart-abandonment",
                        null,
                        PatternType.CART_ABANDONMENT,
                        "v1",
                        clock++,
                        List.of(),
                        outcome,
                        reason,
                        outcome == Outcome.SENT ? "a-" + clock : null,
                        null,
                        "step " + step + " of flow " + FLOW,
                        FLOW,
                        step);
        funnels.decision(read(Json.decision(decision)));
    }

    private void heldAtTheEnd(String user, String step) {
        OpenEpisode held =
                new OpenEpisode(
                        user,
                        "cart-abandonment",
                        PatternType.CART_ABANDONMENT,
                        clock,
                        clock + 1,
                        FLOW,
                        step);
        funnels.held(read(OpenEpisodeJson.of(held)));
    }

    private static com.fasterxml.jackson.databind.JsonNode read(byte[] line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
