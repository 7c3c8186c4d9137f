package dev.nudge.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.backtest.BacktestSummary.Arm;
import dev.nudge.backtest.BacktestSummary.PatternCounts;
import dev.nudge.config.LifecycleSpec;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.event.EventType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests for {@link BacktestReport} and the counting of {@link BacktestSummary}, from result files
 * written by hand.
 *
 * <p>The known case: cart-abandonment was sent to 70 users and held out for 80; 56 of the sent and
 * 48 of the held-out users bought within the attribution window (80 % against 60 %, which live
 * would be an uplift of +20.0 pp; in a backtest nothing was sent, and the report must not call it
 * one). win-back had 40 sent and 30 held out and no conversion at all; odd pattern {@code a<b&c}
 * held out only 12.
 */
class BacktestReportTest {
    private static final String CART = "cart-abandonment";
    private static final String WIN_BACK = "win-back";
    private static final String ODD = "a<b&c";

    @TempDir Path dir;

    private final List<String> decisions = new ArrayList<>();
    private final List<String> conversions = new ArrayList<>();
    private final List<String> actions = new ArrayList<>();
    private final List<String> openEpisodes = new ArrayList<>();
    private final List<String> flowSteps = new ArrayList<>();

    /** The patterns of the configuration, beyond those the result files name. */
    private List<PatternSpec> configured = List.of();

    /** What the input had. */
    private InputEvents inputEvents = InputEvents.NONE;

    /** The users of each pattern's decisions by outcome, in the order they were decided. */
    private final Map<String, List<String>> users = new java.util.HashMap<>();

    @BeforeEach
    void knownCase() {
        decided(CART, "SENT", 70);
        decided(CART, "HOLDOUT", 80);
        suppressed(CART, "COOLDOWN", 3);
        suppressed(CART, "QUIET_HOURS", 1);
        converted(CART, "TREATMENT", 56, 10.0);
        converted(CART, "HOLDOUT", 48, 12.5);
        openEpisodes.add(open(CART));
        openEpisodes.add(open(CART));

        decided(WIN_BACK, "SENT", 40);
        decided(WIN_BACK, "HOLDOUT", 30);

        decided(ODD, "SENT", 40);
        decided(ODD, "HOLDOUT", 12);
        suppressed(ODD, "FREQUENCY_CAP", 1);

        actions.add(action("EMAIL", "2017-11-25T09:00:00.000Z"));
        actions.add(action("EMAIL", "2017-11-25T23:59:59.999Z"));
        actions.add(action("PUSH", "2017-11-27T00:00:00.000Z"));
    }

    @Test
    void countsEachPatternsOutcomesConversionsAndRevenue() throws Exception {
        BacktestSummary summary = summary();

        assertThat(summary.patterns()).containsOnlyKeys(CART, WIN_BACK, ODD);
        PatternCounts cart = summary.patterns().get(CART);
        assertThat(cart.matches()).isEqualTo(154);
        assertThat(cart.treatment()).satisfies(arm(70, 56, "560.00"));
        assertThat(cart.holdout()).satisfies(arm(80, 48, "600.00"));
        assertThat(cart.suppressed())
                .containsExactly(Map.entry("COOLDOWN", 3L), Map.entry("QUIET_HOURS", 1L));
        assertThat(cart.open()).isEqualTo(2);
        assertThat(cart.treatment().rate()).isEqualTo(0.8);
        assertThat(cart.holdout().rate()).isEqualTo(0.6);

        PatternCounts total = summary.total();
        assertThat(total.matches()).isEqualTo(70 + 80 + 4 + 40 + 30 + 40 + 12 + 1);
        assertThat(total.treatment()).satisfies(arm(150, 56, "560.00"));
        assertThat(total.holdout()).satisfies(arm(122, 48, "600.00"));
        assertThat(total.suppressed()).containsOnlyKeys("COOLDOWN", "FREQUENCY_CAP", "QUIET_HOURS");
    }

