package dev.nudge.journey;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_DAY;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.policy.Decision;
import dev.nudge.policy.SuppressionReason;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import org.junit.jupiter.api.Test;

/** A pattern whose audience is an outside tag: TAG events let users in, erasure takes it away. */
class OutsideTagsJourneyTest {
    private static final long BOUND = 5_000;
    private static final String PATTERNS =
            """
            version: "test-1"
            timezone: UTC
            policy: {quietHours: {start: "00:00", end: "00:00"}, arbitrationWindow: 0s}
            tags: {churn-risk: {values: [high, low]}}
            segments:
              leaving: {tag: {name: churn-risk, values: [high]}}
            patterns:
              - id: browse
                type: BROWSE_WITHOUT_BUY
                params: {minViews: 2, window: 30m}
                audience: {segments: [leaving]}
                action: {channels: [PUSH], template: t, cooldown: 0s}
            """;

    private final Shopper alice = Shopper.named("alice");
    private int tags;

    private UserEvent tag(String value, long at) {
        return UserEvent.builder("tag-" + tags++, "alice", EventType.TAG, at)
                .tag("churn-risk", value, null)
                .build();
    }

    @Test
    void aTagSetFromOutsideLetsTheUserInAndAnErasureTakesItAway() {
        JourneyReplay journey =
                new JourneyReplay(Configs.parse(PATTERNS), BOUND)
                        .send(
                                alice.views("a").at(BEGINNING),
                                alice.views("b").at(BEGINNING + 60_000),
                                tag("high", BEGINNING + ONE_HOUR),
                                alice.views("c").at(BEGINNING + 2 * ONE_HOUR),
                                alice.views("d").at(BEGINNING + 2 * ONE_HOUR + 60_000),
                                alice.erases(BEGINNING + ONE_DAY),
                                alice.views("e").at(BEGINNING + 2 * ONE_DAY),
                                alice.views("f").at(BEGINNING + 2 * ONE_DAY + 60_000))
                        .advanceWatermark(BEGINNING + 3 * ONE_DAY);

        assertThat(journey.decisions)
                .extracting(Decision::suppressedBy)
                .containsExactly(
                        SuppressionReason.NOT_IN_AUDIENCE, null, SuppressionReason.NOT_IN_AUDIENCE);
    }
}
