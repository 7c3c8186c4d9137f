package dev.nudge.config;

import java.time.Duration;
import java.util.Set;

/** The {@code params} of a PREDICTED_REPURCHASE pattern. */
public record PredictedRepurchaseParams(Scope scope, int minOccasions, Duration leadTime)
        implements PatternParams {
    static final Set<String> KEYS = Set.of("scope", "minOccasions", "leadTime");

    /** What the prediction is about. */
    public enum Scope {
        OVERALL,
        CATEGORY
    }

    static PredictedRepurchaseParams read(ConfigNode node) {
        return new PredictedRepurchaseParams(
                node.enumValue("scope", Scope.class, Scope.OVERALL),
                node.integer("minOccasions", 3, 2, 100),
                node.duration("leadTime", Duration.ofDays(1), Duration.ZERO, Duration.ofDays(30)));
    }

    @Override
    public Duration longestWindow() {
        return leadTime;
    }
}
