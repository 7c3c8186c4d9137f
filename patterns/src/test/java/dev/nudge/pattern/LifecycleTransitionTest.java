package dev.nudge.pattern;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.nudge.config.ConfigException;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.journey.JourneyReplay;
import dev.nudge.policy.Decision;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** Tests for {@link LifecycleTransition}, through the journey in event time. */
class LifecycleTransitionTest {
    private static final String CONFIG =
            """
            version: "t"
            timezone: UTC
            lifecycle: {silentAfter: 30d, churnedAfter: 90d}
            patterns:
              - id: welcome
                type: LIFECYCLE_TRANSITION
                params: {to: NEW}
                action: {channels: [EMAIL], template: welcome_v1, cooldown: 0s}
              - id: win-back
                type: LIFECYCLE_TRANSITION
                params: {to: SILENT}
                action: {channels: [EMAIL], template: winback_v1, cooldown: 0s}
              - id: welcome-back
                type: LIFECYCLE_TRANSITION
                params: {to: ACTIVE, from: CHURNED}
                action: {channels: [EMAIL], template: welcome_back_v1, cooldown: 0s}
            """;
    private final Shopper alice = Shopper.named("alice");

    @Test
    void eachTransitionToTheConfiguredStageMatchesOnceAtTheMomentItHappens() {
        long first = BEGINNING;
        long back = BEGINNING + 120 * ONE_DAY;
        JourneyReplay journey =
                new JourneyReplay(Configs.parse(CONFIG), 5_000)
                        .send(
                                alice.buys("tea").at(first),
                                alice.buys("tea").at(first + 10 * ONE_DAY),
                                alice.buys("tea").at(back))
                        .advanceWatermark(back + ONE_DAY);

        assertThat(journey.decisions)
                .extracting(Decision::patternId, Decision::triggeredAt)
                .containsExactly(
                        tuple("welcome", first),
                        tuple("win-back", first + 40 * ONE_DAY),
                        tuple("welcome-back", back));
        assertThat(journey.decisions.get(0).evidence()).containsExactly("alice-purchase-0");
        assertThat(journey.decisions.get(1).evidence())
                .as("the last purchase before the lapse")
                .containsExactly("alice-purchase-" + 10 * ONE_DAY);
        assertThat(journey.decisions.get(1).reason())
                .isEqualTo(
                        "moved from ACTIVE to SILENT at 02:00 on 2018-01-04 (UTC): no purchase"
                                + " since 2017-12-05 (2 purchase occasions in all)");
        assertThat(journey.decisions.get(2).reason())
                .isEqualTo("came back from CHURNED with a purchase at 02:00 on 2018-03-25 (UTC)");
    }

    @Test
    void aReactivationFromSilentIsNotAReactivationFromChurned() {
        JourneyReplay journey =
                new JourneyReplay(Configs.parse(CONFIG), 5_000)
                        .send(
                                alice.buys("tea").at(BEGINNING),
                                alice.buys("tea").at(BEGINNING + 50 * ONE_DAY))
                        .advanceWatermark(BEGINNING + 60 * ONE_DAY);

        assertThat(journey.decisions)
                .extracting(Decision::patternId)
                .containsExactly("welcome", "win-back");
    }

    @Test
    void aTransitionNoUserMakesIsAConfigurationError() {
        Assertions.assertThatThrownBy(
                        () ->
                                PatternsConfigReader.read(
                                        CONFIG.replace("{to: NEW}", "{to: PROSPECT}")
                                                .replace(
                                                        "{to: SILENT}",
                                                        "{to: SILENT, from: CHURNED}"),
                                        "patterns.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("patterns[welcome].params.to: PROSPECT")
                .hasMessageContaining("patterns[win-back].params.from: CHURNED");
    }
}
