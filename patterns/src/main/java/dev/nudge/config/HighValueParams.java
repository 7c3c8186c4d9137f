package dev.nudge.config;

import java.time.Duration;

/** The {@code params} of a HIGH_VALUE pattern; {@code spend} in major units of the currency. */
public record HighValueParams(double spend, Duration window) implements PatternParams {
    static HighValueParams read(ConfigNode node) {
        return new HighValueParams(
                node.get(PatternsYaml.HIGH_VALUE_SPEND_PARAM),
                node.get(PatternsYaml.HIGH_VALUE_WINDOW));
    }

    @Override
    public Duration longestWindow() {
        return window;
    }
}
