package dev.nudge.config;

import dev.nudge.event.Money;
import java.time.ZoneId;
import java.util.List;

/**
 * The marketing configuration, {@code config/patterns.yaml} (SPEC §5): the one document that {@code
 * validate}, {@code backtest}, {@code run} and the control topic all take. Built only by {@link
 * PatternsConfigReader}, so that every instance is valid.
 *
 * @param version echoed in every action and decision
 * @param timezone the time zone of users who have none
 * @param money the one currency of the deployment: prices, spend and revenue count in its minor
 *     units, and spend thresholds are written in it
 * @param flows the multi-step flows that matches of patterns start (docs/operators.md, Flows)
 */
public record PatternsConfig(
        String version,
        ZoneId timezone,
        Money money,
        LifecycleSpec lifecycle,
        SegmentRules segments,
        RfmThresholds rfm,
        ProfileSpec profile,
        PolicySpec policy,
        List<OfferRule> offers,
        List<PatternSpec> patterns,
        List<FlowSpec> flows) {

    public PatternsConfig {
        offers = List.copyOf(offers);
        patterns = List.copyOf(patterns);
        flows = List.copyOf(flows);
    }

    /** The flow with this id, or {@code null}. */
    public FlowSpec flow(String id) {
        for (FlowSpec flow : flows) {
            if (flow.id().equals(id)) {
                return flow;
            }
        }
        return null;
    }

    /** The pattern with this id, or {@code null}. */
    public PatternSpec pattern(String id) {
        for (PatternSpec pattern : patterns) {
            if (pattern.id().equals(id)) {
                return pattern;
            }
        }
        return null;
    }
}