    @Test
    void aMomentHeldWhenTheClockStoppedIsAMatchOfItsPatternNotAnOpenEpisode() throws Exception {
        openEpisodes.add(held(WIN_BACK));
        openEpisodes.add(held(WIN_BACK));
        openEpisodes.add(held("restock"));

        BacktestSummary summary = summary();

        PatternCounts winBack = summary.patterns().get(WIN_BACK);
        assertThat(winBack.matches()).as("40 sent, 30 held out, 2 held").isEqualTo(72);
        assertThat(winBack.held()).isEqualTo(2);
        assertThat(winBack.open()).isZero();
        assertThat(summary.patterns().get("restock"))
                .as("a pattern whose one match is still held")
                .satisfies(
                        restock -> {
                            assertThat(restock.matches()).isEqualTo(1);
                            assertThat(restock.held()).isEqualTo(1);
                        });
        assertThat(summary.patterns().get(CART).open())
                .as("open episodes are still no matches")
                .isEqualTo(2);
        assertThat(new BacktestReport(summary).markdown())
                .contains("- Matches: 280; ")
                .contains("| win-back | 72 | 40 | 30 | 0 | 0 | 0 | 2 | 0 |\n")
                .contains("| restock | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 0 |\n")
                .contains("| all patterns | 280 | 150 | 122 | 3 | 1 | 1 | 3 | 2 |\n")
                .contains("held at end: recognised");
        assertThat(new BacktestReport(summary).html())
                .as("the held moments are part of the outcome bars")
                .contains("held at end: 2");
    }

    @Test
    void countsActionsByTheUtcDayTheyAreSentAndByChannel() throws Exception {
        BacktestSummary summary = summary();

        assertThat(summary.actionsByDay())
                .containsExactly(
                        Map.entry(LocalDate.parse("2017-11-25"), Map.of("EMAIL", 2L)),
                        Map.entry(LocalDate.parse("2017-11-27"), Map.of("PUSH", 1L)));
        assertThat(summary.actionsByChannel())
                .containsExactly(Map.entry("EMAIL", 2L), Map.entry("PUSH", 1L));
        assertThat(summary.actions()).isEqualTo(3);
        assertThat(BacktestReport.days(summary))
                .as("a day without actions is a day of the chart too")
                .extracting(LocalDate::toString)
                .containsExactly("2017-11-25", "2017-11-26", "2017-11-27");
    }

    @Test
    void markdownShowsOutcomesAndPerVariantFiguresButNoUplift() throws Exception {
        String markdown = new BacktestReport(summary()).markdown();

        assertThat(markdown)
                .startsWith("# Backtest of history.jsonl\n\n- Input: 1,000 rows (jsonl)")
                .contains("- Patterns: config/patterns.yaml, version 2026-11-24.1\n")
                .contains("- Matches: 277; actions: 3 (EMAIL 2, PUSH 1)\n")
                .contains("- Conversions: 104 (treatment 56, holdout 48); revenue 1,160.00\n")
                .contains(
                        "- Backtest: no message was sent, so treatment and holdout can only"
                                + " differ by chance - this checks the split, it does not measure"
                                + " an effect.\n")
                .contains("- The clock stopped at the last event")
                .contains(
                        "| pattern | matches | sent | holdout | COOLDOWN | FREQUENCY_CAP |"
                                + " QUIET_HOURS | held at end | open at end |\n")
                .contains("| cart-abandonment | 154 | 70 | 80 | 3 | 0 | 1 | 0 | 2 |\n")
                .contains("| all patterns | 277 | 150 | 122 | 3 | 1 | 1 | 0 | 2 |\n")
                .contains("## Sends and feedback per pattern and variant\n")
                .contains(
                        "| cart-abandonment | treatment | - | 74 | 70 | 0 | 3 | 0 | 1 | no feedback"
                                + " | no feedback | no feedback |\n")
                .contains(
                        "| cart-abandonment | holdout | - | 80 | 0 | 80 | 0 | 0 | 0 | - | - | - |\n")
                .contains(
                        "## Goal conversions per user and the balance of the split (no effect"
                                + " measured)\n")
                .contains(
                        "| cart-abandonment | treatment | - | 70 | 46.7% | PURCHASE | 56 | 560.00 |"
                                + " 56 | 80.0% | 8.00 |\n")
                .contains(
                        "| cart-abandonment | holdout | - | 80 | 53.3% | PURCHASE | 48 | 600.00 |"
                                + " 48 | 60.0% | 7.50 |\n")
                .contains("| a<b&c | holdout | - | 12 | 23.1% | - | 0 | 0.00 | 0 | 0.0% | 0.00 |\n")
                .contains(
                        "| 2017-11-25 | 2 | 0 | 2 |\n| 2017-11-26 | 0 | 0 | 0 |\n| 2017-11-27 | 0 | 1 | 1 |\n")
                .contains("| all days | 2 | 1 | 3 |\n")
                .doesNotContain("uplift", "Uplift", " pp", "95% CI");
    }

