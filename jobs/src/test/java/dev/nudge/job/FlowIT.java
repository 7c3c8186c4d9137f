package dev.nudge.job;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_DAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nudge.config.PatternsConfig;
import dev.nudge.connect.KafkaConnectors;
import dev.nudge.event.Channel;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.journey.JourneyReplay;
import dev.nudge.policy.Action;
import dev.nudge.policy.Ids;
import dev.nudge.testing.Broker;
import dev.nudge.testing.Configs;
import dev.nudge.testing.FlinkCluster;
import dev.nudge.testing.Shopper;
import dev.nudge.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.flink.core.execution.JobClient;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipped cart-rescue flow end to end, on a real broker and the real job with exactly-once
 * output: five shoppers leave their carts and walk the flow over five days of event time, the only
 * TaskManager goes down while they wait between messages, and the {@code read_committed} topics
 * then hold exactly the flow's messages, each once: the email after an unopened push, the coupon
 * two days after an opened one or three days after the email, and nothing after a purchase.
 */
class FlowIT {
    private static final Logger LOG = LoggerFactory.getLogger(FlowIT.class);
    private static final String FLOW = "cart-rescue";

    private static Broker broker;

    private final Shopper ann = Shopper.named("ann");
    private final Shopper ben = Shopper.named("ben");
    private final Shopper cat = Shopper.named("cat");
    private final Shopper dan = Shopper.named("dan");
    private final Shopper fay = Shopper.named("fay");
    private final List<String> shoppers = List.of("ann", "ben", "cat", "dan", "fay");

    @BeforeAll
    static void startKafka() throws Exception {
        // One partition read by one instance, and no idleness within the test: on the Flink
        // release this job runs on, a split that went idle between two of the test's batches can
        // resume without moving the watermark again (docs/operations.md, Operations; StrategyIT).
        broker = Broker.start("nudge-flow-it", "{maxOutOfOrderness: 1s, idleness: 10m}");
    }

