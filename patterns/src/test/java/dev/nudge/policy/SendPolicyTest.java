package dev.nudge.policy;

import static dev.nudge.testing.Shopper.ONE_DAY;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static dev.nudge.testing.Shopper.THIRTY_MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.nudge.config.PatternsConfig;
import dev.nudge.event.Channel;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.journey.Journey;
import dev.nudge.journey.JourneyCodec;
import dev.nudge.journey.JourneyReplay;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What stands between a match and a message after the cooldown (SPEC §6): arbitration between the
 * matches of one window, the channel by engagement, quiet hours and the best hour with actions held
 * in state, the personalisation of the action, and the attribution of purchases.
 */
class SendPolicyTest {
    private static final long BOUND = 5_000;

    /** 10:00 in Shanghai, the configurations' time zone; quiet hours are 22:00–08:00 there. */
    private static final long MORNING = Instant.parse("2017-11-25T02:00:00Z").toEpochMilli();

    /** 21:45 in Shanghai: a view now matches at 22:15, inside quiet hours. */
    private static final long LATE_EVENING = Instant.parse("2017-11-25T13:45:00Z").toEpochMilli();

    /** 08:00 the next morning in Shanghai, when quiet hours end. */
    private static final long NEXT_MORNING = Instant.parse("2017-11-26T00:00:00Z").toEpochMilli();

    private final Shopper alice = Shopper.named("alice");

    /** Patterns given as YAML list entries, with the policy given, no caps unless given. */
    private static PatternsConfig config(String policy, String patterns) {
        return Configs.parse(
                """
                version: "send-1"
                timezone: Asia/Shanghai
                policy:
                %s
                offers:
                  - {segment: price-sensitive, offer: COUPON_10}
                  - {segment: PROSPECT, offer: FIRST_ORDER_COUPON}
                patterns:
                %s
                """
                        .formatted(policy.indent(2), patterns.indent(2)));
    }

    /** A browse pattern that matches one view at the end of {@code window}. */
    private static String browse(String id, String window, int priority, String more) {
        return """
               - id: %s
                 type: BROWSE_WITHOUT_BUY
                 params: {minViews: 1, window: %s}
                 action: {channels: [PUSH, EMAIL], template: %s_v1, priority: %d, cooldown: 0s%s}
               """
                .formatted(id, window, id, priority, more);
    }

    private static final String NO_QUIET_HOURS = "quietHours: {start: \"00:00\", end: \"00:00\"}";

    // Arbitration.

    @Test
    void ofTwoMatchesInOneArbitrationWindowTheHigherPriorityIsSentAndTheOtherLoses() {
        PatternsConfig config =
                config(
                        NO_QUIET_HOURS,
                        browse("low", "30m", 10, "")
                                + browse("high", "30m", 90, "")
                                + browse("later", "31m", 90, ""));

        JourneyReplay journey =
                new JourneyReplay(config, BOUND).send(alice.views("i1").at(MORNING));
        journey.endOfInput();

        // low and high match at 10:30, later at 10:31: the window of 10:30 ends there, exclusive.
        assertThat(journey.decisions)
                .extracting(Decision::patternId, Decision::outcome, Decision::suppressedBy)
                .containsExactlyInAnyOrder(
                        tuple("high", Outcome.SENT, null),
                        tuple("low", Outcome.SUPPRESSED, SuppressionReason.LOWER_PRIORITY),
                        tuple("later", Outcome.SENT, null));
    }

    @Test
    void equalPrioritiesAreArbitratedByPatternId() {
        PatternsConfig config =
                config(
                        NO_QUIET_HOURS,
                        browse("zeta", "30m", 50, "") + browse("alpha", "30m", 50, ""));

        JourneyReplay journey =
                new JourneyReplay(config, BOUND).send(alice.views("i1").at(MORNING));
        journey.endOfInput();

        assertThat(journey.decisions)
                .extracting(Decision::patternId, Decision::suppressedBy)
                .containsExactlyInAnyOrder(
                        tuple("alpha", null), tuple("zeta", SuppressionReason.LOWER_PRIORITY));
    }

