package dev.nudge.config;

import java.time.Duration;

/** The {@code params} of a BROWSE_WITHOUT_BUY pattern. */
public record BrowseWithoutBuyParams(int minViews, Duration window) implements PatternParams {
    static BrowseWithoutBuyParams read(ConfigNode node) {
        return new BrowseWithoutBuyParams(
                node.get(PatternsYaml.BROWSE_MIN_VIEWS), node.get(PatternsYaml.BROWSE_WINDOW));
    }

    @Override
    public Duration longestWindow() {
        return window;
    }
}