    @AfterAll
    static void stopKafka() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void theCartRescueSendsEachMessageOnceAcrossAFailureMidFlow() throws Exception {
        long began = System.nanoTime();
        String shipped = Files.readString(Path.of("..", "config", "patterns.yaml"));
        PatternsConfig config = Configs.parse(shipped);
        for (String user : shoppers) {
            assertThat(
                            Ids.inHoldout(
                                    user,
                                    config.policy().holdoutSalt(),
                                    config.policy().holdoutPercent()))
                    .as("%s is sent the flow's messages, not held out", user)
                    .isFalse();
        }

        // The first day: five carts left at 10:00, abandoned at 12:00, each a push at once.
        List<UserEvent> firstDay = new ArrayList<>();
        for (Shopper shopper : List.of(ann, ben, cat, dan, fay)) {
            firstDay.add(shopper.addsToCart("kettle").at(at(1, "10:00")));
        }
        firstDay.add(tick(at(1, "16:00")));
        // The rest, after the failure: ben opens his push; dan buys while his email is in its
        // arbitration window; cat buys the day after her email; fay leaves a second cart while
        // in the flow; then time runs on to the seventh day.
        String bensPush = pushOf("ben", config, firstDay);
        List<UserEvent> rest =
                List.of(
                        opened(ben, bensPush, at(1, "17:00")),
                        dan.buys("kettle").at(at(2, "12:00") + 30_000),
                        fay.addsToCart("teapot").at(at(2, "14:00")),
                        cat.buys("kettle").at(at(2, "15:00")),
                        tick(at(7, "10:00")));
        List<Action> replayed = replay(config, firstDay, rest);

        List<Tuple> pushes = new ArrayList<>();
        shoppers.forEach(user -> pushes.add(tuple(user, "push", time(1, "12:00"))));
        List<Tuple> afterTheFailure =
                List.of(
                        tuple("ann", "email", time(2, "12:00")),
                        tuple("cat", "email", time(2, "12:00")),
                        tuple("fay", "email", time(2, "12:00")),
                        tuple("ben", "coupon", time(3, "17:00")),
                        tuple("ann", "coupon", time(5, "12:00")),
                        tuple("fay", "coupon", time(5, "12:00")));
        List<Tuple> everySend = new ArrayList<>(pushes);
        everySend.addAll(afterTheFailure);
        assertThat(replayed)
                .as("what the engine alone decides for these events")
                .extracting(Action::userId, Action::step, a -> Json.time(a.triggeredAt()))
                .containsExactlyInAnyOrderElementsOf(everySend);

        JobSettings settings = broker.settings();
        try (FlinkCluster flink = new FlinkCluster(1, 2, 1, "rocksdb")) {
            JobClient job =
                    new NudgeJob(
                                    settings,
                                    shipped,
                                    KafkaConnectors.source(settings),
                                    KafkaConnectors.outputs(settings))
                            .start(flink.environment());
            broker.send(firstDay.toArray(UserEvent[]::new));
            List<JsonNode> beforeTheFailure =
                    broker.awaitWhileTimeGoesOn(
                            settings.topics().actions(),
                            "every push",
                            at(1, "16:00"),
                            FlowIT::tick,
                            shoppers.stream().map(FlowIT::pushTo).toList());
            assertThat(beforeTheFailure)
                    .as("the pushes, committed before the failure, and nothing after them")
                    .extracting(FlowIT::userStepTime)
                    .containsExactlyInAnyOrderElementsOf(pushes);

            // Every user waits between two messages: the only TaskManager goes down with every
            // task of the job; a spare one is up to take them over.
            flink.miniCluster().startTaskManager();
            flink.miniCluster().terminateTaskManager(0).get();

            broker.send(rest.toArray(UserEvent[]::new));
            broker.awaitWhileTimeGoesOn(
                    settings.topics().actions(),
                    "the flow's last messages",
                    at(7, "10:00"),
                    FlowIT::tick,
                    List.of(is("ann", "coupon"), is("fay", "coupon"), is("ben", "coupon")));
            List<JsonNode> actions =
                    flowSends(broker.committed(settings.topics().actions(), everySend.size()));
            List<JsonNode> decisions =
                    broker.committed(settings.topics().decisions(), everySend.size() + 7).stream()
                            .filter(d -> shoppers.contains(d.get("userId").asText()))
                            .toList();
            var failure = flink.miniCluster().getExecutionGraph(job.getJobID()).get();
            FlinkCluster.Health health = flink.health(job.getJobID());
            job.cancel().get();

            int duplicates = actions.size() - distinct(actions, "actionId");
            LOG.info(
                    "Flow: {} sends committed ({} expected), {} duplicates, {} restarts, {}"
                            + " failures, {} s",
                    actions.size(),
                    everySend.size(),
                    duplicates,
                    health.restarts(),
                    health.failures(),
                    (System.nanoTime() - began) / 1_000_000_000);
            assertThat(failure.getFailureInfo())
                    .as("the TaskManager failure really happened and the job recovered from it")
                    .isNotNull();
            assertThat(health.restarts())
                    .as("one restart for the one failure, and none after it: %s", health)
                    .isEqualTo(1);
            assertThat(duplicates).as("sends committed twice by actionId").isZero();
            assertThat(actions)
                    .as("every send of the flow, once, as the engine alone decides them")
                    .extracting(a -> a.get("actionId").asText())
                    .containsExactlyInAnyOrderElementsOf(
                            replayed.stream().map(Action::actionId).toList());
            assertThat(actions)
                    .extracting(FlowIT::userStepTime)
                    .containsExactlyInAnyOrderElementsOf(everySend);
            assertThat(actions)
                    .filteredOn(a -> a.get("step").asText().equals("coupon"))
                    .extracting(a -> a.get("channel").asText(), a -> a.get("offer").asText())
                    .containsOnly(tuple("EMAIL", "CART_COUPON_10"));

            assertThat(decisions)
                    .as("each decision once")
                    .extracting(d -> d.get("decisionId").asText())
                    .doesNotHaveDuplicates();
            assertThat(decisions)
                    .as(
                            "the flow entered instead of the cart reminder, its sends, dan's email"
                                    + " withdrawn at his purchase, fay's second cart while in it")
                    .filteredOn(d -> !d.get("outcome").asText().equals("SENT"))
                    .extracting(
                            d -> d.get("userId").asText(),
                            d -> d.get("patternId").asText(),
                            d -> d.path("flowId").asText("-"),
                            d -> d.path("step").asText("-"),
                            d -> d.get("outcome").asText(),
                            d -> d.path("suppressedBy").asText("-"))
                    .containsExactlyInAnyOrder(
                            tuple("ann", "cart-abandonment", FLOW, "-", "ENTERED_FLOW", "-"),
                            tuple("ben", "cart-abandonment", FLOW, "-", "ENTERED_FLOW", "-"),
                            tuple("cat", "cart-abandonment", FLOW, "-", "ENTERED_FLOW", "-"),
                            tuple("dan", "cart-abandonment", FLOW, "-", "ENTERED_FLOW", "-"),
                            tuple("fay", "cart-abandonment", FLOW, "-", "ENTERED_FLOW", "-"),
                            tuple(
                                    "dan",
                                    "cart-abandonment",
                                    FLOW,
                                    "email",
                                    "SUPPRESSED",
                                    "FLOW_EXITED"),
                            tuple("fay", "cart-abandonment", "-", "-", "SUPPRESSED", "IN_FLOW"));
            assertThat(decisions)
                    .filteredOn(d -> d.get("outcome").asText().equals("SENT"))
                    .extracting(d -> d.get("actionId").asText())
                    .containsExactlyInAnyOrderElementsOf(
                            actions.stream().map(a -> a.get("actionId").asText()).toList());
        }
    }

