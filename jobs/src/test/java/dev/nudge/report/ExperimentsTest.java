package dev.nudge.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.nudge.policy.Conversion.Arm;
import dev.nudge.report.Experiments.Feedback;
import dev.nudge.report.Experiments.PatternRows;
import dev.nudge.report.Experiments.Result;
import dev.nudge.report.Experiments.Row;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link Experiments}, the count both reports share, over records written by hand.
 *
 * <p>The known case, all in the first week of November: cart-abandonment has two variants. 70 users
 * got variant {@code a}, ten of them twice; 56 of them converted, six of those twice. 80 users were
 * held out, 48 of them converted: Newcombe's example (a), 80 % against 60 %, an uplift of +20.0 pp
 * with a 95 % interval of +5.2 to +33.4 pp, whatever the extra decisions and conversions. Variant
 * {@code b} reached 20 users, too few to compare.
 */
class ExperimentsTest {
    private static final String CART = "cart-abandonment";
    private static final long FROM = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    private static final long UNTIL = Instant.parse("2026-11-08T00:00:00Z").toEpochMilli();
    private static final String INSIDE = "2026-11-03T10:00:00.000Z";
    private static final String BEFORE = "2026-10-31T23:59:59.999Z";

    private final Experiments count = Experiments.between(FROM, UNTIL, 10_000);
    private int ids;

    @BeforeEach
    void knownCase() {
        for (int i = 0; i < 70; i++) {
            decision(CART, "a", "u-a-" + i, "SENT", null, INSIDE);
        }
        for (int i = 0; i < 10; i++) {
            decision(CART, "a", "u-a-" + i, "SENT", null, INSIDE);
        }
        for (int i = 0; i < 20; i++) {
            decision(CART, "b", "u-b-" + i, "SENT", null, INSIDE);
        }
        for (int i = 0; i < 3; i++) {
            decision(CART, "b", "u-b-" + i, "SUPPRESSED", "COOLDOWN", INSIDE);
        }
        for (int i = 0; i < 80; i++) {
            decision(CART, null, "u-h-" + i, "HOLDOUT", null, INSIDE);
        }
        for (int i = 0; i < 56; i++) {
            conversion(CART, "a", "u-a-" + i, "TREATMENT", "PURCHASE", "10.00", INSIDE);
        }
        for (int i = 0; i < 6; i++) {
            conversion(CART, "a", "u-a-" + i, "TREATMENT", "PURCHASE", "5.50", INSIDE);
        }
        for (int i = 0; i < 48; i++) {
            conversion(CART, null, "u-h-" + i, "HOLDOUT", "PURCHASE", "12.50", INSIDE);
        }
    }

