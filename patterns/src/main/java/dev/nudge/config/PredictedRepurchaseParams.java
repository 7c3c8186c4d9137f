package dev.nudge.config;

import java.time.Duration;

/** The {@code params} of a PREDICTED_REPURCHASE pattern. */
public record PredictedRepurchaseParams(Scope scope, int minOccasions, Duration leadTime)
        implements PatternParams {

    /** What the prediction is about. */
    public enum Scope {
        OVERALL,
        CATEGORY
    }

    static PredictedRepurchaseParams read(ConfigNode node) {
        return new PredictedRepurchaseParams(
                node.get(PatternsYaml.REPURCHASE_SCOPE),
                node.get(PatternsYaml.REPURCHASE_MIN_OCCASIONS),
                node.get(PatternsYaml.REPURCHASE_LEAD_TIME));
    }

    @Override
    public Duration longestWindow() {
        return leadTime;
    }
}