    @Test
    void aClockStoppedByUntilIsNamedWithTheEventsItLeftOut() throws Exception {
        write();
        long until = Instant.parse("2017-12-01T00:00:00Z").toEpochMilli();

        BacktestSummary summary =
                BacktestSummary.counted(
                        "history.jsonl",
                        "jsonl",
                        1000,
                        900,
                        Instant.parse("2017-11-25T00:00:00Z").toEpochMilli(),
                        Instant.parse("2017-11-30T23:59:59Z").toEpochMilli(),
                        until,
                        1234,
                        0,
                        InputEvents.NONE,
                        dir,
                        config(Map.of()));

        assertThat(summary.stoppedAtUntil()).isTrue();
        assertThat(new BacktestReport(summary).markdown())
                .contains(
                        "- The clock stopped at 2017-12-01T00:00:00.000Z (--until); 1,234 events"
                                + " after --until ignored. Episodes still open then are counted,"
                                + " not fired;")
                .doesNotContain("at the last event");
    }

    @Test
    void aMissingConversionsFileCountsAsNoConversions() throws Exception {
        conversions.clear();
        write();
        Files.delete(dir.resolve(Backtest.CONVERSIONS));

        BacktestReport report = new BacktestReport(counted(Map.of()));

        assertThat(report.markdown())
                .contains(
                        "- Conversions: 0 (treatment 0, holdout 0); revenue - (no prices in the"
                                + " input)\n")
                .contains(
                        "| cart-abandonment | treatment | - | 70 | 46.7% | - | 0 | - | 0 | 0.0% |"
                                + " - |\n");
        assertThat(report.html()).contains("<svg");
    }

    @Test
    void htmlIsOnePageThatFetchesNothingWithOneChartPerSection() throws Exception {
        String html = new BacktestReport(summary()).html();

        assertThat(html)
                .startsWith("<!DOCTYPE html>")
                .doesNotContain(
                        "http://",
                        "https://",
                        "src=",
                        "href=",
                        "<script",
                        "@import",
                        "url(",
                        "<link");
        assertThat(html.split("<svg", -1)).as("four charts").hasSize(5);
        assertThat(html)
                .contains("aria-label=\"Outcomes per pattern\"")
                .contains("aria-label=\"Goal conversion per user by arm and variant\"")
                .contains("aria-label=\"Actions per day\"")
                .contains("80.0%  (56 of 70 users)")
                .contains("Backtest: no message was sent")
                .doesNotContain("uplift", " pp", "95% CI")
                .contains("<td>cart-abandonment</td><td class=\"n\">154</td>");
    }

    @Test
    void anInputWithoutPricesShowsNoRevenueRatherThanZero() throws Exception {
        conversions.clear();
        converted(CART, "TREATMENT", 56, 0.0);
        converted(CART, "HOLDOUT", 48, 0.0);

        BacktestReport report = new BacktestReport(summary());

        assertThat(report.markdown())
                .contains(
                        "- Conversions: 104 (treatment 56, holdout 48); revenue - (no prices in"
                                + " the input)\n")
                .contains(
                        "| cart-abandonment | treatment | - | 70 | 46.7% | PURCHASE | 56 | - |"
                                + " 56 | 80.0% | - |\n")
                .contains("Revenue \"-\": no prices in the input.")
                .doesNotContain("| 0.00 |", "revenue 0.00");
        assertThat(report.html())
                .contains("revenue - (no prices in the input)")
                .contains("Revenue &quot;-&quot;: no prices in the input.")
                .doesNotContain(">0.00<");
    }

