package dev.nudge.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nudge.config.FlowSpec;
import dev.nudge.config.PatternsConfig;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts the funnel of every flow ({@link FlowFunnel}) from a backtest's records: each line of
 * {@code flows.jsonl}, each decision of a flow's send (one with a {@code flowId} and a {@code
 * step}), and each of the flow's messages still held when the clock stopped ({@code
 * open-episodes.jsonl}). The flows come in the configuration's order, each with its steps as
 * written, reached or not; a flow or step the records name and the configuration does not follows.
 *
 * <p>The goal conversion keeps the id of every user who entered a flow and of every user who
 * reached its exit, per arm: about as many ids as the users of the patterns' arms.
 */
final class FlowFunnels {
    static final String SEND = "send";
    static final String WAIT = "wait";
    static final String BRANCH = "branch";

    private final Map<String, Tally> flows = new LinkedHashMap<>();

    /**
     * @param layout per configured flow, in order, its steps in order with their kinds ({@link
     *     #layout})
     */
    FlowFunnels(Map<String, Map<String, String>> layout) {
        layout.forEach(
                (flowId, steps) -> {
                    Tally tally = new Tally();
                    steps.forEach((step, kind) -> tally.steps.put(step, new StepTally(kind)));
                    flows.put(flowId, tally);
                });
    }

    /** The flows of a configuration, each with its steps in order and their kinds. */
    static Map<String, Map<String, String>> layout(PatternsConfig config) {
        Map<String, Map<String, String>> layout = new LinkedHashMap<>();
        for (FlowSpec flow : config.flows()) {
            Map<String, String> steps = new LinkedHashMap<>();
            for (FlowSpec.Step step : flow.steps()) {
                steps.put(step.name(), kind(step));
            }
            layout.put(flow.id(), steps);
        }
        return layout;
    }

    private static String kind(FlowSpec.Step step) {
        if (step instanceof FlowSpec.Send) {
            return SEND;
        }
        return step instanceof FlowSpec.Wait ? WAIT : BRANCH;
    }

    /** A line of {@code flows.jsonl}; one without a flow or a known kind is passed over. */
    void flowEvent(JsonNode event) {
        String flowId = text(event, "flowId");
        String userId = text(event, "userId");
        if (flowId == null || userId == null) {
            return;
        }
        Tally flow = flow(flowId);
        String step = text(event, "step");
        boolean holdout = event.path("holdout").asBoolean(false);
        switch (String.valueOf(text(event, "kind"))) {
            case "ENTERED" -> {
                flow.entered++;
                if (holdout) {
                    flow.enteredHoldout++;
                }
                flow.users(holdout).add(userId);
            }
            case "REACHED" -> {
                if (step != null) {
                    flow.step(step).reached++;
                }
            }
            case "TIMED_OUT" -> {
                flow.timedOut++;
                if (step != null) {
                    flow.step(step).timedOut++;
                }
            }
            case "EXITED" -> {
                flow.exited++;
                flow.exitedUsers(holdout).add(userId);
                if (step != null) {
                    flow.step(step).exited++;
                }
            }
            case "COMPLETED" -> flow.completed++;
            case "LEFT" -> {
                flow.left++;
                if (step != null) {
                    flow.step(step).left++;
                }
            }
            default -> {}
        }
    }

    /** A decision of a flow's send: one with a {@code flowId} and a {@code step}. */
    void decision(JsonNode decision) {
        String flowId = text(decision, "flowId");
        String step = text(decision, "step");
        if (flowId == null || step == null) {
            return;
        }
        StepTally tally = flow(flowId).step(step);
        String outcome = String.valueOf(text(decision, "outcome"));
        switch (outcome) {
            case "SENT" -> tally.sent++;
            case "HOLDOUT" -> tally.holdout++;
            default -> {
                String reason = text(decision, "suppressedBy");
                tally.suppressed.merge(reason == null ? outcome : reason, 1L, Long::sum);
            }
        }
    }

    /** A message of a flow's send still held when the clock stopped. */
    void held(JsonNode open) {
        String flowId = text(open, "flowId");
        String step = text(open, "step");
        if (flowId != null && step != null) {
            flow(flowId).step(step).held++;
        }
    }

    /** Each flow's funnel, in the order described above. */
    Map<String, FlowFunnel> result() {
        Map<String, FlowFunnel> result = new LinkedHashMap<>();
        flows.forEach((flowId, tally) -> result.put(flowId, tally.funnel(flowId)));
        return result;
    }

    private Tally flow(String flowId) {
        return flows.computeIfAbsent(flowId, id -> new Tally());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** What one flow has counted so far. */
    private static final class Tally {
        final Map<String, StepTally> steps = new LinkedHashMap<>();
        long entered;
        long enteredHoldout;
        long timedOut;
        long exited;
        long completed;
        long left;
        final Set<String> treatmentUsers = new HashSet<>();
        final Set<String> holdoutUsers = new HashSet<>();
        final Set<String> treatmentExited = new HashSet<>();
        final Set<String> holdoutExited = new HashSet<>();

        StepTally step(String name) {
            return steps.computeIfAbsent(name, n -> new StepTally(""));
        }

        Set<String> users(boolean holdout) {
            return holdout ? holdoutUsers : treatmentUsers;
        }

        Set<String> exitedUsers(boolean holdout) {
            return holdout ? holdoutExited : treatmentExited;
        }

        FlowFunnel funnel(String flowId) {
            List<FlowFunnel.Step> list =
                    steps.entrySet().stream().map(e -> e.getValue().step(e.getKey())).toList();
            return new FlowFunnel(
                    flowId,
                    entered,
                    enteredHoldout,
                    list,
                    timedOut,
                    exited,
                    completed,
                    left,
                    goal(treatmentUsers, treatmentExited),
                    goal(holdoutUsers, holdoutExited));
        }

        /** Of the arm's users who entered, those who reached the goal. */
        private static FlowFunnel.Goal goal(Set<String> entered, Set<String> exited) {
            long reached = exited.stream().filter(entered::contains).count();
            return new FlowFunnel.Goal(entered.size(), reached);
        }
    }

    /** What one step has counted so far. */
    private static final class StepTally {
        final String kind;
        long reached;
        long sent;
        long holdout;
        final Map<String, Long> suppressed = new TreeMap<>();
        long held;
        long timedOut;
        long exited;
        long left;

        StepTally(String kind) {
            this.kind = kind;
        }

        FlowFunnel.Step step(String name) {
            return new FlowFunnel.Step(
                    name, kind, reached, sent, holdout, suppressed, held, timedOut, exited, left);
        }
    }
}
