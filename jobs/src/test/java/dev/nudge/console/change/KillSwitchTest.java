package dev.nudge.console.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nudge.config.PatternsConfig;
import dev.nudge.validate.PatternsValidator;
import org.junit.jupiter.api.Test;

/** Tests for {@link KillSwitch}: a pattern switched in the operators' own text. */
class KillSwitchTest {
    private static final String IN_FORCE =
            """
            # Our patterns; ask Anna before changing the policy.
            version: "2026-11-25.1"   # bumped on every change
            timezone: UTC
            policy:
              holdoutPercent: 0
            patterns:
              # browsing without buying: a nudge after two views
              - id: browse
                type: BROWSE_WITHOUT_BUY
                enabled: true          # the kill switch
                params: {minViews: 2, window: 30m}
                action: {channels: [PUSH], template: browse_v1, cooldown: 0s}
              - id: second-look
                type: BROWSE_WITHOUT_BUY
                params: {minViews: 3, window: 1h}
                action: {channels: [EMAIL], template: look_v1}
            """;

    @Test
    void switchingOffReplacesTheValueAndKeepsEveryComment() throws Exception {
        String switched = KillSwitch.switched(IN_FORCE, "browse", false, "2026-11-25.2");

        assertThat(switched)
                .isEqualTo(
                        IN_FORCE.replace("\"2026-11-25.1\"", "\"2026-11-25.2\"")
                                .replace("enabled: true", "enabled: false"));
    }

    @Test
    void aPatternWithoutEnabledGetsItOnTheLineAfterItsId() throws Exception {
        String switched = KillSwitch.switched(IN_FORCE, "second-look", false, "2026-11-25.2");

        assertThat(switched)
                .contains(
                        "  - id: second-look\n"
                                + "    enabled: false\n"
                                + "    type: BROWSE_WITHOUT_BUY\n");
        PatternsConfig config = PatternsValidator.validated(switched, "switched");
        assertThat(config.version()).isEqualTo("2026-11-25.2");
        assertThat(config.pattern("second-look").enabled()).isFalse();
        assertThat(config.pattern("browse").enabled()).isTrue();
    }

    @Test
    void aPatternWrittenInBracesGetsEnabledAfterItsId() throws Exception {
        String inBraces =
                """
                version: v7
                patterns:
                  - {id: browse, type: BROWSE_WITHOUT_BUY, params: {minViews: 2, window: 30m}, action: {channels: [PUSH], template: t}}
                """;

        String switched = KillSwitch.switched(inBraces, "browse", false, "v8");

        assertThat(switched).contains("version: \"v8\"", "{id: browse, enabled: false, type:");
        assertThat(PatternsValidator.validated(switched, "switched").pattern("browse").enabled())
                .isFalse();
    }

    @Test
    void aJsonDocumentStaysJson() throws Exception {
        String json =
                """
                {
                  "version": "v7",
                  "patterns": [
                    {"id": "browse", "type": "BROWSE_WITHOUT_BUY",
                     "params": {"minViews": 2, "window": "30m"},
                     "action": {"channels": ["PUSH"], "template": "t"}}
                  ]
                }
                """;

        String switched = KillSwitch.switched(json, "browse", false, "v8");

        assertThat(switched)
                .contains("\"version\": \"v8\"", "{\"id\": \"browse\", \"enabled\": false,");
        PatternsConfig config = PatternsValidator.validated(switched, "switched");
        assertThat(config.version()).isEqualTo("v8");
        assertThat(config.pattern("browse").enabled()).isFalse();
    }

    @Test
    void switchingOnAgainWritesTrue() throws Exception {
        String off = KillSwitch.switched(IN_FORCE, "browse", false, "2026-11-25.2");

        String on = KillSwitch.switched(off, "browse", true, "2026-11-25.3");

        assertThat(PatternsValidator.validated(on, "on").pattern("browse").enabled()).isTrue();
        assertThat(on).contains("enabled: true", "# the kill switch", "\"2026-11-25.3\"");
    }

    @Test
    void anUnknownPatternCannotBeSwitched() {
        assertThatThrownBy(() -> KillSwitch.switched(IN_FORCE, "nope", false, "v2"))
                .isInstanceOf(KillSwitch.NotSwitchable.class)
                .hasMessageContaining("no pattern \"nope\"");
    }
}
