package dev.nudge.config;

import java.time.Duration;

/**
 * The {@code params} of a PURCHASE_OVERDUE pattern: the user has gone {@code grace} past the {@code
 * at} percentile of their own gaps between purchase occasions without buying.
 */
public record OverdueParams(
        PredictedRepurchaseParams.Scope scope, int minOccasions, Percentile at, Duration grace)
        implements PatternParams {

    static OverdueParams read(ConfigNode node) {
        return new OverdueParams(
                node.get(PatternsYaml.OVERDUE_SCOPE),
                node.get(PatternsYaml.OVERDUE_MIN_OCCASIONS),
                node.get(PatternsYaml.OVERDUE_AT),
                node.get(PatternsYaml.OVERDUE_GRACE));
    }

    @Override
    public Duration longestWindow() {
        return grace;
    }
}
