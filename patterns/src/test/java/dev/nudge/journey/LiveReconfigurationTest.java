package dev.nudge.journey;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static dev.nudge.testing.Shopper.THIRTY_MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.nudge.config.PatternsConfig;
import dev.nudge.policy.Action;
import dev.nudge.policy.Decision;
import dev.nudge.policy.Outcome;
import dev.nudge.policy.SuppressionReason;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import org.junit.jupiter.api.Test;

/**
 * A configuration applied while users are being followed ({@link JourneyEngine#reconfigure}): the
 * kill switch, and the version every later decision carries.
 */
class LiveReconfigurationTest {
    private static final long BOUND = 5_000;

    /** 02:00 UTC: inside the quiet hours, so that a match now is held until 08:00. */
    private static final long NIGHT = BEGINNING;

    private static final long MORNING = BEGINNING + 6 * ONE_HOUR;

    private final Shopper alice = Shopper.named("alice");
    private final Shopper bob = Shopper.named("bob");
    private final Shopper carol = Shopper.named("carol");

    @Test
    void aPatternSwitchedOffLiveIsDecidedDisabledFromTheNextMatchHeldActionsIncluded() {
        JourneyReplay journeys =
                new JourneyReplay(config("v1", true, "browse_v1"), BOUND)
                        .send(
                                alice.views("lamp").at(NIGHT),
                                alice.views("rug").at(NIGHT + ONE_MINUTE))
                        .advanceWatermark(NIGHT + THIRTY_MINUTES + 1);
        assertThat(journeys.decisions).as("alice's action is held for the morning").isEmpty();

        journeys.reconfigure(config("v2", false, "browse_v1"))
                .send(
                        bob.views("lamp").at(NIGHT + ONE_HOUR),
                        bob.views("sofa").at(NIGHT + ONE_HOUR + ONE_MINUTE))
                .advanceWatermark(MORNING + 1);

        assertThat(journeys.actions).isEmpty();
        assertThat(journeys.decisions)
                .extracting(
                        Decision::userId,
                        Decision::outcome,
                        Decision::suppressedBy,
                        Decision::configVersion)
                .containsExactlyInAnyOrder(
                        tuple("bob", Outcome.SUPPRESSED, SuppressionReason.DISABLED, "v2"),
                        tuple("alice", Outcome.SUPPRESSED, SuppressionReason.DISABLED, "v2"));
    }

    @Test
    void switchedOnAgainThePatternActsAtOnceWithTheNewVersionAndTemplate() {
        JourneyReplay journeys =
                new JourneyReplay(config("v1", true, "browse_v1"), BOUND)
                        .reconfigure(config("v2", false, "browse_v1"))
                        .send(
                                bob.views("lamp").at(MORNING + ONE_HOUR),
                                bob.views("sofa").at(MORNING + ONE_HOUR + ONE_MINUTE))
                        .advanceWatermark(MORNING + 2 * ONE_HOUR)
                        .reconfigure(config("v3", true, "browse_v2"))
                        .send(
                                carol.views("lamp").at(MORNING + 3 * ONE_HOUR),
                                carol.views("sofa").at(MORNING + 3 * ONE_HOUR + ONE_MINUTE))
                        .endOfInput();

        assertThat(journeys.decisions)
                .extracting(Decision::userId, Decision::suppressedBy, Decision::configVersion)
                .containsExactly(
                        tuple("bob", SuppressionReason.DISABLED, "v2"), tuple("carol", null, "v3"));
        assertThat(journeys.decisions.get(1).outcome()).isEqualTo(Outcome.SENT);
        assertThat(journeys.actions)
                .extracting(Action::userId, Action::template, Action::configVersion)
                .containsExactly(tuple("carol", "browse_v2", "v3"));
    }

    private static PatternsConfig config(String version, boolean enabled, String template) {
        return Configs.parse(Configs.switchableBrowse(version, enabled, template, "30m"));
    }
}
