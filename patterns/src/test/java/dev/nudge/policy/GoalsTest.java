package dev.nudge.policy;

import static dev.nudge.testing.Shopper.ONE_DAY;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static dev.nudge.testing.Shopper.THIRTY_MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.nudge.config.Goal;
import dev.nudge.config.PatternType;
import dev.nudge.config.PatternsConfig;
import dev.nudge.event.Channel;
import dev.nudge.event.EventType;
import dev.nudge.event.Money;
import dev.nudge.event.UserEvent;
import dev.nudge.journey.JourneyReplay;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pattern's goal (docs/operators.md, Patterns): the event that converts its messages, by last
 * touch, once, within the goal's window; revenue only for purchases.
 */
class GoalsTest {
    private static final long BOUND = 5_000;

    /** 10:00 in Shanghai; a view now is a browse moment, sent at 10:30. */
    private static final long MORNING = Instant.parse("2017-11-25T02:00:00Z").toEpochMilli();

    private static final long SENT_AT = MORNING + THIRTY_MINUTES;

    private final Shopper alice = Shopper.named("alice");

    /** A browse reminder that waits a week before another, judged by {@code goal}. */
    private static PatternsConfig browseJudgedBy(String goal, String policy) {
        return Configs.parse(
                """
                version: "goals-1"
                timezone: Asia/Shanghai
                tags: {crm-tier: {}, survey-done: {}}
                policy: {quietHours: {start: "00:00", end: "00:00"}, arbitrationWindow: 0s%s}
                patterns:
                  - id: browse
                    type: BROWSE_WITHOUT_BUY
                    params: {minViews: 1, window: 30m}
                    action: {channels: [PUSH], template: browse_v1, cooldown: 7d%s}
                """
                        .formatted(policy, goal.isEmpty() ? "" : ", goal: " + goal));
    }

    private JourneyReplay replay(PatternsConfig config, UserEvent... events) {
        return new JourneyReplay(config, BOUND).send(events).endOfInput();
    }

    @Test
    void aReturnVisitConvertsABrowseReminderJudgedByViewsWithoutRevenue() {
        JourneyReplay journey =
                replay(
                        browseJudgedBy("{event: VIEW, within: 3d}", ""),
                        alice.views("i1").at(MORNING),
                        alice.buys("i1").at(MORNING + ONE_HOUR),
                        alice.views("i2").at(MORNING + ONE_DAY),
                        alice.views("i3").at(MORNING + ONE_DAY + ONE_HOUR));

        Decision sent = journey.decisions.get(0);
        assertThat(journey.conversions)
                .as("the purchase is no goal of the pattern; the first return visit is, once")
                .extracting(
                        Conversion::decisionId,
                        Conversion::actionId,
                        Conversion::goal,
                        Conversion::arm,
                        Conversion::orderId,
                        Conversion::revenue,
                        Conversion::convertedAt,
                        Conversion::latency)
                .containsExactly(
                        tuple(
                                sent.decisionId(),
                                sent.actionId(),
                                "VIEW",
                                Conversion.Arm.TREATMENT,
                                null,
                                0L,
                                MORNING + ONE_DAY,
                                MORNING + ONE_DAY - SENT_AT));
    }

    @Test
    void anAddToCartGoalIsConvertedByTheFirstAddOnly() {
        JourneyReplay journey =
                replay(
                        browseJudgedBy("{event: ADD_TO_CART}", ""),
                        alice.views("i1").at(MORNING),
                        alice.views("i2").at(MORNING + ONE_HOUR),
                        alice.addsToCart("i1").at(MORNING + 2 * ONE_HOUR),
                        alice.addsToCart("i2").at(MORNING + 3 * ONE_HOUR));

        assertThat(journey.conversions)
                .extracting(Conversion::goal, Conversion::convertedAt)
                .containsExactly(tuple("ADD_TO_CART", MORNING + 2 * ONE_HOUR));
    }

    @Test
    void aTagGoalIsConvertedByATagEventOfThatTagAndNoOther() {
        JourneyReplay journey =
                replay(
                        browseJudgedBy("{event: survey-done}", ""),
                        alice.views("i1").at(MORNING),
                        tag("crm-tier", MORNING + ONE_HOUR),
                        tag("survey-done", MORNING + 2 * ONE_HOUR));

        assertThat(journey.conversions)
                .extracting(Conversion::goal, Conversion::revenue, Conversion::convertedAt)
                .containsExactly(tuple("survey-done", 0L, MORNING + 2 * ONE_HOUR));
    }

    @Test
    void anEventAfterTheGoalsWindowConvertsNothing() {
        JourneyReplay journey =
                replay(
                        browseJudgedBy("{event: VIEW, within: 1h}", ""),
                        alice.views("i1").at(MORNING),
                        alice.views("i2").at(SENT_AT + 2 * ONE_HOUR));

        assertThat(journey.conversions).isEmpty();
    }

