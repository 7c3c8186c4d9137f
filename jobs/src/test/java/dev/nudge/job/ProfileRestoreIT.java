package dev.nudge.job;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_DAY;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nudge.connect.KafkaConnectors;
import dev.nudge.event.Channel;
import dev.nudge.event.UserEvent;
import dev.nudge.testing.Broker;
import dev.nudge.testing.FlinkCluster;
import dev.nudge.testing.Shopper;
import dev.nudge.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profiles and held actions survive a stop with savepoint and a restart from it, on RocksDB, with
 * the real job between a real broker's topics: counts, stages, consent and the pending lifecycle
 * timer carry on where they were, no event is counted twice, and actions held for quiet hours
 * across the restart are released on time, or cancelled by a purchase made after it.
 */
class ProfileRestoreIT {
    private static final String PATTERNS =
            """
            version: "restore-1"
            timezone: Asia/Shanghai
            lifecycle: {silentAfter: 30d, churnedAfter: 90d}
            patterns:
              - id: browse
                type: BROWSE_WITHOUT_BUY
                params: {minViews: 2, window: 30m}
                action: {channels: [PUSH, EMAIL], template: browse_v1}
            """;

    private static Broker broker;
    private static JobSettings settings;

    private final Shopper alice = Shopper.named("alice");
    private final Shopper bob = Shopper.named("bob");
    private final Shopper carol = Shopper.named("carol");
    private final Shopper dave = Shopper.named("dave");

    /** 22:30 in Shanghai on the 12th evening: a browse match at 23:00, inside quiet hours. */
    private static final long EVENING = BEGINNING + 12 * ONE_DAY + 12 * ONE_HOUR + 30 * 60_000;

    /** 08:00 in Shanghai the next morning, when the held actions may go. */
    private static final long MORNING_AFTER = BEGINNING + 12 * ONE_DAY + 22 * ONE_HOUR;

    @BeforeAll
    static void startKafka() throws Exception {
        broker = Broker.start("nudge-restore-it", "{maxOutOfOrderness: 5s, idleness: 5m}");
        settings = broker.settings();
    }