    /** The flow's sends among {@code actions}: those of the test's shoppers, all of the flow. */
    private List<JsonNode> flowSends(List<JsonNode> actions) {
        List<JsonNode> ours =
                actions.stream().filter(a -> shoppers.contains(a.get("userId").asText())).toList();
        assertThat(ours).extracting(a -> a.path("flowId").asText("-")).containsOnly(FLOW);
        return ours;
    }

    /**
     * The engine alone over the same events in order, to the end of time: the flow's sends (the end
     * of time brings more, such as win-back a month after a purchase, which the job never sees).
     */
    private List<Action> replay(
            PatternsConfig config, List<UserEvent> firstDay, List<UserEvent> rest) {
        List<UserEvent> all = new ArrayList<>(firstDay);
        all.addAll(rest);
        all.sort(Comparator.comparingLong(UserEvent::ts));
        JourneyReplay replay = new JourneyReplay(config, 1000);
        all.forEach(replay::send);
        return replay.endOfInput().actions.stream()
                .filter(a -> shoppers.contains(a.userId()) && FLOW.equals(a.flowId()))
                .toList();
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

    /** Day {@code day} (the first is 2017-11-25) at {@code clock} in Shanghai. */
    static long at(int day, String clock) {
        return BEGINNING
                + (day - 1) * ONE_DAY
                + Duration.between(LocalTime.of(10, 0), LocalTime.parse(clock)).toMillis();
    }

    static String time(int day, String clock) {
        return Json.time(at(day, clock));
    }

    static UserEvent opened(Shopper user, String actionId, long at) {
        return UserEvent.builder(
                        user.id() + "-opened-" + (at - BEGINNING),
                        user.id(),
                        EventType.MESSAGE_OPENED,
                        at)
                .channel(Channel.PUSH)
                .actionId(actionId)
                .build();
    }

    /** A favorite by a user of its own, to move the watermark: no pattern looks at it. */
    static UserEvent tick(long at) {
        return Shopper.named("clock").favorites("clock").at(at);
    }

    static Tuple userStepTime(JsonNode action) {
        return tuple(
                action.get("userId").asText(),
                action.path("step").asText("-"),
                action.get("triggeredAt").asText());
    }

    private static Predicate<JsonNode> pushTo(String user) {
        return is(user, "push");
    }

    static Predicate<JsonNode> is(String user, String step) {
        return a -> a.get("userId").asText().equals(user) && a.path("step").asText().equals(step);
    }

    static int distinct(List<JsonNode> values, String idField) {
        Set<String> ids = new HashSet<>();
        values.forEach(v -> ids.add(v.get(idField).asText()));
        return ids.size();
    }
}
