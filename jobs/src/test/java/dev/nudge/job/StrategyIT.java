package dev.nudge.job;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_DAY;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfig;
import dev.nudge.connect.KafkaConnectors;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.policy.Assignment;
import dev.nudge.testing.Broker;
import dev.nudge.testing.Cli;
import dev.nudge.testing.Configs;
import dev.nudge.testing.FlinkCluster;
import dev.nudge.testing.Shopper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's own strategy, end to end on a real broker and the real job: an audience of users
 * tagged from outside, a cart reminder tested in two variants within office hours, the senders'
 * feedback linked back to the variant that sent it, and the variants' weights changed live.
 */
class StrategyIT {
    private static Broker broker;

    /** 10:00 UTC on the first day. */
    private static final long MORNING = BEGINNING + 8 * ONE_HOUR;

    /** 19:29 UTC: a cart left now is abandoned at 19:59, within office hours. */
    private static final long EVENING = BEGINNING + 17 * ONE_HOUR + 29 * ONE_MINUTE;

    /** 10:00 UTC on the second day. */
    private static final long NEXT_MORNING = MORNING + ONE_DAY;

    private static final List<String> SHOPPERS =
            List.of("ann", "ben", "cat", "dan", "eve", "fay", "gus", "hal", "ida", "jon");

    @BeforeAll
    static void startKafka() throws Exception {
        broker = Broker.start("nudge-strategy-it", "{maxOutOfOrderness: 1s, idleness: 1s}");
    }

    @AfterAll
    static void stopKafka() {
        if (broker != null) {
            broker.close();
        }
    }

    static String strategy(String version, int plainWeight) {
        return """
                version: "%s"
                timezone: UTC
                tags:
                  crm-tier: {values: [gold, silver]}
                segments:
                  crm-gold: {tag: {name: crm-tier, values: [gold]}}
                policy:
                  quietHours: {start: "00:00", end: "00:00"}
                  frequencyCaps: []
                  arbitrationWindow: 0s
                  holdoutPercent: 0
                  consentDefaults: {PUSH: true, EMAIL: true, SMS: false}
                patterns:
                  - id: gold-browse
                    type: BROWSE_WITHOUT_BUY
                    params: {minViews: 2, window: 30m}
                    audience: {segments: [crm-gold]}
                    action: {channels: [PUSH], template: gold_browse_v1, cooldown: 0s}
                  - id: cart-test
                    type: CART_ABANDONMENT
                    params: {window: 30m}
                    schedule: {hours: "08:00-20:00"}
                    action:
                      channels: [PUSH]
                      template: cart_v1
                      cooldown: 0s
                      variants:
                        - {id: plain, weight: %d}
                        - {id: coupon, weight: 50, template: cart_coupon_v1, offer: COUPON_10}
                """
                .formatted(version, plainWeight);
    }

