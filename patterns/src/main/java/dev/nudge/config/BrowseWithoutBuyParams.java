package dev.nudge.config;

import java.time.Duration;
import java.util.Set;

/** The {@code params} of a BROWSE_WITHOUT_BUY pattern. */
public record BrowseWithoutBuyParams(int minViews, Duration window) implements PatternParams {
    static final Set<String> KEYS = Set.of("minViews", "window");

    static BrowseWithoutBuyParams read(ConfigNode node) {
        return new BrowseWithoutBuyParams(
                node.integer("minViews", 2, 1, 1000),
                node.duration(
                        "window",
                        Duration.ofMinutes(30),
                        Duration.ofMinutes(1),
                        Duration.ofDays(7)));
    }

    @Override
    public Duration longestWindow() {
        return window;
    }
}
