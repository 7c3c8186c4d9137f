package dev.nudge.config;

import java.time.Duration;

/**
 * The {@code params} of a pattern whose only parameter is its {@code window}: CART_ABANDONMENT,
 * NEW_USER_NO_PURCHASE.
 */
public record WindowParams(Duration window) implements PatternParams {
    static WindowParams read(ConfigNode node, Setting<Duration> window) {
        return new WindowParams(node.get(window));
    }

    @Override
    public Duration longestWindow() {
        return window;
    }
}
