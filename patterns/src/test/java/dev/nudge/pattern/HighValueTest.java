package dev.nudge.pattern;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_DAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.journey.JourneyReplay;
import dev.nudge.policy.Decision;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import org.junit.jupiter.api.Test;

/** Tests for {@link HighValue}, through the journey in event time. */
class HighValueTest {
    private final Shopper alice = Shopper.named("alice");

    private JourneyReplay journey() {
        return new JourneyReplay(
                Configs.parse(
                        """
                        version: "t"
                        timezone: UTC
                        patterns:
                          - id: vip
                            type: HIGH_VALUE
                            params: {spend: 1000, window: 30d}
                            action: {channels: [EMAIL], template: vip_v1, cooldown: 0s}
                        """),
                5_000);
    }

    @Test
    void firesAtThePurchaseThatReachesTheSpendWithinTheWindow() {
        JourneyReplay journey =
                journey()
                        .send(
                                alice.buys("tv", "c1", 600).at(BEGINNING),
                                alice.buys("cable", "c1", 399.99).at(BEGINNING + ONE_DAY),
                                alice.buys("stand", "c1", 0.01).at(BEGINNING + 2 * ONE_DAY))
                        .endOfInput();

        assertThat(journey.decisions)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.triggeredAt()).isEqualTo(BEGINNING + 2 * ONE_DAY);
                            assertThat(d.evidence())
                                    .containsExactly("alice-purchase-" + 2 * ONE_DAY);
                            assertThat(d.reason())
                                    .startsWith(
                                            "spent 1,000.00 in 3 purchases within 30 days (since"
                                                    + " 2017-11-25), reaching 1,000.00");
                        });
    }

    @Test
    void spendOlderThanTheWindowNoLongerCounts() {
        JourneyReplay journey =
                journey()
                        .send(
                                alice.buys("tv", "c1", 600).at(BEGINNING),
                                alice.buys("sofa", "c1", 500).at(BEGINNING + 30 * ONE_DAY))
                        .endOfInput();

        assertThat(journey.decisions).as("the window start is exclusive").isEmpty();
    }

    @Test
    void itFiresAgainOnlyOnceAWindowHasPassedSinceItLastFired() {
        JourneyReplay journey =
                journey()
                        .send(
                                alice.buys("tv", "c1", 1000).at(BEGINNING),
                                alice.buys("sofa", "c1", 1000).at(BEGINNING + 10 * ONE_DAY),
                                alice.buys("bed", "c1", 1000).at(BEGINNING + 30 * ONE_DAY))
                        .endOfInput();

        assertThat(journey.decisions)
                .extracting(Decision::triggeredAt)
                .containsExactly(BEGINNING, BEGINNING + 30 * ONE_DAY);
    }
}
