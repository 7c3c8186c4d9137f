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

    /**
     * The document of one switchable browse pattern, {@code browse} (2 views within {@code
     * window}), with quiet hours 22:00–08:00 UTC that hold actions, no arbitration window and no
     * holdout: what a configuration published live changes, and held actions to switch off.
     */
    public static String switchableBrowse(
            String version, boolean enabled, String template, String window) {
        return """
                version: "%s"
                timezone: UTC
                policy:
                  quietHours: {start: "22:00", end: "08:00", mode: HOLD}
                  arbitrationWindow: 0s
                  holdoutPercent: 0
                patterns:
                  - id: browse
                    type: BROWSE_WITHOUT_BUY
                    enabled: %s
                    params: {minViews: 2, window: %s}
                    action: {channels: [PUSH, EMAIL], template: %s, cooldown: 0s}
                """
                .formatted(version, enabled, window, template);
    }

    public static PatternsConfig parse(String yaml) {
        try {
            return PatternsConfigReader.read(yaml, "test config");
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
