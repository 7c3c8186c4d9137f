package dev.nudge.control;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nudge.connect.KafkaConnectors;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.job.JobSettings;
import dev.nudge.job.NudgeJob;
import dev.nudge.testing.Broker;
import dev.nudge.testing.Cli;
import dev.nudge.testing.Configs;
import dev.nudge.testing.FlinkCluster;
import dev.nudge.testing.Kafka;
import dev.nudge.testing.Shopper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operators change the running job through {@code marketing-control} (SPEC §3.6, §6), with the real
 * job on two parallel journey instances between a real broker's topics: {@code publish} gets an
 * answer for every kind of document, the kill switch stops the next match and an action already
 * held for quiet hours, and after a stop with savepoint and a restart with the original file, the
 * job carries on with the version applied live.
 */
class LiveConfigIT {
    private static final Logger LOG = LoggerFactory.getLogger(LiveConfigIT.class);

    private static Broker broker;

    /** 10:00 UTC on the first day: outside quiet hours. */
    private static final long MORNING = BEGINNING + 8 * ONE_HOUR;

    /** 23:00 UTC: a match now is held until 08:00. */
    private static final long NIGHT = BEGINNING + 21 * ONE_HOUR;

    /** 08:00 UTC the next day, when held actions go. */
    private static final long NEXT_MORNING = BEGINNING + 30 * ONE_HOUR;

    private final Shopper alice = Shopper.named("alice");
    private final Shopper bob = Shopper.named("bob");
    private final Shopper carol = Shopper.named("carol");
    private final Shopper dave = Shopper.named("dave");

    @BeforeAll
    static void startKafka() throws Exception {
        broker = Broker.start("nudge-live-it", "{maxOutOfOrderness: 1s, idleness: 1s}");
    }