    @Test
    void purchasesWithPricesButConversionsWithoutRevenueSayThatInstead() throws Exception {
        conversions.clear();
        converted(CART, "TREATMENT", 56, 0.0);
        inputEvents = new InputEvents(Map.of(EventType.PURCHASE, 500L), 500);

        assertThat(new BacktestReport(summary()).markdown())
                .contains("revenue - (no conversion had a revenue)\n");
    }

    /**
     * restock: 40 users sent, 10 of whom bought (25 %); its holdout one user, who bought (100 %).
     * The axis ends at the 80 % of cart-abandonment's treatment, the highest rate of a row with 30
     * users or more, not at the lone holdout's 100 %.
     */
    @Test
    void aSmallHoldoutDoesNotStretchTheConversionAxisAndIsMarkedAsASmallSample() throws Exception {
        decided("restock", "SENT", 40);
        decided("restock", "HOLDOUT", 1);
        converted("restock", "TREATMENT", 10, 5.0);
        converted("restock", "HOLDOUT", 1, 5.0);

        String html = new BacktestReport(summary()).html();
        String chart =
                html.substring(
                        html.indexOf("aria-label=\"" + ReportCharts.CONVERSION_CHART),
                        html.indexOf("</svg>", html.indexOf(ReportCharts.CONVERSION_CHART)));

        assertThat(chart)
                .contains(">80%</text>")
                .doesNotContain(">100%</text>", ">90%</text>")
                .contains("» 100.0%  (1 of 1 users, small sample)")
                .contains("25.0%  (10 of 40 users)")
                .contains("stroke-dasharray")
                .contains(ReportCharts.SMALL_SAMPLE_NOTE)
                .contains("with at least 30 users");
    }

    @Test
    void withoutAnyRowOfThirtyUsersEveryRowSetsTheConversionAxis() throws Exception {
        decisions.clear();
        conversions.clear();
        users.clear();
        decided("restock", "SENT", 4);
        decided("restock", "HOLDOUT", 1);
        converted("restock", "HOLDOUT", 1, 5.0);

        String html = new BacktestReport(summary()).html();

        assertThat(html).contains(">100%</text>").contains("(1 of 1 users, small sample)");
    }

    /**
     * u1 was sent 3 emails and a push, two of them on one day; u2 one email; u3 two pushes on two
     * days.
     */
    @Test
    void messagesPerUserShowTheSpreadPerChannelAndTheBusiestDay() throws Exception {
        actions.clear();
        actions.add(action("u1", "EMAIL", "2017-11-25T09:00:00.000Z"));
        actions.add(action("u1", "EMAIL", "2017-11-25T23:00:00.000Z"));
        actions.add(action("u1", "PUSH", "2017-11-25T10:00:00.000Z"));
        actions.add(action("u1", "EMAIL", "2017-11-27T09:00:00.000Z"));
        actions.add(action("u2", "EMAIL", "2017-11-26T09:00:00.000Z"));
        actions.add(action("u3", "PUSH", "2017-11-26T09:00:00.000Z"));
        actions.add(action("u3", "PUSH", "2017-11-27T09:00:00.000Z"));

        BacktestReport report = new BacktestReport(summary());

        assertThat(report.markdown())
                .contains("## " + BacktestReport.MESSAGES_HEADING + "\n")
                .contains(
                        "| channel | users sent any | messages | median per user | p90 per user |"
                                + " most to one user | most to one user in a day |\n")
                .contains("| EMAIL | 2 | 4 | 1 | 3 | 3 | 2 |\n")
                .contains("| PUSH | 2 | 3 | 1 | 2 | 2 | 1 |\n")
                .contains("| all channels | 3 | 7 | 2 | 4 | 4 | 3 |\n")
                .contains("over the 3 days from the first action's to the last one's");
        assertThat(report.html())
                .contains("aria-label=\"" + ReportCharts.MESSAGES_CHART + "\"")
                .contains("<title>4 messages: 1 users</title>")
                .contains("<title>2 messages: 1 users</title>")
                .contains("users sent any: 3, median 2, p90 4, most 4, most in one day 3");
    }

