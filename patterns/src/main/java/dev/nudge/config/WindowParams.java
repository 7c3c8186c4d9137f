package dev.nudge.config;

import java.time.Duration;
import java.util.Set;

/**
 * The {@code params} of a pattern whose only parameter is its {@code window}: CART_ABANDONMENT,
 * NEW_USER_NO_PURCHASE.
 */
public record WindowParams(Duration window) implements PatternParams {
    static final Set<String> KEYS = Set.of("window");

    static WindowParams read(ConfigNode node, Duration defaultWindow, Duration longest) {
        return new WindowParams(
                node.duration("window", defaultWindow, Duration.ofMinutes(1), longest));
    }

    @Override
    public Duration longestWindow() {
        return window;
    }
}
