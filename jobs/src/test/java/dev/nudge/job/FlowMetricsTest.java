package dev.nudge.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.PatternType;
import dev.nudge.flow.FlowEvent;
import dev.nudge.policy.Decision;
import dev.nudge.policy.Outcome;
import dev.nudge.policy.SuppressionReason;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/** Tests for {@link FlowMetrics}: the counters of flows, per flow and step, and their bounds. */
class FlowMetricsTest {
    private final Map<String, Counter> registered = new TreeMap<>();
    private final FlowMetrics metrics = new FlowMetrics(new Recording("nudge"));

    @Test
    void countsEachStepOfAUserPerFlowStepAndKindTheEntryUnderTheStepDash() {
        metrics.event(event("cart-rescue", null, FlowEvent.Kind.ENTERED));
        metrics.event(event("cart-rescue", "push", FlowEvent.Kind.REACHED));
        metrics.event(event("cart-rescue", "push", FlowEvent.Kind.REACHED));
        metrics.event(event("cart-rescue", "wait-open", FlowEvent.Kind.EXITED));
        metrics.event(event("cart-rescue", null, FlowEvent.Kind.COMPLETED));

        assertThat(counts())
                .containsExactly(
                        Map.entry("nudge.flow.cart-rescue.step.-.kind.COMPLETED.flowEvents", 1L),
                        Map.entry("nudge.flow.cart-rescue.step.-.kind.ENTERED.flowEvents", 1L),
                        Map.entry("nudge.flow.cart-rescue.step.push.kind.REACHED.flowEvents", 2L),
                        Map.entry(
                                "nudge.flow.cart-rescue.step.wait-open.kind.EXITED.flowEvents",
                                1L));
    }

    @Test
    void countsTheDecisionsOfAFlowsSendsPerStepByOutcomeOrSuppressionReason() {
        metrics.decision(decision("push", Outcome.SENT, null));
        metrics.decision(decision("push", Outcome.HOLDOUT, null));
        metrics.decision(decision("push", Outcome.SUPPRESSED, SuppressionReason.FLOW_EXITED));
        metrics.decision(decision("email", Outcome.SENT, null));

        assertThat(counts())
                .containsExactly(
                        Map.entry("nudge.flow.cart-rescue.step.email.outcome.SENT.decisions", 1L),
                        Map.entry(
                                "nudge.flow.cart-rescue.step.push.outcome.FLOW_EXITED.decisions",
                                1L),
                        Map.entry("nudge.flow.cart-rescue.step.push.outcome.HOLDOUT.decisions", 1L),
                        Map.entry("nudge.flow.cart-rescue.step.push.outcome.SENT.decisions", 1L));
    }

    @Test
    void flowsPastTheBoundCountTogetherAsOtherSoThatLiveChangesCannotGrowTheGroups() {
        for (int i = 0; i < FlowMetrics.MAX_FLOWS + 5; i++) {
            metrics.event(event("flow-" + i, null, FlowEvent.Kind.ENTERED));
        }

        assertThat(metrics.flows()).isEqualTo(FlowMetrics.MAX_FLOWS + 1);
        assertThat(registered).hasSize(FlowMetrics.MAX_FLOWS + 1);
        assertThat(counts())
                .containsEntry("nudge.flow._other.step.-.kind.ENTERED.flowEvents", 5L)
                .containsEntry("nudge.flow.flow-19.step.-.kind.ENTERED.flowEvents", 1L)
                .doesNotContainKey("nudge.flow.flow-20.step.-.kind.ENTERED.flowEvents");
    }

    @Test
    void stepsPastTheBoundCountTogetherAsTheFlowsOtherStep() {
        metrics.event(event("cart-rescue", null, FlowEvent.Kind.ENTERED));
        for (int i = 0; i < FlowMetrics.MAX_STEPS + 3; i++) {
            metrics.event(event("cart-rescue", "step-" + i, FlowEvent.Kind.REACHED));
        }
        metrics.event(event("cart-rescue", null, FlowEvent.Kind.COMPLETED));

        assertThat(counts())
                .as("the entry's and the completion's dash is no step of the flow")
                .containsEntry("nudge.flow.cart-rescue.step.-.kind.ENTERED.flowEvents", 1L)
                .containsEntry("nudge.flow.cart-rescue.step.-.kind.COMPLETED.flowEvents", 1L)
                .containsEntry("nudge.flow.cart-rescue.step.step-29.kind.REACHED.flowEvents", 1L)
                .containsEntry("nudge.flow.cart-rescue.step._other.kind.REACHED.flowEvents", 3L)
                .hasSize(2 + FlowMetrics.MAX_STEPS + 1);
    }

    private Map<String, Long> counts() {
        Map<String, Long> counts = new TreeMap<>();
        registered.forEach((name, counter) -> counts.put(name, counter.getCount()));
        return counts;
    }

    private static FlowEvent event(String flow, String step, FlowEvent.Kind kind) {
        return new FlowEvent("u1", flow, step, kind, 0L, false, "v1", null);
    }

    private static Decision decision(String step, Outcome outcome, SuppressionReason reason) {
        return new Decision(
                "d1",
                "u1",
                "cart-abandonment",
                null,
                PatternType.CART_ABANDONMENT,
                "v1",
                0L,
                List.of(),
                outcome,
                reason,
                outcome == Outcome.SENT ? "a1" : null,
                null,
                "step " + step + " of flow cart-rescue",
                "cart-rescue",
                step);
    }

    /** A metric group that keeps the counters registered in it by their dotted names. */
    private final class Recording extends UnregisteredMetricsGroup {
        private final String scope;

        Recording(String scope) {
            this.scope = scope;
        }

        @Override
        public MetricGroup addGroup(String key, String value) {
            return new Recording(scope + '.' + key + '.' + value);
        }

        @Override
        public Counter counter(String name) {
            Counter counter = new SimpleCounter();
            assertThat(registered.put(scope + '.' + name, counter))
                    .as("%s.%s registered once", scope, name)
                    .isNull();
            return counter;
        }
    }
}