    @Test
    void theFactsNameThePatternsFileAndItsVersionSoThatTwoReportsCanBeToldApart() throws Exception {
        BacktestReport report = new BacktestReport(summary());

        assertThat(report.markdown())
                .contains("\n- Patterns: config/patterns.yaml, version 2026-11-24.1\n");
        assertThat(report.html())
                .contains("<li>Patterns: config/patterns.yaml, version 2026-11-24.1</li>");
    }

    @Test
    void aConfiguredPatternWithoutAMatchIsARowWithTheReasonWhy() throws Exception {
        configured =
                PatternsConfigReader.read(
                                """
                                version: "2026-11-24.1"
                                patterns:
                                  - id: cart-abandonment
                                    type: CART_ABANDONMENT
                                    params: {window: 2h}
                                    action: {channels: [PUSH], template: t}
                                  - id: new-user-first-order
                                    type: NEW_USER_NO_PURCHASE
                                    params: {window: 3d}
                                    action: {channels: [EMAIL], template: t}
                                  - id: vip-milestone
                                    type: HIGH_VALUE
                                    enabled: false
                                    params: {spend: 1000, window: 30d}
                                    action: {channels: [EMAIL], template: t}
                                """,
                                "test")
                        .patterns();
        inputEvents = new InputEvents(Map.of(EventType.VIEW, 900L, EventType.ADD_TO_CART, 80L), 0);

        BacktestSummary summary = summary();
        BacktestReport report = new BacktestReport(summary);

        assertThat(summary.patterns())
                .containsOnlyKeys(CART, WIN_BACK, ODD, "new-user-first-order", "vip-milestone");
        assertThat(summary.noMatch())
                .containsExactly(
                        Map.entry("new-user-first-order", "no REGISTER events in the input"),
                        Map.entry("vip-milestone", "disabled"));
        assertThat(report.markdown())
                .contains("| held at end | open at end | why no match |\n")
                .contains("| cart-abandonment | 154 | 70 | 80 | 3 | 0 | 1 | 0 | 2 |  |\n")
                .contains(
                        "| new-user-first-order | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
                                + " no REGISTER events in the input |\n")
                .contains("| vip-milestone | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | disabled |\n")
                .contains("| all patterns | 277 | 150 | 122 | 3 | 1 | 1 | 0 | 2 |  |\n")
                .contains("Every pattern of the configuration has a row.");
        assertThat(report.html())
                .contains("<td>new-user-first-order</td>")
                .contains("no match: no REGISTER events in the input</text>")
                .contains("no match: disabled</text>");
    }

    @Test
    void aBacktestWhereEveryPatternMatchedHasNoReasonColumn() throws Exception {
        assertThat(new BacktestReport(summary()).markdown()).doesNotContain("why no match");
    }

    @Test
    void htmlEscapesEveryTextFromTheResultFiles() throws Exception {
        String html = new BacktestReport(summary()).html();

        assertThat(html).contains("a&lt;b&amp;c").doesNotContain(ODD);
    }

    @Test
    void anEmptyBacktestStillHasItsChartsAndSaysThereIsNothing() throws Exception {
        decisions.clear();
        conversions.clear();
        actions.clear();
        openEpisodes.clear();

        BacktestReport report = new BacktestReport(summary());

        assertThat(report.markdown())
                .contains("No matches and no open episodes.")
                .contains("No actions.");
        assertThat(report.html().split("<svg", -1)).hasSize(5);
    }

    @Test
    void aConfigurationWithoutFlowsHasNoFlowSectionNoFlowFactAndNoEnteredFlowColumn()
            throws Exception {
        BacktestReport report = new BacktestReport(summary());

        assertThat(summary().flows()).isEmpty();
        assertThat(report.markdown()).doesNotContain("Flow", "flow");
        assertThat(report.html())
                .doesNotContain(BacktestReport.FUNNEL_HEADING, BacktestReport.GOAL_HEADING)
                .doesNotContain(BacktestReport.ENTERED_FLOW);
    }

