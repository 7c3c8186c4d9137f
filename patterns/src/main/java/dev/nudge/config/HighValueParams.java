package dev.nudge.config;

import java.time.Duration;
import java.util.Set;

/** The {@code params} of a HIGH_VALUE pattern; {@code spend} in major units of the currency. */
public record HighValueParams(double spend, Duration window) implements PatternParams {
    static final Set<String> KEYS = Set.of("spend", "window");

    static HighValueParams read(ConfigNode node) {
        return new HighValueParams(
                node.number("spend", 1000, 0.01, 1e12),
                node.duration(
                        "window", Duration.ofDays(30), Duration.ofHours(1), Duration.ofDays(365)));
    }

    @Override
    public Duration longestWindow() {
        return window;
    }
}
