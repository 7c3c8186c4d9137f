package dev.nudge.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.testing.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code backtest} command with a flow, end to end on a local Flink: the shipped patterns with
 * a cart rescue flow of the test's own (in place of the shipped flows; a fifth of its users held
 * out) that the cart-abandonment pattern enters instead of acting, over a generated history. {@code
 * flows.jsonl}, the decisions, the actions, the messages held at the end and the funnel of the
 * report tell the same story, at any parallelism.
 */
class FlowBacktestIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FLOW = "cart-rescue";
    private static final String CART = "cart-abandonment";

    private static final String RESCUE =
            """

            flows:
              - id: cart-rescue
                entry: {patterns: [cart-abandonment]}
                reentry: 7d
                exit: {event: PURCHASE}
                holdoutPercent: 20
                steps:
                  - name: push
                    send: {channels: [PUSH], template: cart_push_v1}
                    next: wait-open
                  - name: wait-open
                    wait: {until: MESSAGE_OPENED, timeout: 1d}
                    next: wait-3d
                    onTimeout: email
                  - name: email
                    send: {channels: [EMAIL], template: cart_email_v1}
                    next: wait-3d
                  - name: wait-3d
                    wait: {for: 3d}
                    next: coupon
                  - name: coupon
                    send: {channels: [EMAIL], template: cart_coupon_v1}
            """;

    @TempDir static Path dir;
    private static Path history;
    private static Path patterns;
    private static Path out;
    private static Cli run;

    @BeforeAll
    static void backtestTheCartRescue() throws IOException {
        history = dir.resolve("history.jsonl");
        Cli generated =
                Cli.run(
                        "generate",
                        "--users",
                        "300",
                        "--days",
                        "30",
                        "--seed",
                        "22",
                        "--out",
                        history.toString());
        assertThat(generated.exitCode).isZero();
        patterns = dir.resolve("patterns.yaml");
        String shipped =
                Files.readString(Path.of("../config/patterns.yaml"), StandardCharsets.UTF_8);
        // The shipped flows, last in the file, give way to this test's cart rescue.
        assertThat(shipped).contains("\nflows:\n");
        Files.writeString(
                patterns,
                shipped.substring(0, shipped.indexOf("\nflows:\n")) + "\n" + RESCUE,
                StandardCharsets.UTF_8);
        out = dir.resolve("p2");
        run = backtest(out, "2");
        assertThat(run.exitCode).as(run.err).isZero();
    }

    @Test
    void eachEntryIsTheEntryPatternsMatchDecidedEnteredFlowAndThePatternItselfSendsNothing()
            throws IOException {
        List<JsonNode> steps = lines(Backtest.FLOWS);
        List<JsonNode> cartDecisions =
                lines(Backtest.DECISIONS).stream()
                        .filter(d -> d.get("patternId").asText().equals(CART))
                        .filter(d -> !d.has("step"))
                        .toList();

        assertThat(count(steps, kind("ENTERED")))
                .isPositive()
                .isEqualTo(count(cartDecisions, outcome("ENTERED_FLOW")));
        assertThat(cartDecisions)
                .as("INSTEAD: the pattern's own action gives way to the flow's")
                .noneMatch(outcome("SENT"))
                .noneMatch(outcome("HOLDOUT"))
                .filteredOn(outcome("ENTERED_FLOW"))
                .allMatch(d -> d.get("flowId").asText().equals(FLOW));
        assertThat(steps)
                .extracting(s -> s.get("kind").asText())
                .as("users bought during the flow, timed out, went past its last step")
                .contains("ENTERED", "REACHED", "TIMED_OUT", "EXITED", "COMPLETED");
    }

    @Test
    void everyTimeASendStepIsReachedItsMessageIsDecidedOrStillHeldAtTheEnd() throws IOException {
        List<JsonNode> steps = lines(Backtest.FLOWS);
        List<JsonNode> sends = flowSends();
        List<JsonNode> held =
                lines(Backtest.OPEN_EPISODES).stream()
                        .filter(o -> FLOW.equals(o.path("flowId").asText(null)))
                        .toList();

        for (String step : List.of("push", "email", "coupon")) {
            Predicate<JsonNode> atStep = n -> step.equals(n.path("step").asText(null));
            assertThat(count(sends, atStep) + count(held, atStep))
                    .as("%s: decisions and held messages against times reached", step)
                    .isEqualTo(count(steps, kind("REACHED").and(atStep)));
        }
        List<JsonNode> actions = lines(Backtest.ACTIONS);
        assertThat(count(actions, a -> FLOW.equals(a.path("flowId").asText(null))))
                .as("one action per SENT decision of the flow")
                .isEqualTo(count(sends, outcome("SENT")))
                .isPositive();
    }

    @Test
    void heldOutUsersWalkTheFlowAndAreSentNothing() throws IOException {
        Set<String> heldOut = new HashSet<>();
        Set<String> treated = new HashSet<>();
        for (JsonNode step : lines(Backtest.FLOWS)) {
            (step.get("holdout").asBoolean() ? heldOut : treated).add(step.get("userId").asText());
        }
        List<JsonNode> sends = flowSends();

        assertThat(heldOut).isNotEmpty().doesNotContainAnyElementsOf(treated);
        assertThat(sends)
                .filteredOn(outcome("HOLDOUT"))
                .isNotEmpty()
                .allMatch(d -> heldOut.contains(d.get("userId").asText()));
        assertThat(sends)
                .filteredOn(outcome("SENT"))
                .allMatch(d -> treated.contains(d.get("userId").asText()));
    }

    @Test
    void theFunnelOfTheReportAgreesWithTheDecisionsAndTheFlowSteps() throws Exception {
        List<JsonNode> steps = lines(Backtest.FLOWS);
        List<JsonNode> sends = flowSends();
        FlowFunnel funnel = summary().flows().get(FLOW);

        assertThat(funnel.steps())
                .extracting(FlowFunnel.Step::name)
                .containsExactly("push", "wait-open", "email", "wait-3d", "coupon");
        assertThat(funnel.entered()).isEqualTo(count(steps, kind("ENTERED")));
        assertThat(funnel.enteredHoldout())
                .isEqualTo(count(steps, kind("ENTERED").and(s -> s.get("holdout").asBoolean())))
                .isPositive();
        assertThat(funnel.exited()).isEqualTo(count(steps, kind("EXITED"))).isPositive();
        assertThat(funnel.completed()).isEqualTo(count(steps, kind("COMPLETED"))).isPositive();
        assertThat(funnel.entered())
                .as("every walk exited, completed, left or is still under way")
                .isEqualTo(funnel.exited() + funnel.completed() + funnel.left() + funnel.stillIn());
        for (FlowFunnel.Step step : funnel.steps()) {
            Predicate<JsonNode> atStep = n -> step.name().equals(n.path("step").asText(null));
            assertThat(step.reached())
                    .as(step.name())
                    .isEqualTo(count(steps, kind("REACHED").and(atStep)));
            assertThat(step.sent())
                    .as(step.name())
                    .isEqualTo(count(sends, atStep.and(outcome("SENT"))));
            assertThat(step.holdout())
                    .as(step.name())
                    .isEqualTo(count(sends, atStep.and(outcome("HOLDOUT"))));
            assertThat(step.suppressedTotal())
                    .as(step.name())
                    .isEqualTo(count(sends, atStep.and(outcome("SUPPRESSED"))));
        }
        assertThat(funnel.sent()).isEqualTo(count(sends, outcome("SENT")));
        Set<String> treatment = new HashSet<>();
        Set<String> holdout = new HashSet<>();
        for (JsonNode step : steps) {
            if (step.get("kind").asText().equals("ENTERED")) {
                (step.get("holdout").asBoolean() ? holdout : treatment)
                        .add(step.get("userId").asText());
            }
        }
        assertThat(funnel.treatment().users()).isEqualTo(treatment.size());
        assertThat(funnel.holdout().users()).isEqualTo(holdout.size());
        assertThat(run.out)
                .as("the line per flow the command prints")
                .contains(
                        String.format(
                                java.util.Locale.ROOT,
                                "- Flow cart-rescue: %,d entered (treatment %,d, holdout %,d),"
                                        + " %,d sent, %,d exited by goal, %,d completed",
                                funnel.entered(),
                                funnel.enteredTreatment(),
                                funnel.enteredHoldout(),
                                funnel.sent(),
                                funnel.exited(),
                                funnel.completed()))
                .contains("## " + BacktestReport.FUNNEL_HEADING)
                .contains("## " + BacktestReport.GOAL_HEADING);
        assertThat(Files.readString(out.resolve(Backtest.REPORT), StandardCharsets.UTF_8))
                .contains("aria-label=\"" + ReportCharts.FUNNEL_CHART + "\"");
    }

    @Test
    void theStepsThroughTheFlowAreTheSameLineForLineAtAnyParallelism() {
        Path single = dir.resolve("p1");

        assertThat(backtest(single, "1").exitCode).isZero();

        for (String file : List.of(Backtest.FLOWS, Backtest.DECISIONS, Backtest.OPEN_EPISODES)) {
            assertThat(single.resolve(file)).as(file).hasSameBinaryContentAs(out.resolve(file));
        }
    }

    private static BacktestSummary summary() throws Exception {
        return BacktestSummary.counted(
                "history.jsonl",
                "jsonl",
                0,
                0,
                0,
                0,
                BacktestInput.LAST_EVENT,
                0,
                0,
                InputEvents.NONE,
                out,
                BacktestConfig.of(patterns.toString(), PatternsConfigReader.read(patterns)));
    }

    /** The decisions of the flow's sends. */
    private static List<JsonNode> flowSends() throws IOException {
        return lines(Backtest.DECISIONS).stream()
                .filter(d -> FLOW.equals(d.path("flowId").asText(null)) && d.has("step"))
                .toList();
    }

    private static Cli backtest(Path into, String parallelism) {
        return Cli.run(
                "backtest",
                "--input",
                history.toString(),
                "--patterns",
                patterns.toString(),
                "--out",
                into.toString(),
                "--parallelism",
                parallelism);
    }

    private static Predicate<JsonNode> kind(String kind) {
        return n -> n.get("kind").asText().equals(kind);
    }

    private static Predicate<JsonNode> outcome(String outcome) {
        return n -> n.get("outcome").asText().equals(outcome);
    }

    private static long count(List<JsonNode> nodes, Predicate<JsonNode> which) {
        return nodes.stream().filter(which).count();
    }

    private static List<JsonNode> lines(String file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(file), StandardCharsets.UTF_8)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }
}
