package dev.nudge.pattern;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_DAY;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.nudge.journey.JourneyReplay;
import dev.nudge.policy.Action;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * Moments by the user's own rhythm: {@link PredictedRepurchase} at a percentile of the user's gaps,
 * {@link PurchaseOverdue}, and the PERSONAL lifecycle, through the journey in event time.
 */
class PurchaseRhythmTest {
    private static final String CONFIG =
            """
            version: "t"
            timezone: UTC
            lifecycle: {mode: %s, silentAfter: 30d, churnedAfter: 90d}
            patterns:
              - id: restock-early
                type: PREDICTED_REPURCHASE
                params: {minOccasions: 3, at: p30}
                action: {channels: [PUSH], template: restock_v1, cooldown: 0s}
              - id: overdue
                type: PURCHASE_OVERDUE
                params: {minOccasions: 4, at: p90, grace: 1d}
                action: {channels: [PUSH], template: overdue_v1, cooldown: 0s}
              - id: win-back
                type: LIFECYCLE_TRANSITION
                params: {to: SILENT}
                action: {channels: [EMAIL], template: winback_v1, cooldown: 0s}
              - id: churned
                type: LIFECYCLE_TRANSITION
                params: {to: CHURNED}
                action: {channels: [EMAIL], template: churned_v1, cooldown: 0s}
            """;
    private final Shopper alice = Shopper.named("alice");

    /** Alice buys with gaps of 6, 8, 10 and 12 days, the last on day 36. */
    private JourneyReplay aliceBuysEveryFewDays(String mode, long... thenAt) {
        JourneyReplay journey =
                new JourneyReplay(Configs.parse(CONFIG.formatted(mode)), 5_000)
                        .send(
                                alice.buys("tea", "c7", 10).at(BEGINNING),
                                alice.buys("tea", "c7", 10).at(BEGINNING + 6 * ONE_DAY),
                                alice.buys("tea", "c7", 10).at(BEGINNING + 14 * ONE_DAY),
                                alice.buys("tea", "c7", 10).at(BEGINNING + 24 * ONE_DAY),
                                alice.buys("tea", "c7", 10).at(BEGINNING + 36 * ONE_DAY));
        for (long at : thenAt) {
            journey.send(alice.buys("tea", "c7", 10).at(at));
        }
        return journey.endOfInput();
    }

    /** The win-back and churned moments of the journey: when the user lapsed, and how far. */
    private static List<Tuple> lapses(JourneyReplay journey) {
        return journey.actions.stream()
                .filter(a -> a.patternId().equals("win-back") || a.patternId().equals("churned"))
                .map(a -> tuple(a.patternId(), a.triggeredAt()))
                .toList();
    }

    @Test
    void aReminderAtP30FiresWhenThirtyPercentOfTheUsersOwnGapsWouldHaveEnded() {
        JourneyReplay journey = aliceBuysEveryFewDays("GLOBAL", BEGINNING + 46 * ONE_DAY);

        // Gaps 6, 8, 10, 12 weigh 0.51, 0.64, 0.8, 1 (of 2.95) and stand at 0.26, 0.83, 1.55 and
        // 2.45: 30 % (0.89) lies 0.074 of the way from 8 to 10 days, half 0.894 of the way.
        long last = BEGINNING + 36 * ONE_DAY;
        long reminder = last + Math.round(11_734.4 * ONE_MINUTE);
        assertThat(journey.actions)
                .filteredOn(a -> a.patternId().equals("restock-early"))
                .extracting(Action::triggeredAt)
                .contains(reminder);
        Action early =
                journey.actions.stream()
                        .filter(a -> a.triggeredAt() == reminder)
                        .findFirst()
                        .orElseThrow();
        assertThat(early.params().predictedDate())
                .as("9.79 days after 2017-12-31 02:00")
                .isEqualTo("2018-01-09");
        assertThat(early.reason())
                .isEqualTo(
                        "bought on 5 occasions, usually every 9.8 days (middle half 7.7–11.5),"
                                + " last on 2017-12-31; the next purchase is expected on"
                                + " 2018-01-09; 30 % of those gaps would have ended by now");
        assertThat(journey.actions)
                .filteredOn(a -> a.patternId().equals("restock-early"))
                .extracting(Action::triggeredAt)
                .as(
                        "one reminder per occasion from the third on, none after the purchase it precedes")
                .allMatch(at -> at > BEGINNING + 14 * ONE_DAY);
    }

