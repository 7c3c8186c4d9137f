package dev.nudge.job;

import static dev.nudge.testing.Shopper.BEGINNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nudge.connect.KafkaConnectors;
import dev.nudge.event.UserEvent;
import dev.nudge.testing.Broker;
import dev.nudge.testing.FlinkCluster;
import dev.nudge.testing.Shopper;
import dev.nudge.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraphHasherV2;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upgrade as SPEC §6 describes it: stop with savepoint, change the patterns, start from the
 * savepoint. The real job on a MiniCluster with RocksDB, between a real broker's topics, read with
 * {@code read_committed}. The new configuration keeps one pattern as it was, gives another a longer
 * window, removes a SEQUENCE pattern (whose Flink CEP operator then has state in the savepoint and
 * no place in the new job) and adds a pattern.
 *
 * <p>Profiles carry on; the episodes open at the savepoint fire once, after the restart, the
 * changed one at its first view plus the new window; the removed pattern's open sequence is dropped
 * with its operator and nothing of it comes after; the added pattern counts from the restart on;
 * and the action topic holds every expected action once, none lost, none twice.
 */
class SavepointUpgradeIT {
    private static final Logger LOG = LoggerFactory.getLogger(SavepointUpgradeIT.class);

    /**
     * What nothing in this test is about is switched off: quiet hours (start = end), arbitration,
     * holdout; no frequency caps are configured.
     */
    private static final String COMMON =
            """
            timezone: Asia/Shanghai
            lifecycle: {silentAfter: 30d, churnedAfter: 90d}
            policy:
              quietHours: {start: "00:00", end: "00:00"}
              arbitrationWindow: 0s
              holdoutPercent: 0
            """;

    private static final String V1 =
            "version: \"upgrade-1\"\n"
                    + COMMON
                    + """
                    patterns:
                      - id: cart
                        type: CART_ABANDONMENT
                        params: {window: 2h}
                        action: {channels: [PUSH], template: cart_v1}
                      - id: browse
                        type: BROWSE_WITHOUT_BUY
                        params: {minViews: 2, window: 30m}
                        action: {channels: [PUSH], template: browse_v1}
                      - id: search-help
                        type: SEQUENCE
                        params:
                          within: 30m
                          steps:
                            - {name: searched, type: SEARCH, times: 2}
                            - {name: no-cart, type: ADD_TO_CART, after: notFollowedBy}
                        action: {channels: [PUSH], template: search_help_v1}
                    """;

    /** V1 with browse's window doubled, search-help gone and vip added. */
    private static final String V2 =
            "version: \"upgrade-2\"\n"
                    + COMMON
                    + """
                    patterns:
                      - id: cart
                        type: CART_ABANDONMENT
                        params: {window: 2h}
                        action: {channels: [PUSH], template: cart_v1}
                      - id: browse
                        type: BROWSE_WITHOUT_BUY
                        params: {minViews: 2, window: 1h}
                        action: {channels: [PUSH], template: browse_v1}
                      - id: vip
                        type: HIGH_VALUE
                        params: {spend: 100, window: 30d}
                        action: {channels: [EMAIL], template: vip_v1}
                    """;

    private static Broker broker;
    private static JobSettings settings;

    private final Shopper ann = Shopper.named("ann");
    private final Shopper ben = Shopper.named("ben");
    private final Shopper cleo = Shopper.named("cleo");
    private final Shopper dan = Shopper.named("dan");
    private final Shopper eve = Shopper.named("eve");
    private final Shopper fay = Shopper.named("fay");
    private final Shopper gil = Shopper.named("gil");
    private final Shopper hana = Shopper.named("hana");

    @BeforeAll
    static void startKafka() throws Exception {
        broker = Broker.start("nudge-upgrade-it", "{maxOutOfOrderness: 5s, idleness: 5m}");
        settings = broker.settings();
    }