    /**
     * cart-rescue: three matches of cart-abandonment entered it instead of acting, f2 held out. The
     * push went to f0 and f1 and was held out for f2; at the one-day wait f0 bought (the flow's
     * goal), f1 completed the flow after it, f2 was still waiting when the clock stopped.
     */
    @Test
    void aFlowHasAFactLineAFunnelPerStepAndItsGoalConversionPerArm() throws Exception {
        for (String user : List.of("f0", "f1", "f2")) {
            boolean holdout = user.equals("f2");
            decisions.add(flowDecision(user, "ENTERED_FLOW", null));
            flowStep(user, null, "ENTERED", holdout);
            flowStep(user, "push", "REACHED", holdout);
            decisions.add(flowDecision(user, holdout ? "HOLDOUT" : "SENT", "push"));
            flowStep(user, "wait", "REACHED", holdout);
        }
        flowStep("f0", "wait", "EXITED", false);
        flowStep("f1", null, "COMPLETED", false);
        write();
        Map<String, String> steps = new java.util.LinkedHashMap<>();
        steps.put("push", FlowFunnels.SEND);
        steps.put("wait", FlowFunnels.WAIT);

        BacktestSummary summary = counted(Map.of("cart-rescue", steps));
        BacktestReport report = new BacktestReport(summary);

        assertThat(summary.patterns().get(CART).matches())
                .as("the three matches that entered; the flow's sends are no matches")
                .isEqualTo(157);
        assertThat(summary.patterns().get(CART).enteredFlow()).isEqualTo(3);
        assertThat(report.markdown())
                .contains(
                        "- Flow cart-rescue: 3 entered (treatment 2, holdout 1), 2 sent, 1 exited"
                                + " by goal, 1 completed, 1 still in it at the end\n")
                .contains("- Matches: 280; ")
                .contains(
                        "| pattern | matches | sent | holdout | entered flow | COOLDOWN |"
                                + " FREQUENCY_CAP | QUIET_HOURS | held at end | open at end |\n")
                .contains("| cart-abandonment | 157 | 70 | 80 | 3 | 3 | 0 | 1 | 0 | 2 |\n")
                .contains("| win-back | 70 | 40 | 30 | 0 | 0 | 0 | 0 | 0 | 0 |\n")
                .contains(
                        "| cart-abandonment | treatment | - | 74 | 70 | 0 | 3 | 0 | 1 | no feedback"
                                + " | no feedback | no feedback |\n")
                .contains("## " + BacktestReport.FUNNEL_HEADING + "\n")
                .contains(
                        "| flow | step | kind | reached | sent | holdout | held at end | timed out"
                                + " | exited by goal | left |\n")
                .contains("| cart-rescue | (entered) |  | 3 |  |  |  |  |  |  |\n")
                .contains("| cart-rescue | push | send | 3 | 2 | 1 | 0 | - | 0 | 0 |\n")
                .contains("| cart-rescue | wait | wait | 3 | - | - | - | 0 | 1 | 0 |\n")
                .contains("| cart-rescue | (completed) |  | 1 |")
                .contains("| cart-rescue | (still in at end) |  | 1 |")
                .contains("## " + BacktestReport.GOAL_HEADING + "\n")
                .contains(
                        "| flow | treatment users | treatment exited by goal | treatment goal rate"
                                + " | holdout users | holdout exited by goal | holdout goal rate"
                                + " | difference (points) |\n")
                .contains("| cart-rescue | 2 | 1 | 50.0% | 1 | 0 | 0.0% | +50.0 |\n");
        String html = report.html();
        assertThat(html.split("<svg", -1)).as("five charts").hasSize(6);
        assertThat(html)
                .contains("aria-label=\"Funnel per flow\"")
                .contains("<title>push sent: 2</title>")
                .contains(
                        "goal reached: treatment 50.0% (1 of 2 users); holdout 0.0% (0 of 1 users)")
                .contains("<title>entered flow: 3</title>");
    }