    @AfterAll
    static void stopKafka() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void profilesCarryOnAfterAStopWithSavepointAndARestart(@TempDir Path savepoints)
            throws Exception {
        try (FlinkCluster flink = new FlinkCluster(1, 1, 1, "rocksdb")) {
            JobClient first = startJob(flink, settings, null);
            broker.send(
                    alice.buys("tea").at(BEGINNING),
                    bob.consents(Channel.SMS, true, BEGINNING + ONE_HOUR),
                    bob.views("dress").at(BEGINNING + 2 * ONE_HOUR),
                    bob.views("skirt").at(BEGINNING + 2 * ONE_HOUR + 60_000),
                    alice.buys("tea").at(BEGINNING + 10 * ONE_DAY),
                    carol.views("lamp").at(EVENING),
                    carol.views("rug").at(EVENING + 60_000),
                    dave.views("lamp").at(EVENING),
                    dave.views("sofa").at(EVENING + 60_000),
                    Shopper.named("night-owl").searches().at(EVENING + 3 * ONE_HOUR),
                    tick(MORNING_AFTER - 2 * ONE_HOUR));
            // The night owl's profile shows that time has passed carol's and dave's matches:
            // their actions are held for the morning when the savepoint is taken.
            awaitProfiles(
                    p -> isUser(p, "alice") && purchases(p) == 2,
                    p -> isUser(p, "bob") && consent(p, "SMS"),
                    p -> isUser(p, "night-owl"));
            String savepoint =
                    first.stopWithSavepoint(
                                    false,
                                    savepoints.toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get();
            assertThat(Files.list(savepoints)).as("a savepoint was written").isNotEmpty();

            // From the latest offsets: the history is in the savepoint, or nowhere.
            JobClient second = startJob(flink, broker.fromLatestOffsets(), savepoint);
            broker.send(
                    dave.buys("sofa").at(MORNING_AFTER - ONE_HOUR),
                    carol.buys("lamp").at(MORNING_AFTER + ONE_HOUR),
                    bob.consents(Channel.PUSH, false, BEGINNING + 45 * ONE_DAY),
                    alice.buys("tea").at(BEGINNING + 50 * ONE_DAY),
                    tick(BEGINNING + 60 * ONE_DAY));
            List<JsonNode> profiles =
                    awaitProfiles(
                            p -> isUser(p, "alice") && purchases(p) == 3,
                            p -> isUser(p, "bob") && !consent(p, "PUSH"));
            List<JsonNode> actions = broker.committed(settings.topics().actions(), 2);
            List<JsonNode> decisions = broker.committed(settings.topics().decisions(), 3);
            List<JsonNode> conversions = broker.committed(settings.topics().conversions(), 1);
            second.cancel().get();

            assertThat(actions)
                    .as(
                            "bob's browse action from before the savepoint and carol's held one"
                                    + " from after it, each committed once")
                    .extracting(a -> a.get("userId").asText(), a -> a.get("sendAt").asText())
                    .containsExactlyInAnyOrder(
                            tuple("bob", Json.time(BEGINNING + 2 * ONE_HOUR + 30 * 60_000)),
                            tuple("carol", Json.time(MORNING_AFTER)));
            assertThat(decisions)
                    .extracting(d -> d.get("userId").asText(), d -> d.get("outcome").asText())
                    .containsExactlyInAnyOrder(
                            tuple("bob", "SENT"),
                            tuple("carol", "SENT"),
                            tuple("dave", "SUPPRESSED"));
            assertThat(decisions)
                    .filteredOn(d -> d.get("userId").asText().equals("dave"))
                    .extracting(d -> d.get("suppressedBy").asText())
                    .as("dave bought before the morning: his held action was cancelled")
                    .containsExactly("CONVERTED_BEFORE_SEND");
            assertThat(conversions)
                    .extracting(
                            c -> c.get("userId").asText(),
                            c -> c.get("arm").asText(),
                            c -> c.get("latency").asText())
                    .as("carol's purchase an hour after her message")
                    .containsExactly(tuple("carol", "TREATMENT", "PT1H"));

            assertThat(stages(profiles, "alice"))
                    .as("NEW and ACTIVE before the savepoint; SILENT from the restored timer")
                    .containsSubsequence("NEW", "ACTIVE", "SILENT", "ACTIVE");
            JsonNode alicesLast = last(profiles, "alice");
            assertThat(alicesLast.get("counts").get("purchases").asInt())
                    .as("purchases before and after the restart, none counted twice")
                    .isEqualTo(3);
            assertThat(alicesLast.get("cycle").get("occasions").asInt()).isEqualTo(3);
            assertThat(alicesLast.get("cycle").has("predictedNextPurchase"))
                    .as("three occasions: a prediction, from a history split by the restart")
                    .isTrue();
            assertThat(alicesLast.has("reactivatedAt")).isTrue();
            JsonNode silent =
                    profiles.stream()
                            .filter(p -> isUser(p, "alice") && stage(p).equals("SILENT"))
                            .findFirst()
                            .orElseThrow();
            assertThat(silent.get("at").asText())
                    .as("the lifecycle timer restored from the savepoint fired on time")
                    .isEqualTo(Json.time(BEGINNING + 40 * ONE_DAY));
            assertThat(purchases(silent)).isEqualTo(2);
            JsonNode bobsLast = last(profiles, "bob");
            assertThat(consent(bobsLast, "SMS")).as("consent given before the restart").isTrue();
            assertThat(consent(bobsLast, "PUSH")).as("withdrawn after it").isFalse();
        }
    }

    private static JobClient startJob(FlinkCluster flink, JobSettings settings, String savepoint)
            throws Exception {
        return new NudgeJob(
                        settings,
                        PATTERNS,
                        KafkaConnectors.source(settings),
                        KafkaConnectors.outputs(settings))
                .start(
                        savepoint == null
                                ? flink.environment()
                                : flink.environmentRestoringFrom(savepoint));
    }

    /** A search by a user of its own, later than everything before, to move the watermark. */
    private static UserEvent tick(long at) {
        return Shopper.named("clock").searches().at(at);
    }

    /** Every committed profile snapshot so far, once there is one of each kind wanted. */
    @SafeVarargs
    private static List<JsonNode> awaitProfiles(Predicate<JsonNode>... wanted) {
        return broker.await(settings.topics().profiles(), "profile snapshots", wanted);
    }

    private static boolean isUser(JsonNode profile, String userId) {
        return profile.get("userId").asText().equals(userId);
    }

    private static int purchases(JsonNode profile) {
        return profile.get("counts").get("purchases").asInt();
    }

    private static String stage(JsonNode profile) {
        return profile.get("stage").asText();
    }

    private static boolean consent(JsonNode profile, String channel) {
        return profile.get("channels").get(channel).get("consent").asBoolean();
    }

    private static List<String> stages(List<JsonNode> profiles, String userId) {
        return profiles.stream()
                .filter(p -> isUser(p, userId))
                .map(ProfileRestoreIT::stage)
                .toList();
    }

    private static JsonNode last(List<JsonNode> profiles, String userId) {
        List<JsonNode> own = profiles.stream().filter(p -> isUser(p, userId)).toList();
        return own.get(own.size() - 1);
    }
}