    @AfterAll
    static void stopKafka() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void anUpgradeThroughASavepointKeepsProfilesAndOpenEpisodesAndDropsARemovedPattern(
            @TempDir Path savepoints) throws Exception {
        try (FlinkCluster flink = new FlinkCluster(1, 1, 1, "rocksdb")) {
            JobClient first = startJob(flink.environment(), V1, settings);
            broker.send(
                    ann.buys("tea").at(at("10:00")),
                    ann.addsToCart("kettle").at(at("10:08")),
                    cleo.searches().at(at("10:10")),
                    cleo.searches().at(at("10:12")),
                    hana.buys("scarf", "c1", 80).at(at("11:00")),
                    dan.addsToCart("lamp").at(at("11:30")),
                    ben.views("shirt").at(at("11:50")),
                    ben.views("tie").at(at("11:52")),
                    eve.views("vase").at(at("12:00")),
                    eve.views("bowl").at(at("12:05")),
                    tick(at("12:10")));
            // Ann's cart, due at 12:08, goes only once the tick has moved time to 12:09:55: from
            // then on the journeys have every event above. Eve's views wait in her journey,
            // unprocessed: an event the watermark has passed may wait up to the shortest window
            // (browse's 30m) for the user's next event.
            awaitActions(
                    a -> is(a, "cleo", "search-help", "10:40"), a -> is(a, "ann", "cart", "12:08"));
            broker.send(
                    // Eve's next event wakes her journey: her two views open a browse episode.
                    eve.favorites("vase").at(at("12:15")),
                    fay.searches().at(at("12:16")),
                    fay.searches().at(at("12:17")),
                    tick(at("12:25")));
            // Ben's browse, due at 12:20, shows time at 12:24:55: dan's cart (since 11:30, due
            // 13:30), eve's browse (since 12:00, due 12:30 in V1) and fay's two searches (a
            // search-help match due 12:46) are all open when the savepoint is taken.
            awaitActions(a -> is(a, "ben", "browse", "12:20"));
            awaitProfiles(p -> isUser(p, "ann") && purchases(p) == 1);
            String savepoint =
                    first.stopWithSavepoint(
                                    false,
                                    savepoints.toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get();
            assertThat(Files.list(savepoints)).as("a savepoint was written").isNotEmpty();
            List<JsonNode> before = broker.committed(settings.topics().actions(), 3);

            // The removed pattern's CEP operator left state in the savepoint that the new job has
            // no operator for: Flink refuses the restore unless told to drop that state.
            String removedOperator =
                    new OperatorID(
                                    StreamGraphHasherV2.generateUserSpecifiedHash(
                                            Descriptors.Uids.pattern("search-help")))
                            .toString();
            assertThatThrownBy(
                            () ->
                                    startJob(
                                                    flink.environmentRestoringFrom(
                                                            savepoint, false),
                                                    V2,
                                                    broker.fromLatestOffsets())
                                            .getJobExecutionResult()
                                            .get(30, TimeUnit.SECONDS))
                    .as("a restore that keeps every state refuses to drop search-help's")
                    .hasStackTraceContaining(
                            "Cannot map checkpoint/savepoint state for operator "
                                    + removedOperator);

            // From the latest offsets: the history is in the savepoint, or nowhere.
            JobClient second =
                    startJob(
                            flink.environmentRestoringFrom(savepoint, true),
                            V2,
                            broker.fromLatestOffsets());
            broker.send(
                    gil.buys("coat", "c2", 120).at(at("12:40")),
                    hana.buys("scarf", "c1", 80).at(at("12:50")),
                    ann.buys("tea").at(at("13:00")),
                    tick(at("15:00")));
            List<JsonNode> profiles =
                    awaitProfiles(
                            p -> isUser(p, "ann") && purchases(p) == 2,
                            p -> isUser(p, "hana") && purchases(p) == 2);
            List<JsonNode> actions = broker.committed(settings.topics().actions(), 6);
            List<JsonNode> decisions = broker.committed(settings.topics().decisions(), 6);
            var failure =
                    flink.miniCluster().getExecutionGraph(second.getJobID()).get().getFailureInfo();
            second.cancel().get();

            List<Tuple> expectedBefore =
                    List.of(
                            tuple("cleo", "search-help"),
                            tuple("ann", "cart"),
                            tuple("ben", "browse"));
            List<Tuple> expectedAfter =
                    List.of(tuple("gil", "vip"), tuple("eve", "browse"), tuple("dan", "cart"));
            List<JsonNode> after =
                    actions.subList(Math.min(before.size(), actions.size()), actions.size());
            int duplicates = actions.size() - distinct(actions, "actionId");
            List<Tuple> lost = new ArrayList<>(expectedBefore);
            lost.addAll(expectedAfter);
            lost.removeAll(actions.stream().map(SavepointUpgradeIT::userAndPattern).toList());
            LOG.info(
                    "actions before the savepoint: {}, after the restart: {}, duplicates: {},"
                            + " lost: {} {}",
                    before.size(),
                    actions.size() - before.size(),
                    duplicates,
                    lost.size(),
                    lost);

            assertThat(before)
                    .as("actions committed before the savepoint")
                    .extracting(SavepointUpgradeIT::userAndPattern)
                    .containsExactlyInAnyOrderElementsOf(expectedBefore);
            assertThat(actions.subList(0, Math.min(before.size(), actions.size())))
                    .as("the actions from before the savepoint, still there after the restart")
                    .extracting(a -> a.get("actionId").asText())
                    .containsExactlyElementsOf(
                            before.stream().map(a -> a.get("actionId").asText()).toList());
            assertThat(after)
                    .as("actions committed after the restart")
                    .extracting(SavepointUpgradeIT::userAndPattern)
                    .containsExactlyInAnyOrderElementsOf(expectedAfter);
            assertThat(after)
                    .as("decided under the new configuration")
                    .extracting(a -> a.get("configVersion").asText())
                    .containsOnly("upgrade-2");
            String counts =
                    "before the savepoint "
                            + before.size()
                            + ", after the restart "
                            + after.size()
                            + ", duplicates "
                            + duplicates
                            + ", lost "
                            + lost.size();
            assertThat(duplicates).as("actions committed twice by actionId (%s)", counts).isZero();
            assertThat(lost).as("actions lost (%s)", counts).isEmpty();
            assertThat(decisions)
                    .as("one decision per action, each committed once, nothing suppressed")
                    .extracting(
                            d -> d.get("userId").asText(),
                            d -> d.get("patternId").asText(),
                            d -> d.get("outcome").asText())
                    .containsExactlyInAnyOrder(
                            tuple("cleo", "search-help", "SENT"),
                            tuple("ann", "cart", "SENT"),
                            tuple("ben", "browse", "SENT"),
                            tuple("gil", "vip", "SENT"),
                            tuple("eve", "browse", "SENT"),
                            tuple("dan", "cart", "SENT"));
            assertThat(distinct(decisions, "decisionId")).isEqualTo(decisions.size());
            assertThat(failure)
                    .as(
                            "the restore did not fail, nor the job after it: %s",
                            failure == null ? "" : failure.getExceptionAsString())
                    .isNull();

            assertThat(action(actions, "dan", "cart").get("triggeredAt").asText())
                    .as("dan's cart, open since 11:30, due after the restart at 13:30, once")
                    .isEqualTo(time("13:30"));
            JsonNode evesBrowse = action(actions, "eve", "browse");
            assertThat(evesBrowse.get("triggeredAt").asText())
                    .as(
                            "eve's browse episode (first view 12:00) kept its state and ended at"
                                    + " the new window, 1h, not the old 30m: %s",
                            evesBrowse.get("reason").asText())
                    .isEqualTo(time("13:00"));
            assertThat(evesBrowse.get("reason").asText())
                    .endsWith("did not add to cart or buy within 1 h");
            assertThat(evesBrowse.get("evidence"))
                    .extracting(JsonNode::asText)
                    .as("both views from before the savepoint")
                    .containsExactly(
                            "eve-view-" + (at("12:00") - BEGINNING),
                            "eve-view-" + (at("12:05") - BEGINNING));

            assertThat(decisions)
                    .as(
                            "nothing of search-help after the restart: fay's open sequence went"
                                    + " with its operator")
                    .filteredOn(d -> d.get("configVersion").asText().equals("upgrade-2"))
                    .extracting(d -> d.get("patternId").asText())
                    .doesNotContain("search-help");
            assertThat(decisions)
                    .extracting(d -> d.get("userId").asText())
                    .as("fay: no match, no decision")
                    .doesNotContain("fay");

            assertThat(action(actions, "gil", "vip").get("triggeredAt").asText())
                    .as("the added pattern fires for gil's purchase after the restart")
                    .isEqualTo(time("12:40"));
            assertThat(decisions)
                    .filteredOn(d -> d.get("userId").asText().equals("hana"))
                    .as(
                            "the added pattern counts from the restart: hana's 80 before it and 80"
                                    + " after are not 100 within its window")
                    .isEmpty();

            assertThat(purchasesOf(profiles, "ann"))
                    .as("ann's purchases, one before the savepoint and one after")
                    .containsSubsequence(1, 2)
                    .doesNotContain(3);
            assertThat(stagesOf(profiles, "ann")).containsSubsequence("NEW", "ACTIVE");
            assertThat(purchasesOf(profiles, "hana")).containsSubsequence(1, 2).doesNotContain(3);
        }
    }

    private static JobClient startJob(
            StreamExecutionEnvironment env, String patterns, JobSettings settings)
            throws Exception {
        return new NudgeJob(
                        settings,
                        patterns,
                        KafkaConnectors.source(settings),
                        KafkaConnectors.outputs(settings))
                .start(env);
    }

    /** 2017-11-25 at {@code clock} in Shanghai (BEGINNING is 10:00 there). */
    private static long at(String clock) {
        return BEGINNING + Duration.between(LocalTime.of(10, 0), LocalTime.parse(clock)).toMillis();
    }

    private static String time(String clock) {
        return Json.time(at(clock));
    }

    /** A favorite by a user of its own, later than everything before, to move the watermark. */
    private static UserEvent tick(long at) {
        return Shopper.named("clock").favorites("clock").at(at);
    }

    @SafeVarargs
    private static List<JsonNode> awaitActions(Predicate<JsonNode>... wanted) {
        return broker.await(settings.topics().actions(), "actions", wanted);
    }

    @SafeVarargs
    private static List<JsonNode> awaitProfiles(Predicate<JsonNode>... wanted) {
        return broker.await(settings.topics().profiles(), "profile snapshots", wanted);
    }

    private static boolean is(JsonNode action, String userId, String patternId, String clock) {
        return action.get("userId").asText().equals(userId)
                && action.get("patternId").asText().equals(patternId)
                && action.get("triggeredAt").asText().equals(time(clock));
    }

    private static Tuple userAndPattern(JsonNode action) {
        return tuple(action.get("userId").asText(), action.get("patternId").asText());
    }

    private static JsonNode action(List<JsonNode> actions, String userId, String patternId) {
        List<JsonNode> found =
                actions.stream()
                        .filter(a -> userAndPattern(a).equals(tuple(userId, patternId)))
                        .toList();
        assertThat(found).as("%s's %s actions", userId, patternId).hasSize(1);
        return found.get(0);
    }

    private static int distinct(List<JsonNode> values, String idField) {
        Set<String> ids = new HashSet<>();
        values.forEach(v -> ids.add(v.get(idField).asText()));
        return ids.size();
    }

    private static boolean isUser(JsonNode profile, String userId) {
        return profile.get("userId").asText().equals(userId);
    }

    private static int purchases(JsonNode profile) {
        return profile.get("counts").get("purchases").asInt();
    }

    private static List<Integer> purchasesOf(List<JsonNode> profiles, String userId) {
        return profiles.stream()
                .filter(p -> isUser(p, userId))
                .map(SavepointUpgradeIT::purchases)
                .toList();
    }

    private static List<String> stagesOf(List<JsonNode> profiles, String userId) {
        return profiles.stream()
                .filter(p -> isUser(p, userId))
                .map(p -> p.get("stage").asText())
                .toList();
    }
}