    @Test
    void writesTheMarkdownAndTheHtmlBesideTheResults() throws Exception {
        BacktestReport report = new BacktestReport(summary());

        report.writeTo(dir);

        assertThat(dir.resolve(Backtest.SUMMARY)).hasContent(report.markdown());
        assertThat(dir.resolve(Backtest.REPORT)).hasContent(report.html());
    }

    private BacktestSummary summary() throws IOException {
        write();
        return counted(Map.of());
    }

    private BacktestSummary counted(Map<String, Map<String, String>> flows) throws IOException {
        long first = Instant.parse("2017-11-25T00:00:00Z").toEpochMilli();
        long last = Instant.parse("2017-12-03T23:59:59Z").toEpochMilli();
        return BacktestSummary.counted(
                "history.jsonl",
                "jsonl",
                1000,
                990,
                first,
                last,
                BacktestInput.LAST_EVENT,
                0,
                0,
                inputEvents,
                dir,
                config(flows));
    }

    /**
     * A configuration with these flows and the {@link #configured} patterns, by default none: the
     * result files name them.
     */
    private BacktestConfig config(Map<String, Map<String, String>> flows) {
        return new BacktestConfig(
                "config/patterns.yaml",
                "2026-11-24.1",
                configured,
                new LifecycleSpec(Duration.ofDays(30), Duration.ofDays(90)),
                flows);
    }

    private void write() throws IOException {
        Files.write(dir.resolve(Backtest.DECISIONS), decisions, StandardCharsets.UTF_8);
        Files.write(dir.resolve(Backtest.CONVERSIONS), conversions, StandardCharsets.UTF_8);
        Files.write(dir.resolve(Backtest.ACTIONS), actions, StandardCharsets.UTF_8);
        Files.write(dir.resolve(Backtest.OPEN_EPISODES), openEpisodes, StandardCharsets.UTF_8);
        Files.write(dir.resolve(Backtest.DEAD_LETTERS), List.of(), StandardCharsets.UTF_8);
        Files.write(dir.resolve(Backtest.FLOWS), flowSteps, StandardCharsets.UTF_8);
    }

    private void flowStep(String user, String step, String kind, boolean holdout) {
        flowSteps.add(
                String.format(
                        "{\"userId\":\"%s\",\"flowId\":\"cart-rescue\",\"step\":%s,"
                                + "\"kind\":\"%s\",\"at\":\"2017-11-25T10:15:30.000Z\","
                                + "\"holdout\":%s,\"configVersion\":\"2026-11-24.1\","
                                + "\"detail\":null}",
                        user, step == null ? "null" : "\"" + step + "\"", kind, holdout));
    }

    /** A decision of a match that entered cart-rescue, or (with a step) of one of its sends. */
    private String flowDecision(String user, String outcome, String step) {
        int n = decisions.size();
        return String.format(
                "{\"decisionId\":\"d-%d\",\"userId\":\"%s\",\"patternId\":\"%s\","
                        + "\"patternType\":\"ABSENCE\",\"configVersion\":\"2026-11-24.1\","
                        + "\"triggeredAt\":\"2017-11-25T10:15:30.000Z\",\"evidence\":[],"
                        + "\"outcome\":\"%s\",\"suppressedBy\":null,\"actionId\":%s,"
                        + "\"channel\":null,\"reason\":\"left a cart\",\"flowId\":\"cart-rescue\"%s}",
                n,
                user,
                CART,
                outcome,
                outcome.equals("SENT") ? "\"a-" + n + "\"" : "null",
                step == null ? "" : ",\"step\":\"" + step + "\"");
    }

    private void decided(String pattern, String outcome, int times) {
        for (int i = 0; i < times; i++) {
            users.computeIfAbsent(pattern + " " + outcome, key -> new ArrayList<>())
                    .add("u" + decisions.size());
            decisions.add(decision(pattern, outcome, null));
        }
    }

    private void suppressed(String pattern, String reason, int times) {
        for (int i = 0; i < times; i++) {
            decisions.add(decision(pattern, "SUPPRESSED", reason));
        }
    }