    @Test
    void aMatchIsDecidedOnlyWhenItsArbitrationWindowHasPassed() {
        PatternsConfig config = config(NO_QUIET_HOURS, browse("browse", "30m", 50, ""));

        JourneyReplay journey =
                new JourneyReplay(config, BOUND).send(alice.views("i1").at(MORNING));
        journey.advanceWatermark(MORNING + 30 * ONE_MINUTE);
        assertThat(journey.decisions).as("the window of 10:30 is still open").isEmpty();

        journey.advanceWatermark(MORNING + 31 * ONE_MINUTE);
        assertThat(journey.decisions).extracting(Decision::outcome).containsExactly(Outcome.SENT);
        assertThat(journey.actions)
                .extracting(Action::triggeredAt, Action::sendAt)
                .containsExactly(tuple(MORNING + 30 * ONE_MINUTE, MORNING + 30 * ONE_MINUTE));
    }

    // Channel and personalisation.

    @Test
    void theChannelWithTheBestEngagementWinsOverTheConfiguredOrder() {
        PatternsConfig config = config(NO_QUIET_HOURS, browse("browse", "30m", 50, ""));
        List<UserEvent> opened = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            opened.add(feedback(EventType.MESSAGE_DELIVERED, Channel.EMAIL, MORNING + i));
            opened.add(feedback(EventType.MESSAGE_OPENED, Channel.EMAIL, MORNING + i));
            opened.add(feedback(EventType.MESSAGE_DELIVERED, Channel.PUSH, MORNING + i));
        }

        JourneyReplay journey =
                new JourneyReplay(config, BOUND)
                        .send(opened.toArray(UserEvent[]::new))
                        .send(alice.views("i1").at(MORNING + ONE_HOUR));
        journey.endOfInput();