    @Test
    void anEventAtTheEndOfTheGoalsWindowStillConvertsAndOneAtTheSendDoesNot() {
        JourneyReplay journey =
                replay(
                        browseJudgedBy("{event: VIEW, within: 1h}", ""),
                        alice.views("i1").at(MORNING),
                        alice.views("i2").at(SENT_AT),
                        alice.views("i3").at(SENT_AT + ONE_HOUR));

        assertThat(journey.conversions)
                .extracting(Conversion::convertedAt)
                .containsExactly(SENT_AT + ONE_HOUR);
    }

    @Test
    void aPurchaseGoalWithItsOwnWindowCountsRevenueWithinItAndNotTheAttributionWindow() {
        PatternsConfig config =
                browseJudgedBy("{event: PURCHASE, within: 1h}", ", attributionWindow: 3d");

        JourneyReplay late =
                replay(
                        config,
                        alice.views("i1").at(MORNING),
                        alice.buys("i1").at(SENT_AT + 2 * ONE_HOUR));
        JourneyReplay inTime =
                replay(
                        config,
                        alice.views("i1").at(MORNING),
                        alice.buys("i1").at(SENT_AT + ONE_HOUR));

        assertThat(late.conversions).isEmpty();
        assertThat(inTime.conversions)
                .extracting(Conversion::goal, Conversion::revenue, Conversion::orderId)
                .containsExactly(tuple("PURCHASE", 1000L, "o-alice-purchase-5400000"));
    }

    @Test
    void withoutAGoalAPurchaseWithinTheAttributionWindowConvertsAsAlways() {
        JourneyReplay journey =
                replay(
                        browseJudgedBy("", ", attributionWindow: 1d"),
                        alice.views("i1").at(MORNING),
                        alice.addsToCart("i1").at(MORNING + ONE_HOUR),
                        alice.buys("i1").at(MORNING + 2 * ONE_HOUR));

        assertThat(journey.conversions)
                .extracting(Conversion::goal, Conversion::variant, Conversion::revenue)
                .containsExactly(tuple("PURCHASE", null, 1000L));
    }

    @Test
    void theHoldoutArmIsJudgedByTheSameGoal() {
        JourneyReplay journey =
                replay(
                        browseJudgedBy("{event: VIEW}", ", holdoutPercent: 100"),
                        alice.views("i1").at(MORNING),
                        alice.views("i2").at(MORNING + ONE_DAY));

        assertThat(journey.conversions)
                .extracting(Conversion::arm, Conversion::actionId, Conversion::goal)
                .containsExactly(tuple(Conversion.Arm.HOLDOUT, null, "VIEW"));
    }

    @Test
    void theGoalInForceWhenTheMessageWentJudgesIt() {
        JourneyReplay journey =
                new JourneyReplay(browseJudgedBy("", ""), BOUND)
                        .send(alice.views("i1").at(MORNING))
                        .advanceWatermark(SENT_AT + ONE_HOUR);
        assertThat(journey.actions).hasSize(1);

        journey.reconfigure(browseJudgedBy("{event: VIEW}", ""))
                .send(
                        alice.views("i2").at(MORNING + ONE_DAY),
                        alice.buys("i2").at(MORNING + ONE_DAY + ONE_HOUR))
                .endOfInput();

        assertThat(journey.conversions)
                .as("the message went with a purchase goal: a view does not convert it")
                .extracting(Conversion::goal, Conversion::convertedAt)
                .containsExactly(tuple("PURCHASE", MORNING + ONE_DAY + ONE_HOUR));
    }

    @Test
    void aConversionCarriesTheVariantOfTheDecisionItConverts() {
        Attribution attribution = new Attribution(Duration.ofDays(3).toMillis(), Money.DEFAULT);
        LastTouch touch = new LastTouch();
        Attribution.touched(
                touch, decision("browse", "b", Outcome.SENT), SENT_AT, new Goal("VIEW", null));
        List<Conversion> written = new ArrayList<>();

        attribution.event(
                "alice", touch, alice.views("i2").at(SENT_AT + ONE_HOUR), collect(written));
        attribution.event(
                "alice", touch, alice.views("i3").at(SENT_AT + 2 * ONE_HOUR), collect(written));

        assertThat(written)
                .extracting(Conversion::patternId, Conversion::variant, Conversion::goal)
                .containsExactly(tuple("browse", "b", "VIEW"));
    }

    private static Decision decision(String patternId, String variant, Outcome outcome) {
        return new Decision(
                "d-1",
                "alice",
                patternId,
                variant,
                PatternType.BROWSE_WITHOUT_BUY,
                "goals-1",
                MORNING,
                List.of(),
                outcome,
                null,
                outcome == Outcome.SENT ? "a-1" : null,
                Channel.PUSH,
                "viewed",
                null,
                null);
    }

    private static DecisionOutput collect(List<Conversion> conversions) {
        return new DecisionOutput() {
            @Override
            public void decision(Decision decision) {}

            @Override
            public void action(Action action) {}

            @Override
            public void conversion(Conversion conversion) {
                conversions.add(conversion);
            }

            @Override
            public void engagement(Engagement engagement) {}
        };
    }

    private UserEvent tag(String tag, long ts) {
        return UserEvent.builder("alice-tag-" + tag, "alice", EventType.TAG, ts)
                .tag(tag, null, null)
                .build();
    }
}
