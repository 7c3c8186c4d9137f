package dev.nudge.journey;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static dev.nudge.testing.Shopper.THIRTY_MINUTES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.PatternsConfig;
import dev.nudge.policy.Decision;
import dev.nudge.policy.Outcome;
import dev.nudge.policy.SuppressionReason;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * When the journey wakes a user on its own (the timer): once per output that is due, not once per
 * deadline. A detector's match is decided one arbitration window after its deadline, so the
 * deadline and the decision share one wake-up; a deadline that cannot match wakes nobody.
 */
class JourneyWakeUpsTest {
    private static final long BOUND = Duration.ofSeconds(5).toMillis();
    private static final long T = BEGINNING;
    private final Shopper alice = Shopper.named("alice");

    /** Two views within 30 minutes, decided after a one-minute arbitration window. */
    private static final PatternsConfig BROWSE_WITH_ARBITRATION =
            Configs.parse(
                    """
                    version: "w1"
                    timezone: UTC
                    policy:
                      quietHours: {start: "00:00", end: "00:00"}
                      arbitrationWindow: 1m
                      holdoutPercent: 0
                    patterns:
                      - id: browse
                        type: BROWSE_WITHOUT_BUY
                        params: {minViews: 2, window: 30m}
                        action: {channels: [PUSH], template: browse_v1, cooldown: 24h}
                    """);

    @Test
    void aMatchAtADeadlineIsFoundAndDecidedInOneWakeUpOneArbitrationWindowLater() {
        JourneyReplay journey =
                new JourneyReplay(BROWSE_WITH_ARBITRATION, BOUND)
                        .send(alice.views("a").at(T), alice.views("b").at(T + ONE_MINUTE));

        journey.advanceWatermark(T + THIRTY_MINUTES + ONE_MINUTE - 1);
        assertThat(journey.decisions).isEmpty();
        assertThat(journey.timerWakeUps()).as("not woken at the deadline itself").isZero();

        journey.advanceWatermark(T + THIRTY_MINUTES + ONE_MINUTE);
        assertThat(journey.decisions)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.outcome()).isEqualTo(Outcome.SENT);
                            assertThat(d.triggeredAt()).isEqualTo(T + THIRTY_MINUTES);
                        });
        assertThat(journey.timerWakeUps()).isEqualTo(1);
    }

    @Test
    void anEpisodeThatCannotMatchWakesNobodyYetEndsAtItsOwnTime() {
        JourneyReplay journey =
                new JourneyReplay(BROWSE_WITH_ARBITRATION, BOUND).send(alice.views("a").at(T));
        journey.advanceWatermark(T + ONE_MINUTE); // other shoppers' events move time on
        journey.send(alice.searches().at(T + 5 * ONE_MINUTE)); // processes the view: 1 of 2

        journey.advanceWatermark(T + THIRTY_MINUTES + ONE_MINUTE - 1);
        assertThat(journey.timerWakeUps()).as("the episode's end woke nobody").isZero();

        journey.send(
                alice.views("c").at(T + 40 * ONE_MINUTE), alice.views("d").at(T + 41 * ONE_MINUTE));
        journey.endOfInput();
        assertThat(journey.decisions)
                .as("the first episode ended at T + 30 min, before c opened the next one")
                .singleElement()
                .extracting(Decision::triggeredAt)
                .isEqualTo(T + 70 * ONE_MINUTE);
    }

    @Test
    void aWaitingViewWakesTheEpisodeItMayCompleteOnTime() {
        JourneyReplay journey =
                new JourneyReplay(BROWSE_WITH_ARBITRATION, BOUND).send(alice.views("a").at(T));
        journey.advanceWatermark(T + ONE_MINUTE);
        journey.send(alice.views("b").at(T + 10 * ONE_MINUTE)); // a processed, b waits

        journey.advanceWatermark(T + THIRTY_MINUTES + ONE_MINUTE - 1);
        assertThat(journey.decisions).isEmpty();
        journey.advanceWatermark(T + THIRTY_MINUTES + ONE_MINUTE);
        assertThat(journey.decisions)
                .as("not at b's own release, ten minutes later")
                .singleElement()
                .satisfies(d -> assertThat(d.evidence()).hasSize(2));
    }

    @Test
    void aMatchStoppedBeforeTheArbitrationIsReportedWhenItsWindowWouldHaveClosed() {
        JourneyReplay journey =
                new JourneyReplay(BROWSE_WITH_ARBITRATION, BOUND)
                        .send(
                                alice.views("a").at(T),
                                alice.views("b").at(T + ONE_MINUTE),
                                alice.views("c").at(T + 40 * ONE_MINUTE),
                                alice.views("d").at(T + 41 * ONE_MINUTE));

        journey.advanceWatermark(T + 71 * ONE_MINUTE - 1);
        assertThat(journey.decisions).extracting(Decision::outcome).containsExactly(Outcome.SENT);
        journey.advanceWatermark(T + 71 * ONE_MINUTE);
        assertThat(journey.decisions)
                .last()
                .satisfies(
                        d -> {
                            assertThat(d.suppressedBy()).isEqualTo(SuppressionReason.COOLDOWN);
                            assertThat(d.triggeredAt()).isEqualTo(T + 70 * ONE_MINUTE);
                        });
    }
}