    @Test
    void eachVariantAndTheHoldoutAreRowsOfTheirPattern() {
        PatternRows cart = only(count.result());

        assertThat(cart.rows())
                .extracting(Row::arm, Row::variant)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Arm.TREATMENT, "a"),
                        org.assertj.core.groups.Tuple.tuple(Arm.TREATMENT, "b"),
                        org.assertj.core.groups.Tuple.tuple(Arm.HOLDOUT, null));
        Row a = cart.rows().get(0);
        assertThat(a.decisions()).isEqualTo(80);
        assertThat(a.sent()).isEqualTo(80);
        assertThat(a.conversions()).isEqualTo(62);
        assertThat(a.revenue()).isEqualByComparingTo("593.00");
        assertThat(a.goals()).containsExactly("PURCHASE");
        Row b = cart.rows().get(1);
        assertThat(b.decisions()).isEqualTo(23);
        assertThat(b.suppressed()).containsEntry("COOLDOWN", 3L);
        Row holdout = cart.holdout();
        assertThat(holdout.decisions()).isEqualTo(80);
        assertThat(holdout.heldOut()).isEqualTo(80);
        assertThat(holdout.sent()).isZero();
    }

    @Test
    void aSuppressedDecisionWithoutAVariantOfAPatternWithVariantsIsAHeldOutUsers() {
        decision(CART, null, "u-h-1", "SUPPRESSED", "COOLDOWN", INSIDE);
        decision(CART, null, "u-h-2", "SUPPRESSED", "CONVERTED_BEFORE_SEND", INSIDE);

        PatternRows cart = only(count.result());

        assertThat(cart.rows())
                .extracting(Row::arm, Row::variant)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Arm.TREATMENT, "a"),
                        org.assertj.core.groups.Tuple.tuple(Arm.TREATMENT, "b"),
                        org.assertj.core.groups.Tuple.tuple(Arm.HOLDOUT, null));
        assertThat(cart.holdout().decisions()).isEqualTo(82);
        assertThat(cart.holdout().heldOut()).isEqualTo(80);
        assertThat(cart.holdout().suppressed())
                .containsEntry("COOLDOWN", 1L)
                .containsEntry("CONVERTED_BEFORE_SEND", 1L);
    }

    @Test
    void aUserWithSeveralDecisionsOrConversionsCountsOnce() {
        PatternRows cart = only(count.result());

        Users a = cart.rows().get(0).users();
        assertThat(a.users()).as("80 SENT decisions of 70 users").isEqualTo(70);
        assertThat(a.converted()).as("62 conversions of 56 users").isEqualTo(56);
        assertThat(a.revenue()).isCloseTo(593.0, within(1e-9));
        assertThat(a.revenueSquares())
                .as("50 users with 10.00, 6 with 15.50")
                .isCloseTo(50 * 100 + 6 * 15.5 * 15.5, within(1e-9));
        assertThat(cart.holdout().users()).isEqualTo(new Users(80, 48, 600, 48 * 12.5 * 12.5));
        assertThat(cart.users()).isEqualTo(70 + 20 + 80);
    }

    @Test
    void theUpliftIsPerUserAgainstThePatternsHoldout() {
        PatternRows cart = only(count.result());

        Uplift uplift = Uplift.of(cart.rows().get(0).users(), cart.holdout().users()).orElseThrow();
        assertThat(uplift.difference()).isCloseTo(0.2, within(1e-12));
        assertThat(uplift.lower()).isCloseTo(0.0524, within(0.00005));
        assertThat(uplift.upper()).isCloseTo(0.3339, within(0.00005));
        assertThat(Uplift.withheld(cart.rows().get(1).users(), cart.holdout().users()))
                .contains("treatment too small: 20 < 30 users");
    }

    @Test
    void recordsOutsideTheRangeAreLeftOutAndAConversionOfADecisionBeforeItToo() {
        decision(CART, "a", "u-early", "SENT", null, BEFORE);
        decision(CART, "a", "u-late", "SENT", null, "2026-11-08T00:00:00.000Z");
        // Decided in the range, but its user's decision is not: counted as outside.
        conversion(CART, "a", "u-early", "TREATMENT", "PURCHASE", "99.00", INSIDE);
        conversion(CART, "a", "u-a-69", "TREATMENT", "PURCHASE", "99.00", BEFORE);

        Result result = count.result();

        Row a = only(result).rows().get(0);
        assertThat(a.users().users()).isEqualTo(70);
        assertThat(a.conversions()).isEqualTo(62);
        assertThat(result.conversionsOutside()).isEqualTo(1);
        assertThat(result.decisions()).isEqualTo(80 + 20 + 3 + 80);
    }

    @Test
    void aConversionOfTheHoldoutDoesNotCountForAVariantNorTheOtherWayRound() {
        // u-h-79 was held out; a TREATMENT conversion in its name has no SENT decision of it.
        conversion(CART, "a", "u-h-79", "TREATMENT", "PURCHASE", "1.00", INSIDE);
        conversion(CART, null, "u-a-69", "HOLDOUT", "PURCHASE", "1.00", INSIDE);

        Result result = count.result();

        assertThat(only(result).holdout().users().converted()).isEqualTo(48);
        assertThat(only(result).rows().get(0).users().converted()).isEqualTo(56);
        assertThat(result.conversionsOutside()).isEqualTo(2);
    }

    @Test
    void recordsWithoutVariantOrGoalAreOfNoVariantAndAPurchase() {
        count.decision(
                utf8(
                        "{\"decisionId\":\"old-1\",\"userId\":\"u-old\",\"patternId\":\"win-back\","
                                + "\"patternType\":\"ABSENCE\",\"configVersion\":\"1\","
                                + "\"triggeredAt\":\""
                                + INSIDE
                                + "\",\"evidence\":[],\"outcome\":\"SENT\",\"suppressedBy\":null,"
                                + "\"actionId\":\"act-old\",\"channel\":\"PUSH\",\"reason\":\"r\"}"));
        count.conversion(
                utf8(
                        "{\"decisionId\":\"old-1\",\"actionId\":\"act-old\",\"userId\":\"u-old\","
                                + "\"patternId\":\"win-back\",\"configVersion\":\"1\","
                                + "\"arm\":\"TREATMENT\",\"orderId\":\"o\",\"revenue\":3,"
                                + "\"currency\":\"CNY\",\"decidedAt\":\""
                                + INSIDE
                                + "\",\"convertedAt\":\""
                                + INSIDE
                                + "\",\"latency\":\"PT1H\"}"));

        PatternRows winBack = count.result().patterns().get(1);

        assertThat(winBack.patternId()).isEqualTo("win-back");
        Row treatment = winBack.rows().get(0);
        assertThat(treatment.variant()).isNull();
        assertThat(treatment.goals()).containsExactly("PURCHASE");
        assertThat(treatment.users()).isEqualTo(new Users(1, 1, 3, 9));
        assertThat(winBack.holdout().users())
                .as("a pattern without holdout decisions still has its (empty) holdout row")
                .isEqualTo(Users.NONE);
    }

    @Test
    void feedbackCountsEachStepOfASentActionOnceAndOnlyForActionsOfTheRange() {
        for (int i = 0; i < 40; i++) {
            engagement("act-" + i, "DELIVERED");
        }
        engagement("act-0", "DELIVERED");
        for (int i = 0; i < 20; i++) {
            engagement("act-" + i, "OPENED");
        }
        for (int i = 0; i < 5; i++) {
            engagement("act-" + i, "CLICKED");
        }
        engagement("act-unknown", "CLICKED");

        Result result = count.result();

        assertThat(only(result).rows().get(0).feedback()).isEqualTo(new Feedback(40, 20, 5));
        assertThat(only(result).rows().get(1).feedback().none()).isTrue();
        assertThat(result.feedbackUnlinked()).isEqualTo(1);
        assertThat(result.feedback()).isEqualTo(67);
    }

    @Test
    void recordsThatCannotBeReadAreCountedNotFatal() {
        count.decision(utf8("not json"));
        count.conversion(utf8("{\"userId\":\"u\"}"));
        count.engagement((byte[]) null);

        assertThat(count.result().unreadable()).isEqualTo(3);
    }

    @Test
    void stopsWhenItWouldKeepMoreThanItsBound() {
        Experiments small = Experiments.all(5);
        for (int i = 0; i < 2; i++) {
            small.decision(utf8(decisionJson(CART, "a", "u" + i, "SENT", null, INSIDE)));
        }

        assertThatThrownBy(
                        () ->
                                small.decision(
                                        utf8(decisionJson(CART, "a", "u9", "SENT", null, INSIDE))))
                .isInstanceOf(Experiments.TooLarge.class)
                .hasMessageContaining("more than 5 users and actions");
    }

    @Test
    void theRecordsOfAFlowAreCountedAsTheFlowsAndInNoRowOfThePatternThatEnteredTheUser() {
        count.decision(utf8(flowDecision("u-a-0", "ENTERED_FLOW", null, "d-entered", null)));
        count.decision(utf8(flowDecision("u-a-0", "SENT", "push", "d-push", "act-push")));
        count.decision(utf8(flowDecision("u-h-0", "HOLDOUT", "push", "d-held", null)));
        count.conversion(
                utf8(
                        "{\"decisionId\":\"d-push\",\"actionId\":\"act-push\","
                                + "\"userId\":\"u-a-0\",\"patternId\":\""
                                + CART
                                + "\",\"variant\":null,\"configVersion\":\"1\","
                                + "\"arm\":\"TREATMENT\",\"goal\":\"PURCHASE\","
                                + "\"orderId\":\"o\",\"revenue\":99,\"currency\":\"CNY\","
                                + "\"decidedAt\":\""
                                + INSIDE
                                + "\",\"convertedAt\":\""
                                + INSIDE
                                + "\",\"latency\":\"PT1H\"}"));
        engagement("act-push", "OPENED");

        Result result = count.result();

        PatternRows cart = only(result);
        assertThat(cart.rows()).hasSize(3);
        assertThat(cart.rows().get(0).decisions()).as("variant a, as before").isEqualTo(80);
        assertThat(cart.rows().get(0).conversions()).isEqualTo(62);
        assertThat(cart.holdout().decisions()).isEqualTo(80);
        assertThat(result.decisions()).isEqualTo(80 + 23 + 80 + 3);
        assertThat(result.decisionsOfFlows()).isEqualTo(3);
        assertThat(result.conversionsOfFlows()).isEqualTo(1);
        assertThat(result.conversionsOutside()).isZero();
        assertThat(result.feedbackUnlinked())
                .as("feedback on the flow's message is the flow's, not unlinked")
                .isZero();
    }

    private String flowDecision(
            String user, String outcome, String step, String decisionId, String actionId) {
        return String.format(
                Locale.ROOT,
                "{\"decisionId\":\"%s\",\"userId\":\"%s\",\"patternId\":\"%s\",\"variant\":null,"
                        + "\"patternType\":\"CART_ABANDONMENT\",\"configVersion\":\"1\","
                        + "\"triggeredAt\":\"%s\",\"evidence\":[],\"outcome\":\"%s\","
                        + "\"suppressedBy\":null,\"actionId\":%s,\"channel\":null,\"reason\":\"r\","
                        + "\"flowId\":\"cart-rescue\"%s}",
                decisionId,
                user,
                CART,
                INSIDE,
                outcome,
                quoted(actionId),
                step == null ? "" : ",\"step\":\"" + step + "\"");
    }

    private static PatternRows only(Result result) {
        assertThat(result.patterns()).hasSize(1);
        return result.patterns().get(0);
    }

    private void decision(
            String pattern, String variant, String user, String outcome, String reason, String at) {
        count.decision(utf8(decisionJson(pattern, variant, user, outcome, reason, at)));
    }

    private String decisionJson(
            String pattern, String variant, String user, String outcome, String reason, String at) {
        int n = ids++;
        return String.format(
                Locale.ROOT,
                "{\"decisionId\":\"d-%d\",\"userId\":\"%s\",\"patternId\":\"%s\",\"variant\":%s,"
                        + "\"patternType\":\"CART_ABANDONMENT\",\"configVersion\":\"1\","
                        + "\"triggeredAt\":\"%s\",\"evidence\":[],\"outcome\":\"%s\","
                        + "\"suppressedBy\":%s,\"actionId\":%s,\"channel\":%s,\"reason\":\"r\"}",
                n,
                user,
                pattern,
                quoted(variant),
                at,
                outcome,
                quoted(reason),
                outcome.equals("SENT") ? "\"act-" + n + "\"" : "null",
                outcome.equals("SENT") ? "\"PUSH\"" : "null");
    }

    private void conversion(
            String pattern,
            String variant,
            String user,
            String arm,
            String goal,
            String revenue,
            String decidedAt) {
        count.conversion(
                utf8(
                        String.format(
                                Locale.ROOT,
                                "{\"decisionId\":\"d\",\"actionId\":null,\"userId\":\"%s\","
                                        + "\"patternId\":\"%s\",\"variant\":%s,"
                                        + "\"configVersion\":\"1\",\"arm\":\"%s\",\"goal\":\"%s\","
                                        + "\"orderId\":\"o\",\"revenue\":%s,\"currency\":\"CNY\","
                                        + "\"decidedAt\":\"%s\",\"convertedAt\":\"%s\","
                                        + "\"latency\":\"PT1H\"}",
                                user,
                                pattern,
                                quoted(variant),
                                arm,
                                goal,
                                revenue,
                                decidedAt,
                                decidedAt)));
    }

    private void engagement(String actionId, String step) {
        count.engagement(
                utf8(
                        "{\"actionId\":\""
                                + actionId
                                + "\",\"userId\":\"u\",\"patternId\":\""
                                + CART
                                + "\",\"variant\":\"a\",\"channel\":\"PUSH\","
                                + "\"configVersion\":\"1\",\"step\":\""
                                + step
                                + "\",\"sentAt\":\""
                                + INSIDE
                                + "\",\"at\":\""
                                + INSIDE
                                + "\"}"));
    }

    private static String quoted(String text) {
        return text == null ? "null" : "\"" + text + "\"";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
