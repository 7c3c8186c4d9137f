package dev.nudge.job;

import static dev.nudge.job.FlowIT.at;
import static dev.nudge.job.FlowIT.distinct;
import static dev.nudge.job.FlowIT.is;
import static dev.nudge.job.FlowIT.opened;
import static dev.nudge.job.FlowIT.tick;
import static dev.nudge.job.FlowIT.time;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nudge.config.PatternsConfig;
import dev.nudge.connect.KafkaConnectors;
import dev.nudge.event.UserEvent;
import dev.nudge.journey.JourneyReplay;
import dev.nudge.policy.Action;
import dev.nudge.policy.Ids;
import dev.nudge.testing.Broker;
import dev.nudge.testing.Configs;
import dev.nudge.testing.FlinkCluster;
import dev.nudge.testing.Shopper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upgrade while users are in the middle of the shipped cart-rescue flow: stop with a savepoint,
 * start the job from it with the flow's last wait shortened (3 days to 2), on RocksDB between a
 * real broker's topics read with {@code read_committed}. Every user goes on from their place: the
 * one who opened the push gets the coupon two days after opening, the one still waiting for the
 * push to be opened gets the email and then the new, shorter wait, the one already in that wait
 * keeps the deadline set when they reached it, and the one who buys gets nothing more. Each of the
 * remaining messages is committed once.
 */
class FlowSavepointIT {
    private static final Logger LOG = LoggerFactory.getLogger(FlowSavepointIT.class);

    private static Broker broker;

    private final Shopper ann = Shopper.named("ann");
    private final Shopper ben = Shopper.named("ben");
    private final Shopper cat = Shopper.named("cat");
    private final Shopper dan = Shopper.named("dan");
    private final List<String> shoppers = List.of("ann", "ben", "cat", "dan");

    @BeforeAll
    static void startKafka() throws Exception {
        // One partition and no idleness within the test, as in FlowIT.
        broker = Broker.start("nudge-flow-savepoint-it", "{maxOutOfOrderness: 1s, idleness: 10m}");
    }

