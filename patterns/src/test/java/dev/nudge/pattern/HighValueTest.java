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
        return journey("{spend: 1000, window: 30d}");
    }

    private JourneyReplay journey(String params) {
        return new JourneyReplay(
                Configs.parse(
                        """
                        version: "t"
                        timezone: UTC
                        patterns:
                          - id: vip
                            type: HIGH_VALUE
                            params: %s
                            action: {channels: [EMAIL], template: vip_v1, cooldown: 0s}
                        """
                                .formatted(params)),
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
                                    .as("the purchases of the window")
                                    .containsExactly(
                                            "alice-purchase-0",
                                            "alice-purchase-" + ONE_DAY,
                                            "alice-purchase-" + 2 * ONE_DAY);
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

    @Test
    void moneyAddsUpExactlySoThreePurchasesOf100Point1Reach300Point3() {
        JourneyReplay journey =
                journey("{spend: 300.3, window: 30d}")
                        .send(
                                alice.buys("a", "c1", 100.1).at(BEGINNING),
                                alice.buys("b", "c1", 100.1).at(BEGINNING + ONE_DAY),
                                alice.buys("c", "c1", 100.1).at(BEGINNING + 2 * ONE_DAY))
                        .endOfInput();

        assertThat(journey.decisions)
                .singleElement()
                .satisfies(
                        d ->
                                assertThat(d.reason())
                                        .startsWith("spent 300.30 in 3 purchases")
                                        .contains("reaching 300.30"));
    }

    @Test
    void atItsBoundMergedSpendLeavesTheWindowWithItsOldestPartSoTheMomentIsNeverEarly() {
        // 17 purchases in the window: the two oldest merge. At day 30.5 the first (10.00, day 0)
        // has left the window: what is in it adds up to 995.00, under the 1,000 to reach.
        JourneyReplay journey = journey();
        journey.send(alice.buys("first", "c1", 10).at(BEGINNING));
        for (int day = 1; day <= 15; day++) {
            journey.send(alice.buys("item-" + day, "c1", 50).at(BEGINNING + day * ONE_DAY));
        }
        journey.send(alice.buys("tv", "c1", 145).at(BEGINNING + 29 * ONE_DAY + ONE_DAY / 2));
        journey.send(alice.buys("sofa", "c1", 100).at(BEGINNING + 30 * ONE_DAY + ONE_DAY / 2));
        journey.endOfInput();

        assertThat(journey.decisions).as("995.00 in the window, 1,005.00 with day 0").isEmpty();
    }

    @Test
    void atItsBoundTheMomentStillComesOnceTheSpendIsReachedWithinTheWindow() {
        JourneyReplay journey = journey();
        for (int day = 0; day < 20; day++) {
            journey.send(alice.buys("item-" + day, "c1", 60).at(BEGINNING + day * ONE_DAY));
        }
        journey.endOfInput();

        // 60.00 a day reaches 1,000.00 on the 17th purchase (day 16); with 16 kept, the two
        // oldest merged then, still both in the window.
        assertThat(journey.decisions)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.triggeredAt()).isEqualTo(BEGINNING + 16 * ONE_DAY);
                            assertThat(d.reason()).startsWith("spent 1,020.00 in 17 purchases");
                            assertThat(d.evidence()).hasSize(HighValue.MAX_PURCHASES);
                        });
    }
}