    /**
     * {@code times} conversions of {@code arm}, each worth {@code revenue}, by the first users of
     * the arm's decisions.
     */
    private void converted(String pattern, String arm, int times, double revenue) {
        List<String> armUsers =
                users.get(pattern + " " + (arm.equals("TREATMENT") ? "SENT" : "HOLDOUT"));
        for (int i = 0; i < times; i++) {
            conversions.add(
                    String.format(
                            java.util.Locale.ROOT,
                            "{\"decisionId\":\"d-%s-%d\",\"actionId\":%s,\"userId\":\"%s\","
                                    + "\"patternId\":\"%s\",\"configVersion\":\"2026-11-24.1\","
                                    + "\"arm\":\"%s\",\"orderId\":\"o-%d\",\"revenue\":%s,"
                                    + "\"decidedAt\":\"2017-11-25T10:15:30.000Z\","
                                    + "\"convertedAt\":\"2017-11-26T08:00:00.000Z\","
                                    + "\"latency\":\"PT21H44M30S\"}",
                            arm,
                            i,
                            arm.equals("TREATMENT") ? "\"a-" + i + "\"" : "null",
                            armUsers.get(i),
                            pattern,
                            arm,
                            i,
                            revenue));
        }
    }

    private String decision(String pattern, String outcome, String suppressedBy) {
        int n = decisions.size();
        return String.format(
                "{\"decisionId\":\"d-%d\",\"userId\":\"u%d\",\"patternId\":\"%s\","
                        + "\"patternType\":\"ABSENCE\",\"configVersion\":\"2026-11-24.1\","
                        + "\"triggeredAt\":\"2017-11-25T10:15:30.000Z\",\"evidence\":[\"e-%d\"],"
                        + "\"outcome\":\"%s\",\"suppressedBy\":%s,\"actionId\":%s,"
                        + "\"channel\":%s,\"reason\":\"left a cart\"}",
                n,
                n,
                pattern.replace("\\", "\\\\").replace("\"", "\\\""),
                n,
                outcome,
                suppressedBy == null ? "null" : "\"" + suppressedBy + "\"",
                outcome.equals("SENT") ? "\"a-" + n + "\"" : "null",
                outcome.equals("SENT") ? "\"EMAIL\"" : "null");
    }

    private String open(String pattern) {
        return "{\"userId\":\"u1\",\"patternId\":\""
                + pattern
                + "\",\"patternType\":\"CART_ABANDONMENT\",\"state\":\"open\","
                + "\"openSince\":\"2017-12-03T20:00:00.000Z\"}";
    }

    private String held(String pattern) {
        return "{\"userId\":\"u1\",\"patternId\":\""
                + pattern
                + "\",\"patternType\":\"LIFECYCLE_TRANSITION\",\"state\":\"held\","
                + "\"triggeredAt\":\"2017-12-03T22:30:00.000Z\","
                + "\"heldUntil\":\"2017-12-04T00:00:00.000Z\"}";
    }

    private String action(String channel, String sendAt) {
        return action("u" + actions.size(), channel, sendAt);
    }

    private String action(String user, String channel, String sendAt) {
        int n = actions.size();
        return String.format(
                "{\"actionId\":\"a-%d\",\"userId\":\"%s\",\"patternId\":\"%s\","
                        + "\"configVersion\":\"2026-11-24.1\",\"channel\":\"%s\","
                        + "\"template\":\"cart-reminder\",\"params\":{},\"offer\":null,"
                        + "\"priority\":50,\"triggeredAt\":\"%s\",\"sendAt\":\"%s\","
                        + "\"expiresAt\":\"%s\",\"reason\":\"left a cart\",\"evidence\":[]}",
                n, user, CART, channel, sendAt, sendAt, sendAt);
    }

    /** An arm with these counts and this revenue, whatever the scale it was written with. */
    private static java.util.function.Consumer<Arm> arm(
            long decisions, long conversions, String revenue) {
        return arm -> {
            assertThat(arm.decisions()).isEqualTo(decisions);
            assertThat(arm.conversions()).isEqualTo(conversions);
            assertThat(arm.revenue()).isEqualByComparingTo(revenue);
        };
    }
}
