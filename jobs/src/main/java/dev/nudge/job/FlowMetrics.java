package dev.nudge.job;

import dev.nudge.config.ConfigLimits;
import dev.nudge.flow.FlowEvent;
import dev.nudge.policy.Decision;
import dev.nudge.policy.Outcome;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counters of flows, registered when first used: per flow and step the steps users took, {@code
 * nudge.flow.<flow>.step.<step>.kind.<kind>.flowEvents} (step {@code -} for an entry and for a
 * completion after the last step), and the decisions of the flow's sends, {@code
 * nudge.flow.<flow>.step.<step>.outcome.<outcome>.decisions} (the outcome, or the suppression
 * reason).
 *
 * <p>Flows and their steps come and go with live changes, and a metric group lives as long as the
 * job: at most {@value #MAX_FLOWS} flows, and {@value #MAX_STEPS} steps of each, get groups of
 * their own, as many as a configuration may have; any further flow counts as flow {@value #OTHER},
 * any further step of a flow as its step {@value #OTHER} (neither is a valid id or step name), and
 * the first time that happens is logged.
 */
final class FlowMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(FlowMetrics.class);

    /** The flows with groups of their own: as many as one configuration may hold. */
    static final int MAX_FLOWS = ConfigLimits.MAX_FLOWS;

    /** The steps of a flow with groups of their own: as many as one flow may have. */
    static final int MAX_STEPS = ConfigLimits.MAX_FLOW_STEPS;

    /** Where the flows and steps past the bounds count. */
    static final String OTHER = "_other";

    /** The step of an entry, and of a completion after the flow's last step. */
    static final String NO_STEP = "-";

    private final MetricGroup metrics;
    private final Map<String, Flow> flows = new HashMap<>();
    private boolean warned;

    /**
     * @param metrics the operator's {@code nudge} group
     */
    FlowMetrics(MetricGroup metrics) {
        this.metrics = metrics;
    }

    /** Counts a user's step through a flow. */
    void event(FlowEvent event) {
        step(event.flowId(), event.step()).counter("kind", event.kind().name(), "flowEvents").inc();
    }

    /**
     * Counts the decision of a flow's send (one with a step); the decision of a match that entered
     * a flow is its pattern's.
     */
    void decision(Decision decision) {
        String outcome =
                decision.outcome() == Outcome.SUPPRESSED
                        ? decision.suppressedBy().name()
                        : decision.outcome().name();
        step(decision.flowId(), decision.step()).counter("outcome", outcome, "decisions").inc();
    }

    /** The flows with groups of their own so far; for tests. */
    int flows() {
        return flows.size();
    }

    private Step step(String flowId, String step) {
        Flow flow = flows.get(flowId);
        if (flow == null) {
            if (flows.size() >= MAX_FLOWS) {
                warnOnce("flow " + flowId);
                flow = flows.computeIfAbsent(OTHER, Flow::new);
            } else {
                flow = new Flow(flowId);
                flows.put(flowId, flow);
            }
        }
        return flow.step(step == null ? NO_STEP : step);
    }

    private void warnOnce(String what) {
        if (!warned) {
            warned = true;
            LOG.warn(
                    "More flows or steps than metrics are kept for ({} flows, {} steps each):"
                            + " {} and any further ones count as {}",
                    MAX_FLOWS,
                    MAX_STEPS,
                    what,
                    OTHER);
        }
    }

    /** One flow's steps. */
    private final class Flow {
        private final String id;
        private final Map<String, Step> steps = new HashMap<>();
        private int named;

        Flow(String id) {
            this.id = id;
        }

        Step step(String name) {
            Step step = steps.get(name);
            if (step != null) {
                return step;
            }
            if (!name.equals(NO_STEP)) {
                if (named >= MAX_STEPS) {
                    warnOnce("step " + name + " of flow " + id);
                    return steps.computeIfAbsent(OTHER, this::newStep);
                }
                named++;
            }
            step = newStep(name);
            steps.put(name, step);
            return step;
        }

        private Step newStep(String name) {
            return new Step(metrics.addGroup("flow", id).addGroup("step", name));
        }
    }

    /** One step's counters, by kind or outcome. */
    private static final class Step {
        private final MetricGroup group;
        private final Map<String, Counter> counters = new HashMap<>();

        Step(MetricGroup group) {
            this.group = group;
        }

        Counter counter(String key, String value, String name) {
            return counters.computeIfAbsent(
                    key + '/' + value, k -> group.addGroup(key, value).counter(name));
        }
    }
}
