package dev.nudge.testing;

import dev.nudge.config.ConfigException;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.PatternsConfigReader;

/** Pattern configurations for tests, written as operators would write them. */
public final class Configs {
    private Configs() {}

    /**
     * One BROWSE_WITHOUT_BUY pattern, {@code browse}, with the given params; its actions go at once
     * (no quiet hours, no arbitration window), so that what a test sees is what the detector found.
     */
    public static PatternsConfig browse(int minViews, String window) {
        return parse(
                """
                version: "test-1"
                policy: {quietHours: {start: "00:00", end: "00:00"}, arbitrationWindow: 0s}
                timezone: Asia/Shanghai
                patterns:
                  - id: browse
                    type: BROWSE_WITHOUT_BUY
                    params: {minViews: %d, window: %s}
                    action: {channels: [PUSH, EMAIL], template: browse_v1, cooldown: 0s}
                """
                        .formatted(minViews, window));
    }

    public static PatternsConfig parse(String yaml) {
        try {
            return PatternsConfigReader.read(yaml, "test config");
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
