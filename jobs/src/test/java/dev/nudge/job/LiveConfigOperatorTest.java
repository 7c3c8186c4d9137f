package dev.nudge.job;

import static dev.nudge.job.JourneyHarness.values;
import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static dev.nudge.testing.Shopper.THIRTY_MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.nudge.control.ConfigUpdate;
import dev.nudge.journey.JourneySettings;
import dev.nudge.policy.Action;
import dev.nudge.policy.Decision;
import dev.nudge.policy.Outcome;
import dev.nudge.policy.SuppressionReason;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import java.time.Duration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The journey operator with configurations applied live (SPEC §6), on heap and RocksDB state: the
 * kill switch reaches actions already held, and a restore carries on with the last version applied,
 * not with the file the job was started with.
 */
class LiveConfigOperatorTest {
    private static final JourneySettings SETTINGS =
            JourneySettings.defaults().withReleaseDelay(Duration.ZERO);

    /** 02:00 UTC, inside quiet hours: a match now is held until 08:00. */
    private static final long NIGHT = BEGINNING;

    private static final long MORNING = BEGINNING + 6 * ONE_HOUR;

    private final Shopper alice = Shopper.named("alice");
    private final Shopper bob = Shopper.named("bob");

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void theKillSwitchSuppressesTheNextMatchAndTheActionsAlreadyHeld(String backend)
            throws Exception {
        try (var harness =
                JourneyHarness.open(patterns("v1", true, "browse_v1"), SETTINGS, backend, null)) {
            harness.send(alice.views("lamp").at(NIGHT), alice.views("rug").at(NIGHT + ONE_MINUTE));
            harness.processWatermark(NIGHT + THIRTY_MINUTES + 1);
            assertThat(harness.extractOutputValues()).as("held until 08:00").isEmpty();

            harness.sendConfig(update(patterns("v2", false, "browse_v1")));
            harness.send(
                    bob.views("lamp").at(NIGHT + ONE_HOUR),
                    bob.views("rug").at(NIGHT + ONE_HOUR + ONE_MINUTE));
            harness.processWatermark(MORNING + 1);

            assertThat(values(harness.getSideOutput(Outputs.ACTIONS.tag()))).isEmpty();
            assertThat(harness.extractOutputValues())
                    .extracting(
                            Decision::userId,
                            Decision::outcome,
                            Decision::suppressedBy,
                            Decision::configVersion)
                    .containsExactlyInAnyOrder(
                            tuple("bob", Outcome.SUPPRESSED, SuppressionReason.DISABLED, "v2"),
                            tuple("alice", Outcome.SUPPRESSED, SuppressionReason.DISABLED, "v2"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void aRestoredJobCarriesOnWithTheVersionAppliedLiveNotWithItsFile(String backend)
            throws Exception {
        String file = patterns("v1", true, "browse_v1");
        OperatorSubtaskState snapshot;
        try (var before = JourneyHarness.open(file, SETTINGS, backend, null)) {
            before.sendConfig(update(patterns("v2", true, "browse_v2")));
            snapshot = before.snapshot(1, 1);
        }

        try (var after = JourneyHarness.open(file, SETTINGS, backend, snapshot)) {
            after.send(
                    alice.views("lamp").at(MORNING), alice.views("rug").at(MORNING + ONE_MINUTE));
            after.processWatermark(MORNING + THIRTY_MINUTES + 1);

            assertThat(values(after.getSideOutput(Outputs.ACTIONS.tag())))
                    .extracting(Action::template, Action::configVersion)
                    .containsExactly(tuple("browse_v2", "v2"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void aNewerFileAtTheRestoreIsAnUpgradeAndApplies(String backend) throws Exception {
        OperatorSubtaskState snapshot;
        try (var before =
                JourneyHarness.open(patterns("v1", true, "browse_v1"), SETTINGS, backend, null)) {
            before.sendConfig(update(patterns("v2", true, "browse_v2")));
            snapshot = before.snapshot(1, 1);
        }

        try (var after =
                JourneyHarness.open(
                        patterns("v3", true, "browse_v3"), SETTINGS, backend, snapshot)) {
            after.send(
                    alice.views("lamp").at(MORNING), alice.views("rug").at(MORNING + ONE_MINUTE));
            after.processWatermark(MORNING + THIRTY_MINUTES + 1);

            assertThat(values(after.getSideOutput(Outputs.ACTIONS.tag())))
                    .extracting(Action::template, Action::configVersion)
                    .containsExactly(tuple("browse_v3", "v3"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap"})
    void aRestoreWithAnOlderFileThatNeedsARestartFailsNamingTheFix(String backend)
            throws Exception {
        OperatorSubtaskState snapshot;
        try (var before =
                JourneyHarness.open(patterns("v1", true, "browse_v1"), SETTINGS, backend, null)) {
            before.sendConfig(update(patterns("v2", true, "browse_v2")));
            snapshot = before.snapshot(1, 1);
        }
        String olderWithAnotherWindow = Configs.switchableBrowse("v1", true, "browse_v1", "45m");

        assertThatThrownBy(
                        () ->
                                JourneyHarness.open(
                                        olderWithAnotherWindow, SETTINGS, backend, snapshot))
                .hasStackTraceContaining("newer than v2");
    }

    private static ConfigUpdate update(String document) {
        return new ConfigUpdate(
                dev.nudge.control.LiveConfiguration.read(document).version(),
                document,
                System.currentTimeMillis(),
                "maria");
    }

    private static String patterns(String version, boolean enabled, String template) {
        return Configs.switchableBrowse(version, enabled, template, "30m");
    }
}
