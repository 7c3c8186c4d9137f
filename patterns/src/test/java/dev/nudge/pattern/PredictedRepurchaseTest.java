package dev.nudge.pattern;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.nudge.journey.JourneyReplay;
import dev.nudge.policy.Action;
import dev.nudge.policy.Decision;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import org.junit.jupiter.api.Test;

/** Tests for {@link PredictedRepurchase}, through the journey in event time. */
class PredictedRepurchaseTest {
    private static final String CONFIG =
            """
            version: "t"
            timezone: UTC
            patterns:
              - id: restock
                type: PREDICTED_REPURCHASE
                params: {scope: OVERALL, minOccasions: 3, leadTime: 1d}
                action: {channels: [PUSH], template: restock_v1, cooldown: 0s}
              - id: restock-category
                type: PREDICTED_REPURCHASE
                params: {scope: CATEGORY, minOccasions: 3, leadTime: 2d}
                action: {channels: [PUSH], template: restock_cat_v1, cooldown: 0s}
            """;
    private final Shopper alice = Shopper.named("alice");

    @Test
    void aRegularBuyerIsRemindedTheLeadTimeBeforeThePredictedPurchase() {
        JourneyReplay journey =
                new JourneyReplay(Configs.parse(CONFIG), 5_000)
                        .send(
                                alice.buys("tea", "c7", 10).at(BEGINNING),
                                alice.buys("tea", "c7", 10).at(BEGINNING + 10 * ONE_DAY),
                                alice.buys("tea", "c7", 10).at(BEGINNING + 20 * ONE_DAY))
                        .endOfInput();

        long predicted = BEGINNING + 30 * ONE_DAY;
        assertThat(journey.actions)
                .extracting(Action::patternId, Action::triggeredAt)
                .containsExactly(
                        tuple("restock-category", predicted - 2 * ONE_DAY),
                        tuple("restock", predicted - ONE_DAY));
        Action overall = journey.actions.get(1);
        assertThat(overall.params().predictedDate()).isEqualTo("2017-12-25");
        assertThat(overall.params().items()).containsExactly("tea");
        assertThat(overall.evidence()).containsExactly("alice-purchase-" + 20 * ONE_DAY);
        assertThat(overall.reason())
                .isEqualTo(
                        "bought on 3 occasions, usually every 10.0 days (middle half 10.0–10.0), last on"
                                + " 2017-12-15; the"
                                + " next purchase is expected on 2017-12-25, 1 day from now");
        assertThat(journey.actions.get(0).params().category()).isEqualTo("c7");
    }

    @Test
    void aPurchaseBeforeTheMomentMakesANewPredictionInsteadOfAReminder() {
        JourneyReplay journey =
                new JourneyReplay(Configs.parse(CONFIG), 5_000)
                        .send(
                                alice.buys("tea", "c7", 10).at(BEGINNING),
                                alice.buys("tea", "c7", 10).at(BEGINNING + 10 * ONE_DAY),
                                alice.buys("tea", "c7", 10).at(BEGINNING + 20 * ONE_DAY),
                                alice.buys("tea", "c7", 10).at(BEGINNING + 27 * ONE_DAY));
        journey.advanceWatermark(BEGINNING + 31 * ONE_DAY);

        assertThat(journey.actions).as("no reminder for the old prediction").isEmpty();
        journey.endOfInput();
        assertThat(journey.actions)
                .as("gap 7 d: mean 10 - 0.3 * 3 = 9.1 d, one reminder per pattern")
                .hasSize(2);
    }

    @Test
    void twoOccasionsAreNotEnoughWhenThePatternAsksForThree() {
        JourneyReplay journey =
                new JourneyReplay(Configs.parse(CONFIG), 5_000)
                        .send(
                                alice.buys("tea", "c7", 10).at(BEGINNING),
                                alice.buys("tea", "c7", 10).at(BEGINNING + 10 * ONE_DAY))
                        .endOfInput();

        assertThat(journey.actions).isEmpty();
    }

    @Test
    void twoCategoriesDueAtTheSameInstantAreTwoMomentsWithIdsAndEvidenceOfTheirOwn() {
        JourneyReplay journey = new JourneyReplay(Configs.parse(CONFIG), 5_000);
        for (int i = 0; i < 3; i++) {
            long at = BEGINNING + i * 10 * ONE_DAY;
            journey.send(
                    alice.buys("tea", "c7", 10).at(at, "tea-" + i),
                    alice.buys("rice", "c8", 10).at(at, "rice-" + i));
        }
        journey.endOfInput();

        // One arbitration window: one is sent, the other LOWER_PRIORITY, each under its own id.
        assertThat(journey.decisions)
                .filteredOn(d -> d.patternId().equals("restock-category"))
                .extracting(Decision::evidence, Decision::triggeredAt)
                .containsExactlyInAnyOrder(
                        tuple(java.util.List.of("tea-2"), BEGINNING + 28 * ONE_DAY),
                        tuple(java.util.List.of("rice-2"), BEGINNING + 28 * ONE_DAY));
        assertThat(journey.decisions).extracting(Decision::decisionId).doesNotHaveDuplicates();
        assertThat(journey.actions).extracting(Action::actionId).doesNotHaveDuplicates();
    }
}
