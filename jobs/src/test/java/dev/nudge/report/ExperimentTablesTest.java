package dev.nudge.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.report.ExperimentTables.Mode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link ExperimentTables}: live, each variant is compared with the holdout per user; in
 * a backtest the same figures come with the caveat and without any comparison.
 *
 * <p>The case: variant {@code a} of cart-abandonment reached 70 users, 56 of whom bought for 10.00;
 * 80 users were held out, 48 of whom bought for 12.50 (Newcombe's example (a): +20.0 pp, 95 % CI
 * +5.2 to +33.4). Variant {@code b} reached 20 users. 35 of a's actions were delivered, 7 opened.
 */
class ExperimentTablesTest {
    private static final String AT = "2026-11-03T10:00:00.000Z";

    private final Experiments count = Experiments.all(10_000);
    private int ids;

    @BeforeEach
    void knownCase() {
        for (int i = 0; i < 70; i++) {
            sent("a", "u-a-" + i);
        }
        for (int i = 0; i < 20; i++) {
            sent("b", "u-b-" + i);
        }
        count.decision(decision(null, "u-b-0", "SUPPRESSED", "\"FREQUENCY_CAP\"", null));
        for (int i = 0; i < 80; i++) {
            count.decision(decision(null, "u-h-" + i, "HOLDOUT", "null", null));
        }
        for (int i = 0; i < 56; i++) {
            count.conversion(conversion("\"a\"", "u-a-" + i, "TREATMENT", "10.00"));
        }
        for (int i = 0; i < 48; i++) {
            count.conversion(conversion("null", "u-h-" + i, "HOLDOUT", "12.50"));
        }
        for (int i = 0; i < 35; i++) {
            count.engagement(engagement("act-" + i, "DELIVERED"));
        }
        for (int i = 0; i < 7; i++) {
            count.engagement(engagement("act-" + i, "OPENED"));
        }
    }

    @Test
    void liveEachVariantIsComparedWithTheHoldoutPerUser() {
        StringBuilder md = new StringBuilder();

        ExperimentTables.appendMarkdown(md, count.result(), Mode.LIVE);

        assertThat(md.toString())
                .contains("## Goal conversions per user, each variant against the holdout")
                .contains(
                        "| cart-abandonment | treatment | a | 70 | 41.2% | PURCHASE | 56 | 560.00 |"
                                + " 56 | 80.0% | 8.00 | +20.0 pp (95% CI +5.2 to +33.4) |")
                .contains(
                        "| cart-abandonment | treatment | b | 20 | 11.8% | - | 0 | 0.00 | 0 |"
                                + " 0.0% | 0.00 | treatment too small: 20 < 30 users |"
                                + " treatment too small: 20 < 30 users |")
                .contains(
                        "| cart-abandonment | holdout | - | 80 | 47.1% | PURCHASE | 48 | 600.00 |"
                                + " 48 | 60.0% | 7.50 | - | - |")
                .contains("Newcombe's hybrid score method")
                .contains("Welch's normal approximation")
                .contains("Users are the unit")
                .doesNotContain(ExperimentTables.BACKTEST_CAVEAT);
    }

    @Test
    void revenueWithAReasonWhyThereIsNoneIsADashNotZero() {
        StringBuilder md = new StringBuilder();

        ExperimentTables.conversions(count.result(), Mode.BACKTEST, "no prices in the input")
                .appendMarkdown(md);

        assertThat(md.toString())
                .contains(
                        "| cart-abandonment | treatment | a | 70 | 41.2% | PURCHASE | 56 | - | 56 |"
                                + " 80.0% | - |")
                .contains("Revenue \"-\": no prices in the input.")
                .doesNotContain("560.00", "0.00 |");
    }

    @Test
    void liveShowsFeedbackRatesPerSentActionOrSaysThereIsNone() {
        StringBuilder md = new StringBuilder();

        ExperimentTables.appendMarkdown(md, count.result(), Mode.LIVE);

        assertThat(md.toString())
                .contains(
                        "| pattern | arm | variant | decisions | sent | held out | FREQUENCY_CAP |"
                                + " delivered | opened | clicked |")
                .contains(
                        "| cart-abandonment | treatment | a | 70 | 70 | 0 | 0 | 50.0% (35) |"
                                + " 10.0% (7) | 0.0% (0) |")
                .contains(
                        "| cart-abandonment | treatment | b | 20 | 20 | 0 | 0 | no feedback |"
                                + " no feedback | no feedback |")
                .doesNotContain("| cart-abandonment | treatment | - |")
                .as("a suppression without a variant is a held-out user's")
                .contains("| cart-abandonment | holdout | - | 81 | 0 | 80 | 1 | - | - | - |");
    }

    @Test
    void aBacktestSaysWhatItCanShowAndComparesNothing() {
        StringBuilder md = new StringBuilder();

        ExperimentTables.appendMarkdown(md, count.result(), Mode.BACKTEST);

        assertThat(md.toString())
                .contains(
                        "## Goal conversions per user and the balance of the split (no effect"
                                + " measured)")
                .contains(
                        "Backtest: no message was sent, so treatment and holdout can only differ"
                                + " by chance - this checks the split, it does not measure an"
                                + " effect.")
                .contains(
                        "| cart-abandonment | treatment | a | 70 | 41.2% | PURCHASE | 56 | 560.00 |"
                                + " 56 | 80.0% | 8.00 |\n")
                .doesNotContain("uplift", "Uplift", " pp", "95% CI", "against the holdout");
    }

    private void sent(String variant, String user) {
        count.decision(decision("\"" + variant + "\"", user, "SENT", "null", "act-" + ids));
    }

    private byte[] decision(
            String variant, String user, String outcome, String reason, String actionId) {
        int n = ids++;
        return utf8(
                String.format(
                        Locale.ROOT,
                        "{\"decisionId\":\"d-%d\",\"userId\":\"%s\","
                                + "\"patternId\":\"cart-abandonment\",\"variant\":%s,"
                                + "\"patternType\":\"CART_ABANDONMENT\",\"configVersion\":\"1\","
                                + "\"triggeredAt\":\"%s\",\"evidence\":[],\"outcome\":\"%s\","
                                + "\"suppressedBy\":%s,\"actionId\":%s,\"channel\":null,"
                                + "\"reason\":\"r\"}",
                        n,
                        user,
                        variant,
                        AT,
                        outcome,
                        reason,
                        actionId == null ? "null" : "\"" + actionId + "\""));
    }

    private static byte[] conversion(String variant, String user, String arm, String revenue) {
        return utf8(
                "{\"decisionId\":\"d\",\"actionId\":null,\"userId\":\""
                        + user
                        + "\",\"patternId\":\"cart-abandonment\",\"variant\":"
                        + variant
                        + ",\"configVersion\":\"1\",\"arm\":\""
                        + arm
                        + "\",\"goal\":\"PURCHASE\",\"orderId\":\"o\",\"revenue\":"
                        + revenue
                        + ",\"currency\":\"CNY\",\"decidedAt\":\""
                        + AT
                        + "\",\"convertedAt\":\""
                        + AT
                        + "\",\"latency\":\"PT1H\"}");
    }

    private static byte[] engagement(String actionId, String step) {
        return utf8(
                "{\"actionId\":\""
                        + actionId
                        + "\",\"userId\":\"u\",\"patternId\":\"cart-abandonment\","
                        + "\"variant\":\"a\",\"channel\":\"PUSH\",\"configVersion\":\"1\","
                        + "\"step\":\""
                        + step
                        + "\",\"sentAt\":\""
                        + AT
                        + "\",\"at\":\""
                        + AT
                        + "\"}");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