    @Test
    void anOperatorsStrategyRunsLiveFromTagsToVariantsToFeedback(@TempDir Path files)
            throws Exception {
        PatternsConfig first = Configs.parse(strategy("2026-12-03.1", 50));
        PatternSpec cartTest = first.pattern("cart-test");
        Map<String, String> variantOf =
                SHOPPERS.stream()
                        .collect(
                                Collectors.toMap(
                                        user -> user,
                                        user ->
                                                Assignment.assigned(user, cartTest, first.policy())
                                                        .id()));
        assertThat(variantOf.values())
                .as("ten shoppers are enough to see both variants")
                .contains("plain", "coupon");

        try (FlinkCluster flink = new FlinkCluster(1, 3, 2, "rocksdb")) {
            JobSettings settings = broker.settings();
            JobClient job =
                    new NudgeJob(
                                    settings,
                                    strategy("2026-12-03.1", 50),
                                    KafkaConnectors.source(settings),
                                    KafkaConnectors.outputs(settings))
                            .withControl(KafkaConnectors.control(settings))
                            .start(flink.environment());

            // Tagged from outside: goldie is gold, silvia silver; both browse without buying.
            List<UserEvent> morning = new ArrayList<>();
            morning.add(tag("goldie", "gold", MORNING - ONE_HOUR));
            morning.add(tag("silvia", "silver", MORNING - ONE_HOUR));
            for (String user : List.of("goldie", "silvia")) {
                morning.add(Shopper.named(user).views("lamp").at(MORNING));
                morning.add(Shopper.named(user).views("rug").at(MORNING + ONE_MINUTE));
            }
            // Ten shoppers leave a cart at 10:00: reminded at 10:30, each in their variant.
            for (String user : SHOPPERS) {
                morning.add(Shopper.named(user).addsToCart("kettle").at(MORNING));
            }
            morning.add(tick(MORNING + ONE_HOUR));
            broker.send(morning.toArray(UserEvent[]::new));

            List<JsonNode> actions =
                    broker.await(
                            settings.topics().actions(),
                            "a reminder for every cart and for goldie",
                            actionOf("goldie"),
                            actionOf("ann"),
                            actionOf("ben"),
                            actionOf("cat"),
                            actionOf("dan"),
                            actionOf("eve"),
                            actionOf("fay"),
                            actionOf("gus"),
                            actionOf("hal"),
                            actionOf("ida"),
                            actionOf("jon"));
            assertThat(actions)
                    .filteredOn(a -> a.get("patternId").asText().equals("cart-test"))
                    .extracting(
                            a -> a.get("userId").asText(),
                            a -> a.get("variant").asText(),
                            a -> a.get("template").asText(),
                            a -> a.path("offer").asText("-"))
                    .containsExactlyInAnyOrderElementsOf(
                            SHOPPERS.stream()
                                    .map(
                                            user ->
                                                    variantOf.get(user).equals("plain")
                                                            ? tuple(user, "plain", "cart_v1", "-")
                                                            : tuple(
                                                                    user,
                                                                    "coupon",
                                                                    "cart_coupon_v1",
                                                                    "COUPON_10"))
                                    .toList());

            // The senders report back on ann's reminder: delivered, opened twice, clicked; and on
            // an action nobody sent.
            JsonNode annsReminder =
                    actions.stream().filter(actionOf("ann")).findFirst().orElseThrow();
            String actionId = annsReminder.get("actionId").asText();
            broker.send(
                    feedback("ann", EventType.MESSAGE_DELIVERED, actionId, MORNING + 2 * ONE_HOUR),
                    feedback("ann", EventType.MESSAGE_OPENED, actionId, MORNING + 3 * ONE_HOUR),
                    feedback("ann", EventType.MESSAGE_OPENED, actionId, MORNING + 4 * ONE_HOUR),
                    feedback("ann", EventType.MESSAGE_CLICKED, actionId, MORNING + 4 * ONE_HOUR),
                    feedback(
                            "ann",
                            EventType.MESSAGE_OPENED,
                            "no-such-action",
                            MORNING + 4 * ONE_HOUR),
                    // Office hours end at 20:00: a cart abandoned at 19:59 is reminded, one
                    // abandoned at 20:00 is not.
                    Shopper.named("early").addsToCart("kettle").at(EVENING),
                    Shopper.named("late").addsToCart("kettle").at(EVENING + ONE_MINUTE),
                    tick(EVENING + 2 * ONE_HOUR));

            List<JsonNode> decisions =
                    broker.await(
                            settings.topics().decisions(),
                            "the decisions at the end of office hours",
                            decisionOf("early"),
                            decisionOf("late"),
                            decisionOf("silvia"));
            assertThat(decisions)
                    .filteredOn(d -> List.of("early", "late", "silvia", "goldie").contains(user(d)))
                    .extracting(
                            StrategyIT::user, d -> d.get("outcome").asText(), StrategyIT::reason)
                    .containsExactlyInAnyOrder(
                            tuple("goldie", "SENT", "-"),
                            tuple("silvia", "SUPPRESSED", "NOT_IN_AUDIENCE"),
                            tuple("early", "SENT", "-"),
                            tuple("late", "SUPPRESSED", "OUT_OF_SCHEDULE"));
            List<JsonNode> engagement =
                    broker.await(
                            settings.topics().engagement(),
                            "ann's reminder delivered, opened and clicked",
                            e -> e.get("step").asText().equals("CLICKED"));
            assertThat(engagement)
                    .extracting(
                            e -> e.get("actionId").asText(),
                            e -> e.get("patternId").asText(),
                            e -> e.get("variant").asText(),
                            e -> e.get("channel").asText(),
                            e -> e.get("step").asText())
                    .containsExactly(
                            tuple(actionId, "cart-test", variantOf.get("ann"), "PUSH", "DELIVERED"),
                            tuple(actionId, "cart-test", variantOf.get("ann"), "PUSH", "OPENED"),
                            tuple(actionId, "cart-test", variantOf.get("ann"), "PUSH", "CLICKED"));

            // The coupon wins: the operator stops the plain variant, live.
            Cli publish =
                    Cli.run(
                            "publish",
                            "--patterns",
                            Files.writeString(
                                            files.resolve("coupon-only.yaml"),
                                            strategy("2026-12-03.2", 0))
                                    .toString(),
                            "--bootstrap",
                            broker.bootstrapServers(),
                            "--changed-by",
                            "anna",
                            "--timeout",
                            "60s");
            assertThat(publish.exitCode).as(publish.out).isZero();
            assertThat(publish.out).contains("APPLIED: version 2026-12-03.2", "variants");
            List<UserEvent> nextDay = new ArrayList<>();
            for (String user : SHOPPERS) {
                nextDay.add(Shopper.named(user).addsToCart("teapot").at(NEXT_MORNING));
            }
            nextDay.add(tick(NEXT_MORNING + ONE_HOUR));
            broker.send(nextDay.toArray(UserEvent[]::new));
            List<JsonNode> later =
                    broker.await(
                            settings.topics().decisions(),
                            "the second day's reminders",
                            SHOPPERS.stream()
                                    .map(StrategyIT::secondDecisionOf)
                                    .toArray(Predicate[]::new));
            FlinkCluster.Health health = flink.health(job.getJobID());
            job.cancel().get();

            assertThat(later)
                    .filteredOn(d -> d.get("configVersion").asText().equals("2026-12-03.2"))
                    .filteredOn(d -> d.get("patternId").asText().equals("cart-test"))
                    .extracting(StrategyIT::user, d -> d.get("variant").asText())
                    .containsExactlyInAnyOrderElementsOf(
                            SHOPPERS.stream().map(user -> tuple(user, "coupon")).toList());
            assertThat(health.restarts()).as("restarts").isZero();
        }
    }

    private static UserEvent tag(String user, String value, long at) {
        return UserEvent.builder(user + "-tag-" + at, user, EventType.TAG, at)
                .tag("crm-tier", value, null)
                .build();
    }

    private static UserEvent feedback(String user, EventType type, String actionId, long at) {
        return UserEvent.builder(user + "-" + type + "-" + at, user, type, at)
                .actionId(actionId)
                .build();
    }

    /** A search by a user of its own, later than everything before, to move the watermark. */
    private static UserEvent tick(long at) {
        return Shopper.named("clock").searches().at(at);
    }

    private static Predicate<JsonNode> actionOf(String user) {
        return a -> user(a).equals(user);
    }

    private static Predicate<JsonNode> decisionOf(String user) {
        return d -> user(d).equals(user);
    }

    private static Predicate<JsonNode> secondDecisionOf(String user) {
        return d -> user(d).equals(user) && d.get("configVersion").asText().equals("2026-12-03.2");
    }

    private static String user(JsonNode record) {
        return record.get("userId").asText();
    }

    private static String reason(JsonNode decision) {
        return decision.hasNonNull("suppressedBy") ? decision.get("suppressedBy").asText() : "-";
    }
}