    @AfterAll
    static void stopKafka() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void operatorsSwitchAPatternOffLiveAndTheSwitchSurvivesARestart(
            @TempDir Path files, @TempDir Path savepoints) throws Exception {
        Path v1 =
                write(
                        files,
                        "v1.yaml",
                        Configs.switchableBrowse("2026-11-25.1", true, "browse_v1", "30m"));
        try (FlinkCluster flink = new FlinkCluster(1, 3, 2, "rocksdb")) {
            JobClient first = start(flink, null);
            broker.send(
                    bob.views("lamp").at(MORNING),
                    bob.views("rug").at(MORNING + ONE_MINUTE),
                    alice.views("lamp").at(NIGHT),
                    alice.views("rug").at(NIGHT + ONE_MINUTE),
                    inNewYork("owl").at(NIGHT),
                    owl().views("lamp").at(NIGHT + 10 * ONE_MINUTE),
                    owl().views("rug").at(NIGHT + 11 * ONE_MINUTE),
                    tick(NIGHT + ONE_HOUR));
            // The owl's action (18:40 in New York, not quiet) is committed once the watermark has
            // passed 23:40 everywhere: alice's match of 23:30 is decided and held by then.
            assertThat(committedActions(2))
                    .extracting(a -> a.get("userId").asText(), a -> a.get("configVersion").asText())
                    .containsExactlyInAnyOrder(
                            tuple("bob", "2026-11-25.1"), tuple("owl", "2026-11-25.1"));

            Cli rejected =
                    publish(
                            write(
                                    files,
                                    "broken.yaml",
                                    Configs.switchableBrowse(
                                                    "2026-11-25.2", true, "browse_v1", "30m")
                                            .replace("minViews: 2", "minViews: -2")),
                            "anna");
            Cli restart =
                    publish(
                            write(
                                    files,
                                    "window.yaml",
                                    Configs.switchableBrowse(
                                            "2026-11-25.2", true, "browse_v1", "45m")),
                            "anna");
            long published = System.nanoTime();
            Cli killSwitch =
                    publish(
                            write(
                                    files,
                                    "off.yaml",
                                    Configs.switchableBrowse(
                                            "2026-11-25.2", false, "browse_v1", "30m")),
                            "anna");
            long answered = System.nanoTime();
            Cli older = publish(v1, "anna");
            // A document that bypasses publish's own check is answered by the job.
            Kafka.produce(
                    broker.bootstrapServers(),
                    List.of(
                            new ProducerRecord<>(
                                    broker.settings().topics().control(),
                                    "by-hand".getBytes(StandardCharsets.UTF_8),
                                    "version: \"2026-11-25.9\"\npatterns: {browse: on}\n"
                                            .getBytes(StandardCharsets.UTF_8))));

            assertThat(rejected.exitCode).as(rejected.out).isEqualTo(1);
            assertThat(rejected.out)
                    .as("validated locally first: nothing published")
                    .contains("Nothing published", "minViews");
            assertThat(restart.exitCode).as(restart.out).isEqualTo(2);
            assertThat(restart.out)
                    .contains("NEEDS_RESTART: version 2026-11-25.2", "patterns[browse].params");
            assertThat(killSwitch.exitCode).as(killSwitch.out).isEqualTo(0);
            assertThat(killSwitch.out)
                    .contains("APPLIED: version 2026-11-25.2", "patterns[browse].enabled");
            assertThat(older.exitCode).as(older.out).isEqualTo(1);
            assertThat(older.out).contains("IGNORED", "not newer than version 2026-11-25.2");
            LOG.info(
                    "Kill switch: publish to APPLIED answer {} ms (the answer waits for the"
                            + " checkpoint that commits it)",
                    (answered - published) / 1_000_000);

            // After the answer, the switch is in force in every journey instance.
            broker.send(
                    carol.views("lamp").at(NIGHT + 2 * ONE_HOUR),
                    carol.views("rug").at(NIGHT + 2 * ONE_HOUR + ONE_MINUTE),
                    tick(NEXT_MORNING + ONE_HOUR));
            assertThat(committedDecisions(4))
                    .extracting(
                            d -> d.get("userId").asText(),
                            d -> d.get("outcome").asText(),
                            LiveConfigIT::suppressedBy,
                            d -> d.get("configVersion").asText())
                    .containsExactlyInAnyOrder(
                            tuple("bob", "SENT", "-", "2026-11-25.1"),
                            tuple("owl", "SENT", "-", "2026-11-25.1"),
                            tuple("carol", "SUPPRESSED", "DISABLED", "2026-11-25.2"),
                            tuple("alice", "SUPPRESSED", "DISABLED", "2026-11-25.2"));

            String savepoint =
                    first.stopWithSavepoint(
                                    false,
                                    savepoints.toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get();

            // Started again with the file of version 1: the live version 2 carries on.
            JobClient second = start(flink, savepoint);
            Cli again =
                    publish(
                            write(
                                    files,
                                    "again.yaml",
                                    Configs.switchableBrowse("2026-11-25.2", true, "x", "30m")),
                            "anna");
            broker.send(
                    dave.views("lamp").at(NEXT_MORNING + 2 * ONE_HOUR),
                    dave.views("rug").at(NEXT_MORNING + 2 * ONE_HOUR + ONE_MINUTE),
                    tick(NEXT_MORNING + 4 * ONE_HOUR));
            List<JsonNode> decisions = awaitDecisionOf("dave", NEXT_MORNING + 4 * ONE_HOUR);
            if (decisions.stream().noneMatch(d -> d.get("userId").asText().equals("dave"))) {
                LOG.warn(
                        "No decision about dave after the restore: {}; publish said: {}",
                        flink.describe(second.getJobID()),
                        again.out.strip());
            }
            List<JsonNode> actions = committedActions(2);
            List<JsonNode> acks = broker.committed(broker.settings().topics().controlAcks(), 5);
            second.cancel().get();

            assertThat(again.out)
                    .as("the control operator restored version 2 too")
                    .contains("IGNORED", "not newer than version 2026-11-25.2");
            assertThat(decisions)
                    .filteredOn(d -> d.get("userId").asText().equals("dave"))
                    .extracting(LiveConfigIT::suppressedBy, d -> d.get("configVersion").asText())
                    .containsExactly(tuple("DISABLED", "2026-11-25.2"));
            assertThat(actions).as("nothing sent after the switch, nothing twice").hasSize(2);
            assertThat(acks)
                    .extracting(a -> a.get("status").asText(), a -> a.get("changedBy").asText())
                    .as("one answer per document that reached the job, whatever its parallelism")
                    .containsExactly(
                            tuple("NEEDS_RESTART", "anna"),
                            tuple("APPLIED", "anna"),
                            tuple("IGNORED", "anna"),
                            tuple("REJECTED", "by-hand"),
                            tuple("IGNORED", "anna"));
            assertThat(acks.get(3).get("errors")).as("every error of the broken one").isNotEmpty();
        }
    }

    private static String suppressedBy(JsonNode decision) {
        return decision.hasNonNull("suppressedBy") ? decision.get("suppressedBy").asText() : "-";
    }

    private static JobClient start(FlinkCluster flink, String savepoint) throws Exception {
        JobSettings settings = broker.settings();
        return new NudgeJob(
                        settings,
                        Configs.switchableBrowse("2026-11-25.1", true, "browse_v1", "30m"),
                        KafkaConnectors.source(settings),
                        KafkaConnectors.outputs(settings))
                .withControl(KafkaConnectors.control(settings))
                .start(
                        savepoint == null
                                ? flink.environment()
                                : flink.environmentRestoringFrom(savepoint));
    }

    private static Cli publish(Path document, String changedBy) {
        return Cli.run(
                "publish",
                "--patterns",
                document.toString(),
                "--bootstrap",
                broker.bootstrapServers(),
                "--changed-by",
                changedBy,
                "--timeout",
                "60s");
    }

    private static Path write(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** A shopper in New York, for whom 23:00 UTC is early evening. */
    private static Shopper owl() {
        return Shopper.named("owl");
    }

    private static RegisterIn inNewYork(String userId) {
        return new RegisterIn(userId, "America/New_York");
    }

    private record RegisterIn(String userId, String timezone) {
        UserEvent at(long ts) {
            return UserEvent.builder(userId + "-register", userId, EventType.REGISTER, ts)
                    .timezone(timezone)
                    .build();
        }
    }

    /** A search by a user of its own, later than everything before, to move the watermark. */
    private static UserEvent tick(long at) {
        return Shopper.named("clock").searches().at(at);
    }

    private static List<JsonNode> committedActions(int expected) {
        return broker.committed(broker.settings().topics().actions(), expected);
    }

    /**
     * Every decision committed, once one about {@code user} is. While none is, time goes on as it
     * does in production, where events keep coming: one more, a minute later, every 5 s.
     */
    private static List<JsonNode> awaitDecisionOf(String user, long clock) {
        List<JsonNode> decisions = List.of();
        for (int ticks = 0; ticks < 12; ticks++) {
            decisions =
                    Broker.json(
                            Kafka.committedUntil(
                                    broker.bootstrapServers(),
                                    broker.settings().topics().decisions(),
                                    read ->
                                            Broker.json(read).stream()
                                                    .anyMatch(
                                                            d ->
                                                                    d.get("userId")
                                                                            .asText()
                                                                            .equals(user)),
                                    Duration.ofSeconds(5)));
            if (decisions.stream().anyMatch(d -> d.get("userId").asText().equals(user))) {
                if (ticks > 0) {
                    LOG.info("The decision about {} came after {} more events", user, ticks);
                }
                return decisions;
            }
            broker.send(tick(clock + (ticks + 1) * ONE_MINUTE));
        }
        return decisions;
    }

    private static List<JsonNode> committedDecisions(int expected) {
        return broker.committed(broker.settings().topics().decisions(), expected);
    }
}
