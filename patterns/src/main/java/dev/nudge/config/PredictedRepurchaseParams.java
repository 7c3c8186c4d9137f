package dev.nudge.config;

import java.time.Duration;

/**
 * The {@code params} of a PREDICTED_REPURCHASE pattern: it fires {@code leadTime} before the
 * predicted purchase, or, with {@code at}, when that percentile of the user's gaps has passed.
 *
 * @param at the percentile, or {@code null} for {@code leadTime} before the prediction
 */
public record PredictedRepurchaseParams(
        Scope scope, int minOccasions, Duration leadTime, Percentile at) implements PatternParams {

    /** What the prediction is about. */
    public enum Scope {
        OVERALL,
        CATEGORY
    }

    public PredictedRepurchaseParams(Scope scope, int minOccasions, Duration leadTime) {
        this(scope, minOccasions, leadTime, null);
    }

    static PredictedRepurchaseParams read(ConfigNode node) {
        Percentile at = node.get(PatternsYaml.REPURCHASE_AT);
        if (at != null && node.has(PatternsYaml.REPURCHASE_LEAD_TIME.name())) {
            node.error(
                    PatternsYaml.REPURCHASE_LEAD_TIME.name(),
                    null,
                    "nothing beside at: "
                            + at
                            + " (at fires at a percentile of the user's gaps, leadTime before the"
                            + " predicted purchase); keep one of them");
        }
        return new PredictedRepurchaseParams(
                node.get(PatternsYaml.REPURCHASE_SCOPE),
                node.get(PatternsYaml.REPURCHASE_MIN_OCCASIONS),
                node.get(PatternsYaml.REPURCHASE_LEAD_TIME),
                at);
    }

    @Override
    public Duration longestWindow() {
        return leadTime;
    }
}
