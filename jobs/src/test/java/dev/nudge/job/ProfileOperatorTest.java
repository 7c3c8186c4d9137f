package dev.nudge.job;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_DAY;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.journey.JourneySettings;
import dev.nudge.policy.Decision;
import dev.nudge.policy.SuppressionReason;
import dev.nudge.profile.ProfileUpdate;
import dev.nudge.testing.Shopper;
import dev.nudge.wire.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The profile in the journey operator, in event time, on heap and RocksDB state: lifecycle
 * transitions on the user's one timer, snapshots on {@code user-profiles}, erasure and restore.
 */
class ProfileOperatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATTERNS =
            """
            version: "harness-1"
            timezone: Asia/Shanghai
            policy: {quietHours: {start: "00:00", end: "00:00"}, arbitrationWindow: 0s}
            lifecycle: {silentAfter: 30d, churnedAfter: 90d}
            patterns:
              - id: browse
                type: BROWSE_WITHOUT_BUY
                params: {minViews: 2, window: 30m}
                action: {channels: [PUSH], template: browse_v1, cooldown: 0s}
            """;
    private static final JourneySettings SETTINGS =
            JourneySettings.defaults().withReleaseDelay(Duration.ZERO);

    private final Shopper alice = Shopper.named("alice");

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void lifecycleStagesMoveOnPurchasesAndOnTheUsersOneTimer(String backend) throws Exception {
        long repeat = BEGINNING + 2 * ONE_DAY;
        try (var harness = harness(backend, null)) {
            harness.send(alice.buys("tea").at(BEGINNING), alice.buys("tea").at(repeat));
            harness.processWatermark(repeat + ONE_HOUR);
            assertThat(stages(harness)).containsExactly("NEW", "ACTIVE");
            assertThat(harness.numEventTimeTimers()).isEqualTo(1);

            harness.processWatermark(repeat + 30 * ONE_DAY - 1);
            assertThat(stages(harness)).containsExactly("NEW", "ACTIVE");
            harness.processWatermark(repeat + 30 * ONE_DAY);
            assertThat(stages(harness)).containsExactly("NEW", "ACTIVE", "SILENT");
            assertThat(harness.numEventTimeTimers()).as("one timer per user").isEqualTo(1);

            harness.processWatermark(repeat + 90 * ONE_DAY);
            assertThat(stages(harness)).endsWith("CHURNED");

            harness.send(alice.buys("tea").at(repeat + 100 * ONE_DAY));
            harness.processWatermark(repeat + 100 * ONE_DAY + ONE_HOUR);
            List<JsonNode> snapshots = snapshots(harness);
            JsonNode last = snapshots.get(snapshots.size() - 1);
            assertThat(last.get("stage").asText()).isEqualTo("ACTIVE");
            assertThat(last.get("reactivatedAt").asText())
                    .isEqualTo(Json.time(repeat + 100 * ONE_DAY));
            assertThat(last.get("counts").get("occasions").asInt()).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void eraseClearsEveryStateAndTimerOfTheUserAndEmitsATombstone(String backend) throws Exception {
        try (var harness = harness(backend, null)) {
            harness.send(
                    alice.views("dress").at(BEGINNING),
                    alice.buys("dress").at(BEGINNING + ONE_HOUR));
            harness.processWatermark(BEGINNING + 2 * ONE_HOUR);
            assertThat(harness.stateEntries()).isEqualTo(1);
            assertThat(harness.numEventTimeTimers()).isEqualTo(1);

            harness.send(alice.erases(BEGINNING + 3 * ONE_HOUR));
            harness.processWatermark(BEGINNING + 3 * ONE_HOUR);

            if (backend.equals("heap")) {
                assertThat(harness.numKeyedStateEntries()).isZero();
            }
            assertThat(harness.stateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
            List<ProfileUpdate> updates = updates(harness);
            assertThat(updates.get(updates.size() - 1))
                    .satisfies(
                            u -> {
                                assertThat(u.userId()).isEqualTo("alice");
                                assertThat(u.isTombstone()).isTrue();
                            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void aSequenceMatchBuiltBeforeTheErasureIsSuppressedEvenAfterARestore(String backend)
            throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness(backend, null)) {
            harness.send(alice.views("dress").at(BEGINNING), alice.erases(BEGINNING + ONE_HOUR));
            harness.processWatermark(BEGINNING + ONE_HOUR);
            harness.sendMatch(alice.matched("browse", BEGINNING, BEGINNING + 2 * ONE_HOUR));

            assertThat(harness.extractOutputValues())
                    .extracting(Decision::suppressedBy)
                    .containsExactly(SuppressionReason.ERASED);
            assertThat(harness.stateEntries()).as("the marker is not keyed state").isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
            snapshot = harness.snapshot(1L, 1L);
        }
        try (var restored = harness(backend, snapshot)) {
            restored.sendMatch(alice.matched("browse", BEGINNING + 1, BEGINNING + 3 * ONE_HOUR));
            restored.sendMatch(
                    alice.matched("browse", BEGINNING + 2 * ONE_HOUR, BEGINNING + 3 * ONE_HOUR));
            restored.processWatermark(BEGINNING + 3 * ONE_HOUR);

            assertThat(restored.extractOutputValues())
                    .extracting(Decision::patternId, Decision::suppressedBy)
                    .containsExactly(
                            tuple("browse", SuppressionReason.ERASED), tuple("browse", null));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void theProfileSurvivesASnapshotAndRestore(String backend) throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = harness(backend, null)) {
            harness.send(
                    alice.buys("tea").at(BEGINNING), alice.buys("tea").at(BEGINNING + ONE_DAY));
            harness.processWatermark(BEGINNING + ONE_DAY + ONE_HOUR);
            snapshot = harness.snapshot(1L, 1L);
        }
        try (var restored = harness(backend, snapshot)) {
            assertThat(restored.numEventTimeTimers()).isEqualTo(1);
            restored.processWatermark(BEGINNING + 31 * ONE_DAY);
            JsonNode silent = snapshots(restored).get(0);
            assertThat(silent.get("stage").asText()).isEqualTo("SILENT");
            assertThat(silent.get("counts").get("purchases").asInt()).isEqualTo(2);
            assertThat(silent.get("monetary").get("total").asDouble()).isEqualTo(20.0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"heap", "rocksdb"})
    void whenABoundedInputEndsEachUserLeftWithAProfileHasItOnAnOutputOfItsOwn(String backend)
            throws Exception {
        Shopper bob = Shopper.named("bob");
        long stop = BEGINNING + 2 * ONE_DAY;
        JourneySettings clocked = SETTINGS.withClockLimit(stop);
        try (var harness = JourneyHarness.open(PATTERNS, clocked, backend, null)) {
            harness.send(
                    alice.buys("tea").at(BEGINNING),
                    bob.views("tea").at(BEGINNING),
                    alice.views("cup").at(BEGINNING + ONE_HOUR),
                    bob.erases(BEGINNING + ONE_DAY));
            harness.processWatermark(stop);
            assertThat(finalProfiles(harness)).as("not before the input ends").isEmpty();
            int published = updates(harness).size();

            harness.processWatermark(Long.MAX_VALUE);

            assertThat(finalProfiles(harness))
                    .as("bob was erased")
                    .singleElement()
                    .satisfies(
                            last -> {
                                assertThat(last.userId()).isEqualTo("alice");
                                assertThat(last.at()).isEqualTo(stop);
                                JsonNode profile = JSON.readTree(last.snapshot());
                                assertThat(profile.get("at").asText()).isEqualTo(Json.time(stop));
                                assertThat(profile.get("counts").get("views").asInt()).isEqualTo(1);
                                assertThat(profile.get("rfm").get("recencyDays").asDouble())
                                        .as("days since the purchase, at the clock's stop")
                                        .isEqualTo(2.0);
                            });
            assertThat(updates(harness))
                    .as("user-profiles gets nothing more at the end")
                    .hasSize(published);
        }
    }

    private static List<ProfileUpdate> finalProfiles(JourneyHarness harness) {
        var records = harness.getSideOutput(Outputs.FINAL_PROFILES.tag());
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    private static List<String> stages(JourneyHarness harness) throws IOException {
        List<String> stages = new ArrayList<>();
        for (JsonNode snapshot : snapshots(harness)) {
            stages.add(snapshot.get("stage").asText());
        }
        return stages;
    }

    private static List<JsonNode> snapshots(JourneyHarness harness) throws IOException {
        List<JsonNode> snapshots = new ArrayList<>();
        for (ProfileUpdate update : updates(harness)) {
            if (!update.isTombstone()) {
                snapshots.add(JSON.readTree(update.snapshot()));
            }
        }
        return snapshots;
    }

    private static List<ProfileUpdate> updates(JourneyHarness harness) {
        var records = harness.getSideOutput(Outputs.PROFILES.tag());
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    private static JourneyHarness harness(String backend, OperatorSubtaskState restoreFrom)
            throws Exception {
        return JourneyHarness.open(PATTERNS, SETTINGS, backend, restoreFrom);
    }
}
