package dev.nudge.pattern;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_DAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.journey.JourneyReplay;
import dev.nudge.policy.Decision;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import org.junit.jupiter.api.Test;

/** Tests for {@link NewUserNoPurchase}, through the journey in event time. */
class NewUserNoPurchaseTest {
    private final Shopper alice = Shopper.named("alice");

    private JourneyReplay journey() {
        return new JourneyReplay(
                Configs.parse(
                        """
                        version: "t"
                        policy: {quietHours: {start: "00:00", end: "00:00"}, arbitrationWindow: 0s}
                        timezone: UTC
                        patterns:
                          - id: welcome-nudge
                            type: NEW_USER_NO_PURCHASE
                            params: {window: 3d}
                            action: {channels: [EMAIL], template: first_order_v1, cooldown: 0s}
                        """),
                5_000);
    }

    @Test
    void aRegistrationWithoutAPurchaseForTheWindowMatchesOnceAtItsEnd() {
        JourneyReplay journey =
                journey()
                        .send(
                                alice.registers().at(BEGINNING),
                                alice.views("dress").at(BEGINNING + ONE_DAY));
        journey.advanceWatermark(BEGINNING + 3 * ONE_DAY - 1);
        assertThat(journey.decisions).isEmpty();
        journey.advanceWatermark(BEGINNING + 3 * ONE_DAY);

        assertThat(journey.decisions)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.triggeredAt()).isEqualTo(BEGINNING + 3 * ONE_DAY);
                            assertThat(d.evidence()).containsExactly("alice-register-0");
                            assertThat(d.reason())
                                    .isEqualTo(
                                            "registered at 02:00 on 2017-11-25 (UTC) and has not"
                                                    + " bought anything within 3 days");
                        });
    }

    @Test
    void aPurchaseBeforeTheWindowEndsMeansNoMatch() {
        JourneyReplay journey =
                journey()
                        .send(
                                alice.registers().at(BEGINNING),
                                alice.buys("dress").at(BEGINNING + 3 * ONE_DAY - 1))
                        .endOfInput();

        assertThat(journey.decisions).isEmpty();
    }

    @Test
    void someoneWhoAlreadyBoughtIsNotANewUser() {
        JourneyReplay journey =
                journey()
                        .send(
                                alice.buys("dress").at(BEGINNING),
                                alice.registers().at(BEGINNING + ONE_DAY))
                        .endOfInput();

        assertThat(journey.decisions).isEmpty();
    }

    @Test
    void aSecondRegisterWhileOpenJoinsTheEpisode() {
        JourneyReplay journey =
                journey()
                        .send(
                                alice.registers().at(BEGINNING),
                                alice.registers().at(BEGINNING + ONE_DAY))
                        .endOfInput();

        assertThat(journey.decisions)
                .extracting(Decision::triggeredAt)
                .containsExactly(BEGINNING + 3 * ONE_DAY);
    }
}