    @Test
    void anOverdueShopperIsNudgedADayPastTheLongestOfTheirUsualGaps() {
        JourneyReplay journey = aliceBuysEveryFewDays("GLOBAL");

        // From the fourth occasion (day 24, gaps 6, 8, 10) she was overdue on day 24 + 10 + 1,
        // and bought on day 36; now the 90th percentile is the 12-day gap: day 36 + 12 + 1.
        assertThat(journey.actions)
                .filteredOn(a -> a.patternId().equals("overdue"))
                .extracting(Action::triggeredAt, a -> a.params().items())
                .containsExactly(
                        tuple(BEGINNING + 35 * ONE_DAY, List.of("tea")),
                        tuple(BEGINNING + 49 * ONE_DAY, List.of("tea")));
        assertThat(journey.actions)
                .filteredOn(a -> a.triggeredAt() == BEGINNING + 49 * ONE_DAY)
                .extracting(Action::reason)
                .containsExactly(
                        "bought on 5 occasions, usually every 9.8 days (middle half 7.7–11.5);"
                                + " none since 2017-12-31, 13 days ago, longer than 90 % of those"
                                + " gaps by 1 day");
        assertThat(journey.actions)
                .filteredOn(a -> a.patternId().equals("win-back"))
                .extracting(Action::triggeredAt)
                .as("the global rule: silent 30 days after the last purchase")
                .containsExactly(BEGINNING + 66 * ONE_DAY);
    }

    @Test
    void aPurchaseBeforeTheOverdueMomentMovesItOn() {
        JourneyReplay journey = aliceBuysEveryFewDays("GLOBAL", BEGINNING + 47 * ONE_DAY);

        // Day 47, before day 49: gaps 6, 8, 10, 12, 11; the longest usual gap is now 12 days
        // again, overdue on day 47 + 13.
        assertThat(journey.actions)
                .filteredOn(a -> a.patternId().equals("overdue"))
                .extracting(Action::triggeredAt)
                .containsExactly(BEGINNING + 35 * ONE_DAY, BEGINNING + 60 * ONE_DAY);
    }

    @Test
    void aPersonalLifecycleLapsesByTheUsersOwnRhythmNeverLaterThanTheGlobalOne() {
        JourneyReplay journey = aliceBuysEveryFewDays("PERSONAL");

        // Silent after twice the 12-day gap (24 days), churned after six times (72 days); the
        // global 30 and 90 days would have waited longer.
        assertThat(lapses(journey))
                .containsExactly(
                        tuple("win-back", BEGINNING + 60 * ONE_DAY),
                        tuple("churned", BEGINNING + 108 * ONE_DAY));
    }

    @Test
    void aPersonalLifecycleKeepsTheGlobalRuleForAUserWithoutHistory() {
        Shopper bob = Shopper.named("bob");
        JourneyReplay journey =
                new JourneyReplay(Configs.parse(CONFIG.formatted("PERSONAL")), 5_000)
                        .send(
                                bob.buys("tea", "c7", 10).at(BEGINNING),
                                bob.buys("tea", "c7", 10).at(BEGINNING + 2 * ONE_DAY))
                        .endOfInput();

        assertThat(lapses(journey))
                .as("two occasions, fewer than minOccasions: 30 and 90 days")
                .containsExactly(
                        tuple("win-back", BEGINNING + 32 * ONE_DAY),
                        tuple("churned", BEGINNING + 92 * ONE_DAY));
    }

    @Test
    void aDailyShopperIsNotCalledSilentSoonerThanTheFloor() {
        Shopper carol = Shopper.named("carol");
        JourneyReplay journey =
                new JourneyReplay(Configs.parse(CONFIG.formatted("PERSONAL")), 5_000);
        for (int day = 0; day < 5; day++) {
            journey.send(carol.buys("milk", "c1", 3).at(BEGINNING + day * ONE_DAY));
        }
        journey.endOfInput();

        // Twice a 1-day gap is 2 days; minSilentAfter (7 days) is the floor, churned at twice it.
        assertThat(lapses(journey))
                .containsExactly(
                        tuple("win-back", BEGINNING + 11 * ONE_DAY),
                        tuple("churned", BEGINNING + 18 * ONE_DAY));
    }
}