    @AfterAll
    static void stopKafka() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void anUpgradeThroughASavepointKeepsEveryUsersPlaceInTheFlow(@TempDir Path savepoints)
            throws Exception {
        long began = System.nanoTime();
        String shipped = Files.readString(Path.of("..", "config", "patterns.yaml"));
        PatternsConfig config = Configs.parse(shipped);
        String upgraded = upgraded(shipped, config.version());
        String upgradedVersion = Configs.parse(upgraded).version();
        for (String user : shoppers) {
            assertThat(
                            Ids.inHoldout(
                                    user,
                                    config.policy().holdoutSalt(),
                                    config.policy().holdoutPercent()))
                    .as("%s is sent the flow's messages, not held out", user)
                    .isFalse();
        }

        // Ann, ben and cat leave their carts on the first morning, dan on the second; ben opens
        // his push. Ann's and cat's emails go on the second day, while dan still has a day to
        // open his push.
        List<UserEvent> before = new ArrayList<>();
        for (Shopper shopper : List.of(ann, ben, cat)) {
            before.add(shopper.addsToCart("kettle").at(at(1, "10:00")));
        }
        before.add(dan.addsToCart("kettle").at(at(2, "11:00")));
        before.add(opened(ben, pushOf("ben", config, before), at(1, "14:00")));
        before.add(tick(at(2, "18:00")));
        before.sort(Comparator.comparingLong(UserEvent::ts));
        List<Tuple> beforeTheSavepoint =
                List.of(
                        tuple("ann", "push", time(1, "12:00")),
                        tuple("ben", "push", time(1, "12:00")),
                        tuple("cat", "push", time(1, "12:00")),
                        tuple("ann", "email", time(2, "12:00")),
                        tuple("cat", "email", time(2, "12:00")),
                        tuple("dan", "push", time(2, "13:00")));
        List<Tuple> afterTheRestart =
                List.of(
                        // Waiting for his push to be opened at the savepoint: the email, then
                        // the upgrade's 2 days.
                        tuple("dan", "email", time(3, "13:00")),
                        tuple("dan", "coupon", time(5, "13:00")),
                        // Opened the push at 14:00 on the first day: two days from then.
                        tuple("ben", "coupon", time(3, "14:00")),
                        // In the 3-day wait since the second day: its deadline, set then, stays.
                        tuple("ann", "coupon", time(5, "12:00")));

        try (FlinkCluster flink = new FlinkCluster(1, 1, 1, "rocksdb")) {
            JobClient first = startJob(flink.environment(), shipped, broker.settings());
            broker.send(before.toArray(UserEvent[]::new));
            List<JsonNode> committedBefore =
                    broker.awaitWhileTimeGoesOn(
                            broker.settings().topics().actions(),
                            "the messages of the first two days",
                            at(2, "18:00"),
                            FlowIT::tick,
                            List.of(is("ann", "email"), is("cat", "email"), is("dan", "push")));
            String savepoint =
                    first.stopWithSavepoint(
                                    false,
                                    savepoints.toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get();
            assertThat(committedBefore)
                    .as("messages committed before the savepoint")
                    .extracting(FlowIT::userStepTime)
                    .containsExactlyInAnyOrderElementsOf(beforeTheSavepoint);

            JobClient second =
                    startJob(
                            flink.environmentRestoringFrom(savepoint),
                            upgraded,
                            broker.fromLatestOffsets());
            // Cat buys while she waits for her coupon.
            broker.send(cat.buys("kettle").at(at(4, "10:00")), tick(at(8, "10:00")));
            broker.awaitWhileTimeGoesOn(
                    broker.settings().topics().actions(),
                    "the rest of the flow",
                    at(8, "10:00"),
                    FlowIT::tick,
                    List.of(is("ann", "coupon"), is("dan", "coupon"), is("ben", "coupon")));
            int expected = beforeTheSavepoint.size() + afterTheRestart.size();
            List<JsonNode> actions =
                    broker.committed(broker.settings().topics().actions(), expected).stream()
                            .filter(a -> shoppers.contains(a.get("userId").asText()))
                            .toList();
            List<JsonNode> decisions =
                    broker.committed(broker.settings().topics().decisions(), expected + 4).stream()
                            .filter(d -> shoppers.contains(d.get("userId").asText()))
                            .toList();
            var graph = flink.miniCluster().getExecutionGraph(second.getJobID()).get();
            second.cancel().get();

            List<JsonNode> after = actions.subList(committedBefore.size(), actions.size());
            int duplicates = actions.size() - distinct(actions, "actionId");
            LOG.info(
                    "Flow upgrade: {} messages before the savepoint, {} after the restart, {}"
                            + " duplicates, {} s",
                    committedBefore.size(),
                    after.size(),
                    duplicates,
                    (System.nanoTime() - began) / 1_000_000_000);
            assertThat(actions.subList(0, committedBefore.size()))
                    .as("the messages from before the savepoint, still there, first")
                    .extracting(a -> a.get("actionId").asText())
                    .containsExactlyElementsOf(
                            committedBefore.stream().map(a -> a.get("actionId").asText()).toList());
            assertThat(after)
                    .as("the rest of each user's flow, after the restart")
                    .extracting(FlowIT::userStepTime)
                    .containsExactlyInAnyOrderElementsOf(afterTheRestart);
            assertThat(after)
                    .as("decided under the upgraded configuration")
                    .extracting(a -> a.get("configVersion").asText())
                    .containsOnly(upgradedVersion);
            assertThat(duplicates).as("messages committed twice by actionId").isZero();
            assertThat(decisions)
                    .as("one decision per cart and per message, each once, none suppressed")
                    .extracting(
                            d -> d.get("userId").asText(),
                            d -> d.path("step").asText("-"),
                            d -> d.get("outcome").asText())
                    .containsExactlyInAnyOrder(
                            tuple("ann", "-", "ENTERED_FLOW"),
                            tuple("ben", "-", "ENTERED_FLOW"),
                            tuple("cat", "-", "ENTERED_FLOW"),
                            tuple("dan", "-", "ENTERED_FLOW"),
                            tuple("ann", "push", "SENT"),
                            tuple("ben", "push", "SENT"),
                            tuple("cat", "push", "SENT"),
                            tuple("dan", "push", "SENT"),
                            tuple("ann", "email", "SENT"),
                            tuple("cat", "email", "SENT"),
                            tuple("dan", "email", "SENT"),
                            tuple("ben", "coupon", "SENT"),
                            tuple("ann", "coupon", "SENT"),
                            tuple("dan", "coupon", "SENT"));
            assertThat(distinct(decisions, "decisionId")).isEqualTo(decisions.size());
            assertThat(graph.getFailureInfo())
                    .as("the restore did not fail, nor the job after it")
                    .isNull();
        }
    }

    /** The shipped configuration, newer, with the flow's wait after the email 2 days, not 3. */
    private static String upgraded(String shipped, String version) {
        String waitEmail = "      - name: wait-email\n        wait: {for: 3d}\n";
        assertThat(shipped).contains("version: \"" + version + "\"", waitEmail);
        return shipped.replace("version: \"" + version + "\"", "version: \"" + version + ".1\"")
                .replace(waitEmail, waitEmail.replace("3d", "2d"));
    }

    /** The id of the push the engine sends {@code user} for these events. */
    private static String pushOf(String user, PatternsConfig config, List<UserEvent> events) {
        JourneyReplay replay = new JourneyReplay(config, 1000);
        events.forEach(replay::send);
        return replay.endOfInput().actions.stream()
                .filter(a -> a.userId().equals(user) && "push".equals(a.step()))
                .map(Action::actionId)
                .findFirst()
                .orElseThrow();
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
}