        assertThat(journey.actions).extracting(Action::channel).containsExactly(Channel.EMAIL);
    }

    @Test
    void theActionCarriesTheItemsTheTopCategoryAndTheOfferOfTheUsersSegment() {
        PatternsConfig config = config(NO_QUIET_HOURS, browse("browse", "30m", 50, ""));

        JourneyReplay journey =
                new JourneyReplay(config, BOUND)
                        .send(
                                discountedPurchase("p1", MORNING),
                                discountedPurchase("p2", MORNING + ONE_HOUR),
                                alice.views("i7", "shoes").at(MORNING + 2 * ONE_HOUR));
        journey.endOfInput();

        Action action = journey.actions.get(0);
        assertThat(action.params().items()).containsExactly("i7");
        assertThat(action.params().category()).isEqualTo("shoes");
        assertThat(action.offer()).isEqualTo("COUPON_10");
        assertThat(action.params().offer()).isEqualTo("COUPON_10");
    }

    @Test
    void aPatternsOwnOffersComeBeforeTheGlobalOnes() {
        PatternsConfig config =
                config(
                        NO_QUIET_HOURS,
                        browse(
                                "browse",
                                "30m",
                                50,
                                ", offers: [{segment: PROSPECT, offer: WELCOME_GIFT}]"));

        JourneyReplay journey =
                new JourneyReplay(config, BOUND).send(alice.views("i1").at(MORNING));
        journey.endOfInput();

        assertThat(journey.actions).extracting(Action::offer).containsExactly("WELCOME_GIFT");
    }

    // Send time.

    @Test
    void anActionDecidedInQuietHoursIsHeldUntilTheyEnd() {
        PatternsConfig config = config("", browse("browse", "30m", 50, ", ttl: 12h"));

        JourneyReplay journey =
                new JourneyReplay(config, BOUND).send(alice.views("i1").at(LATE_EVENING));
        journey.advanceWatermark(NEXT_MORNING - 1);
        assertThat(journey.decisions).as("held, not yet decided").isEmpty();
        assertThat(journey.journey("alice").heldActions()).isEqualTo(1);

        journey.advanceWatermark(NEXT_MORNING);
        assertThat(journey.actions)
                .extracting(Action::triggeredAt, Action::sendAt, Action::expiresAt)
                .containsExactly(
                        tuple(
                                LATE_EVENING + 30 * ONE_MINUTE,
                                NEXT_MORNING,
                                NEXT_MORNING + 12 * ONE_HOUR));
        assertThat(journey.decisions).extracting(Decision::outcome).containsExactly(Outcome.SENT);
    }

    @Test
    void aPurchaseBeforeTheSendTimeCancelsTheHeldAction() {
        PatternsConfig config = config("", browse("browse", "30m", 50, ", ttl: 12h"));

        JourneyReplay journey =
                new JourneyReplay(config, BOUND)
                        .send(
                                alice.views("i1").at(LATE_EVENING),
                                alice.buys("i1").at(NEXT_MORNING - ONE_HOUR));
        journey.endOfInput();

        assertThat(journey.actions).isEmpty();
        assertThat(journey.decisions)
                .extracting(Decision::suppressedBy)
                .containsExactly(SuppressionReason.CONVERTED_BEFORE_SEND);
    }

    @Test
    void anActionThatWouldWaitLongerThanItsTtlExpiresAtTheEndOfTheTtl() {
        PatternsConfig config = config("", browse("browse", "30m", 50, ", ttl: 1h"));

        JourneyReplay journey =
                new JourneyReplay(config, BOUND).send(alice.views("i1").at(LATE_EVENING));
        long expiry = LATE_EVENING + 30 * ONE_MINUTE + ONE_HOUR;
        journey.advanceWatermark(expiry - 1);
        assertThat(journey.decisions).isEmpty();

        journey.advanceWatermark(expiry);
        assertThat(journey.decisions)
                .extracting(Decision::suppressedBy)
                .containsExactly(SuppressionReason.EXPIRED);
        assertThat(journey.actions).isEmpty();
    }

    @Test
    void aUserWithAsManyActionsHeldAsAllowedHasTheNextOneStoppedForAFullHoldNotForACap() {
        PatternsConfig config = config("", browse("browse", "1m", 50, ", ttl: 12h"));
        int allowed = HeldActions.CAPACITY;

        JourneyReplay journey = new JourneyReplay(config, BOUND);
        for (int moment = 0; moment <= allowed; moment++) {
            long view = LATE_EVENING + 30 * ONE_MINUTE + moment * 10 * ONE_MINUTE;
            journey.send(alice.views("i" + moment).at(view));
        }
        journey.advanceWatermark(NEXT_MORNING - 1);
        assertThat(journey.journey("alice").heldActions()).isEqualTo(allowed);
        assertThat(journey.decisions)
                .extracting(Decision::suppressedBy)
                .containsExactly(SuppressionReason.HOLD_FULL);

        journey.advanceWatermark(NEXT_MORNING);
        assertThat(journey.actions).hasSize(allowed).allMatch(a -> a.sendAt() == NEXT_MORNING);
    }

    @Test
    void quietHoursInDropModeSuppressTheAction() {
        PatternsConfig config =
                config(
                        "quietHours: {start: \"22:00\", end: \"08:00\", mode: DROP}",
                        browse("browse", "30m", 50, ""));

        JourneyReplay journey =
                new JourneyReplay(config, BOUND).send(alice.views("i1").at(LATE_EVENING));
        journey.endOfInput();

        assertThat(journey.decisions)
                .extracting(Decision::suppressedBy)
                .containsExactly(SuppressionReason.QUIET_HOURS);
    }

    @Test
    void bestHourMovesTheActionToTheUsersMostActiveHour() {
        PatternsConfig config =
                config(NO_QUIET_HOURS, browse("browse", "30m", 50, ", sendTime: BEST_HOUR"));
        // Alice searches at 19:20 in Shanghai on three evenings, then views at 10:00.
        long evening = Instant.parse("2017-11-22T11:20:00Z").toEpochMilli();
        long sevenPm = Instant.parse("2017-11-25T11:00:00Z").toEpochMilli();

        JourneyReplay journey =
                new JourneyReplay(config, BOUND)
                        .send(
                                alice.searches().at(evening),
                                alice.searches().at(evening + ONE_DAY),
                                alice.searches().at(evening + 2 * ONE_DAY),
                                alice.views("i1").at(MORNING));
        journey.endOfInput();

        assertThat(journey.actions).extracting(Action::sendAt).containsExactly(sevenPm);
    }

    @Test
    void quietHoursEndAtEightOnTheClockOnTheNightsTheClocksChange() {
        PatternsConfig config = config("", browse("browse", "30m", 50, ", ttl: 12h"));
        Shopper bob = Shopper.named("bob");
        // 22:30 in New York on the eve of each change, in EST and in EDT.
        long springEve = Instant.parse("2026-03-08T03:30:00Z").toEpochMilli();
        long autumnEve = Instant.parse("2026-11-01T02:30:00Z").toEpochMilli();

        JourneyReplay spring =
                new JourneyReplay(config, BOUND)
                        .send(registersIn(bob, "America/New_York", springEve - ONE_HOUR))
                        .send(bob.views("i1").at(springEve - 30 * ONE_MINUTE));
        spring.endOfInput();
        JourneyReplay autumn =
                new JourneyReplay(config, BOUND)
                        .send(registersIn(bob, "America/New_York", autumnEve - ONE_HOUR))
                        .send(bob.views("i1").at(autumnEve - 30 * ONE_MINUTE));
        autumn.endOfInput();

        // 08:00 EDT (UTC-4) after the spring change, 08:00 EST (UTC-5) after the autumn one.
        assertThat(spring.actions)
                .extracting(Action::sendAt)
                .containsExactly(Instant.parse("2026-03-08T12:00:00Z").toEpochMilli());
        assertThat(autumn.actions)
                .extracting(Action::sendAt)
                .containsExactly(Instant.parse("2026-11-01T13:00:00Z").toEpochMilli());
    }

    @Test
    void aMomentStillHeldWhenTheClockStopsIsReportedHeldWithItsTriggerAndSendTimes() {
        PatternsConfig config = config("", browse("browse", "30m", 50, ", ttl: 12h"));
        long stop = LATE_EVENING + ONE_HOUR;

        JourneyReplay journey =
                new JourneyReplay(
                                config,
                                dev.nudge.journey.JourneySettings.defaults().withClockLimit(stop),
                                BOUND)
                        .send(alice.views("i1").at(LATE_EVENING))
                        .endOfInput();

        assertThat(journey.decisions).as("waiting for the end of quiet hours").isEmpty();
        assertThat(journey.episodesAtEnd)
                .singleElement()
                .satisfies(
                        held -> {
                            assertThat(held.isHeldAction()).isTrue();
                            assertThat(held.patternId()).isEqualTo("browse");
                            assertThat(held.since())
                                    .as("recognised at the end of the window")
                                    .isEqualTo(LATE_EVENING + 30 * ONE_MINUTE);
                            assertThat(held.heldUntil()).isEqualTo(NEXT_MORNING);
                        });
    }

    @Test
    void aHeldActionSurvivesTheJourneysEncoding() throws Exception {
        PatternsConfig config = config("", browse("browse", "30m", 50, ", ttl: 12h"));
        JourneyReplay journey =
                new JourneyReplay(config, BOUND).send(alice.views("i1").at(LATE_EVENING));
        journey.advanceWatermark(LATE_EVENING + ONE_HOUR);
        assertThat(journey.journey("alice").heldActions()).isEqualTo(1);

        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        JourneyCodec.write(journey.journey("alice"), new java.io.DataOutputStream(bytes));
        Journey decoded =
                JourneyCodec.read(
                        new java.io.DataInputStream(
                                new java.io.ByteArrayInputStream(bytes.toByteArray())));
        assertThat(decoded.heldActions()).isEqualTo(1);
        java.io.ByteArrayOutputStream again = new java.io.ByteArrayOutputStream();
        JourneyCodec.write(decoded, new java.io.DataOutputStream(again));
        assertThat(again.toByteArray())
                .as("match, channel, send time and expiry all read back")
                .isEqualTo(bytes.toByteArray());
    }

    // Attribution.

    @Test
    void aPurchaseAfterASentActionIsAttributedToItOnceWithTheOrdersRevenue() {
        PatternsConfig config = config(NO_QUIET_HOURS, browse("browse", "30m", 50, ""));
        long sentAt = MORNING + 30 * ONE_MINUTE;
        long boughtAt = MORNING + 2 * ONE_HOUR;

        JourneyReplay journey =
                new JourneyReplay(config, BOUND)
                        .send(
                                alice.views("i1").at(MORNING),
                                orderLine("o-1", "i1", 10.0, 2, boughtAt, "line-1"),
                                orderLine("o-1", "i2", 5.0, 1, boughtAt, "line-2"),
                                orderLine("o-2", "i3", 99.0, 1, boughtAt + ONE_HOUR, "line-3"));
        journey.endOfInput();

        String decisionId = journey.decisions.get(0).decisionId();
        assertThat(journey.conversions)
                .extracting(
                        Conversion::decisionId,
                        Conversion::arm,
                        Conversion::orderId,
                        Conversion::revenue,
                        Conversion::latency)
                .containsExactly(
                        tuple(
                                decisionId,
                                Conversion.Arm.TREATMENT,
                                "o-1",
                                2500L, // 25.00 in minor units
                                boughtAt - sentAt));
        assertThat(journey.conversions.get(0).actionId())
                .isEqualTo(journey.actions.get(0).actionId());
    }

    @Test
    void theHoldoutArmIsAttributedTooAndNothingAfterTheAttributionWindow() {
        PatternsConfig config =
                config(
                        NO_QUIET_HOURS + "\nholdoutPercent: 100\nattributionWindow: 1d",
                        browse("browse", "30m", 50, ""));
        Shopper bob = Shopper.named("bob");

        JourneyReplay journey =
                new JourneyReplay(config, BOUND)
                        .send(
                                alice.views("i1").at(MORNING),
                                bob.views("i1").at(MORNING),
                                alice.buys("i1").at(MORNING + 20 * ONE_HOUR),
                                bob.buys("i1").at(MORNING + 2 * ONE_DAY));
        journey.endOfInput();

        assertThat(journey.conversions)
                .extracting(Conversion::userId, Conversion::arm, Conversion::actionId)
                .containsExactly(tuple("alice", Conversion.Arm.HOLDOUT, null));
    }

    @Test
    void theLatestDecisionTakesThePurchase() {
        PatternsConfig config = config(NO_QUIET_HOURS, browse("browse", "30m", 50, ""));

        JourneyReplay journey =
                new JourneyReplay(config, BOUND)
                        .send(
                                alice.views("i1").at(MORNING),
                                alice.views("i2").at(MORNING + ONE_HOUR),
                                alice.buys("i2").at(MORNING + 3 * ONE_HOUR));
        journey.endOfInput();

        assertThat(journey.decisions).hasSize(2);
        assertThat(journey.conversions)
                .extracting(Conversion::decisionId)
                .containsExactly(journey.decisions.get(1).decisionId());
    }

    @Test
    void aPurchaseInsideTheArbitrationWindowCancelsTheMatchAndGoesToTheDecisionBefore() {
        PatternsConfig config = config(NO_QUIET_HOURS, browse("browse", "30m", 50, ""));
        long matchedAt = MORNING + ONE_HOUR + THIRTY_MINUTES;

        JourneyReplay journey =
                new JourneyReplay(config, BOUND)
                        .send(
                                alice.views("i1").at(MORNING),
                                alice.views("i2").at(MORNING + ONE_HOUR),
                                alice.buys("i2").at(matchedAt + 40_000));
        journey.endOfInput();

        assertThat(journey.decisions)
                .extracting(Decision::triggeredAt, Decision::outcome, Decision::suppressedBy)
                .containsExactly(
                        tuple(MORNING + THIRTY_MINUTES, Outcome.SENT, null),
                        tuple(
                                matchedAt,
                                Outcome.SUPPRESSED,
                                SuppressionReason.CONVERTED_BEFORE_SEND));
        assertThat(journey.actions).hasSize(1);
        assertThat(journey.conversions)
                .extracting(Conversion::decisionId)
                .containsExactly(journey.decisions.get(0).decisionId());
    }

    @Test
    void aPurchaseLeavesTheMomentsItMadeWaitingOrHeld() {
        PatternsConfig config =
                config(
                        "",
                        """
                        - id: vip
                          type: HIGH_VALUE
                          params: {spend: 100, window: 30d}
                          action: {channels: [EMAIL], template: vip_v1, cooldown: 0s}
                        """);
        long night = LATE_EVENING + ONE_HOUR;

        JourneyReplay journey =
                new JourneyReplay(config, BOUND)
                        .send(
                                alice.buys("tv", "c1", 100).at(night),
                                alice.buys("cable", "c1", 5).at(night + 20_000),
                                alice.buys("stand", "c1", 5).at(night + ONE_HOUR));
        journey.endOfInput();

        assertThat(journey.decisions)
                .as("held for quiet hours past two more purchases, then sent")
                .extracting(Decision::outcome)
                .containsExactly(Outcome.SENT);
        assertThat(journey.actions)
                .singleElement()
                .extracting(Action::sendAt)
                .isEqualTo(NEXT_MORNING);
    }

    @Test
    void ofTwoDecisionsSentAtTheSameTimeThePurchaseGoesToTheOneDecidedLast() {
        PatternsConfig config =
                config(
                        "",
                        browse("early", "30m", 50, ", ttl: 12h")
                                + browse("late", "45m", 50, ", ttl: 12h"));

        JourneyReplay journey =
                new JourneyReplay(config, BOUND)
                        .send(
                                alice.views("i1").at(LATE_EVENING),
                                alice.buys("i1").at(NEXT_MORNING + ONE_HOUR));
        journey.endOfInput();

        assertThat(journey.actions)
                .extracting(Action::patternId, Action::sendAt)
                .containsExactly(tuple("early", NEXT_MORNING), tuple("late", NEXT_MORNING));
        assertThat(journey.conversions).extracting(Conversion::patternId).containsExactly("late");
    }

    private UserEvent feedback(EventType type, Channel channel, long ts) {
        return UserEvent.builder("alice-" + type + "-" + channel + "-" + ts, "alice", type, ts)
                .channel(channel)
                .actionId("a-earlier")
                .build();
    }

    private UserEvent discountedPurchase(String item, long ts) {
        return UserEvent.builder("alice-buy-" + item, "alice", EventType.PURCHASE, ts)
                .item(item, "c1", null)
                .price(10.0)
                .discounted(true)
                .build();
    }

    private static UserEvent orderLine(
            String orderId, String item, double price, int quantity, long ts, String eventId) {
        return UserEvent.builder(eventId, "alice", EventType.PURCHASE, ts)
                .item(item, "c1", null)
                .price(price)
                .quantity(quantity)
                .orderId(orderId)
                .build();
    }

    private static UserEvent registersIn(Shopper shopper, String zone, long ts) {
        return UserEvent.builder(shopper.id() + "-register", shopper.id(), EventType.REGISTER, ts)
                .timezone(zone)
                .build();
    }
}
