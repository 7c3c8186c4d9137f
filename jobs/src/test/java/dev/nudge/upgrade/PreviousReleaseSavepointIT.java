package dev.nudge.upgrade;

import static dev.nudge.upgrade.ReleaseScenario.ARI;
import static dev.nudge.upgrade.ReleaseScenario.BEN;
import static dev.nudge.upgrade.ReleaseScenario.CARA;
import static dev.nudge.upgrade.ReleaseScenario.CODY;
import static dev.nudge.upgrade.ReleaseScenario.FRAN;
import static dev.nudge.upgrade.ReleaseScenario.HOLLY;
import static dev.nudge.upgrade.ReleaseScenario.NORA;
import static dev.nudge.upgrade.ReleaseScenario.RITA;
import static dev.nudge.upgrade.ReleaseScenario.SAM;
import static dev.nudge.upgrade.ReleaseScenario.SIA;
import static dev.nudge.upgrade.ReleaseScenario.TESS;
import static dev.nudge.upgrade.ReleaseScenario.VIC;
import static dev.nudge.upgrade.ReleaseScenario.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nudge.job.JobSettings;
import dev.nudge.testing.Broker;
import dev.nudge.testing.FlinkCluster;
import dev.nudge.testing.Kafka;
import dev.nudge.testing.Shopper;
import dev.nudge.wire.Json;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state format's promise, tested: a savepoint written by the previous release (its jar layout,
 * serializer snapshots, operator uids and state names) restores into the code checked out, with
 * {@code allowNonRestoredState} off, as the deployment runs it; and the job carries on from it as
 * if it had never stopped. Each directory under {@code savepoints/} is such a fixture, written by
 * {@link ReleaseSavepointWriter} from a release's commit over {@link ReleaseScenario}; the README
 * there says what it holds and how to write the next one.
 *
 * <p>The job is the production topology ({@code run}'s, with its uids), on a MiniCluster with the
 * deployment's state backend (RocksDB, heap timers), at the fixture's parallelism, between a fresh
 * broker. Restored (one shopper each, see {@link ReleaseScenario}): profiles (purchase cycle,
 * active hours, consent, time zone, spend window, lifecycle timers), open episodes of every
 * built-in type, a match waiting in the arbitration window, events waiting for the watermark, an
 * action held for quiet hours, the send log (cooldown, frequency cap), the last touch for
 * attribution, two SEQUENCE patterns' Flink CEP state (a partial match completed by an event after
 * the restore, and one completed by CEP's timer), the live configuration (broadcast state in the
 * journeys, operator state in the control operator), an erasure marker, the Kafka sink's writer and
 * committer state, and both Kafka sources' offsets. After the restore, events after the savepoint's
 * time come in, and the actions topic ({@code read_committed}) must hold exactly the thirteen
 * actions the old state makes, each once and at the time the old state says, with one decision each
 * and one suppressed by the old cooldown; no restart may happen.
 *
 * <p><b>Kafka offsets.</b> The savepoint's source splits name the writer's topics, {@code
 * user-events} and {@code marketing-control}: the default names, which this test's fresh broker has
 * too, with the same partitions. Its topics are empty, and a restored offset beyond a partition's
 * end would be reset to the start, hiding a lost offset. So each partition is first filled up to
 * the fixture's offset with records that are neither events ({@code NOT_JSON} dead letters if read)
 * nor documents (a {@code REJECTED} answer): the sources resumed at their offsets if and only if
 * neither appears. Dropping the sources' state with {@code allowNonRestoredState} instead would
 * leave the offsets untested, and let any other state that no longer maps go unnoticed; the test
 * restores with it off, as the deployment does. The sink's restored state names transactional ids
 * of the writer's broker, which this one never saw: the restore must cope with that without a
 * restart.
 *
 * <p><b>Processing-time TTL.</b> Flink's state TTL counts processing time from when the state was
 * written, i.e. from when the fixture was: with the deployed {@code journey.stateTtl} (180 days),
 * every journey would have expired half a year after the fixture was written. The test restores
 * with {@code stateTtl: 3650d}, the most the settings allow (the event-time expiry it also sets is
 * never reached here). The SEQUENCE operators' one-hour TTLs on each user's event budget and
 * episode start cannot be set and have expired by then, which changes nothing here: no SEQUENCE
 * match was made before the savepoint, and no user comes near the budget.
 *
 * <p><b>Not covered.</b> A SEQUENCE match waiting in the journey for the user's clock (it is
 * decided as soon as it arrives unless the journey lags behind CEP, so the writer cannot place one
 * there reliably); the erasure marker is restored but has nothing to suppress (a match built before
 * an erasure arrives only in a race); per-category repurchase cycles, channel engagement (MESSAGE_*
 * events), the holdout arm and the CHURNED stage, whose state lies in the same journey value and
 * codec as what is covered.
 */
class PreviousReleaseSavepointIT {
    private static final Logger LOG = LoggerFactory.getLogger(PreviousReleaseSavepointIT.class);

    /** The last event of the test, 2018-01-15: a month after the savepoint, past every moment. */
    private static final long END = at("2018-01-15 00:00");

    /**
     * Records that fill the topics up to the fixture's offsets: neither an event nor a document.
     */
    private static final byte[] PLACEHOLDER =
            "placeholder for a record read before the savepoint".getBytes(StandardCharsets.UTF_8);

    static Stream<String> fixtures() throws IOException, URISyntaxException {
        URL root = PreviousReleaseSavepointIT.class.getResource("/savepoints");
        if (root == null) {
            return Stream.empty();
        }
        try (Stream<Path> dirs = Files.list(Path.of(root.toURI()))) {
            return dirs
                    .filter(d -> Files.exists(d.resolve("fixture.properties")))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "the savepoint of {0}")
    @MethodSource("fixtures")
    void theSavepointOfThePreviousReleaseRestoresAndTheJobCarriesOn(
            String release, @TempDir Path work) throws Exception {
        long started = System.nanoTime();
        Path fixture =
                Path.of(PreviousReleaseSavepointIT.class.getResource("/savepoints").toURI())
                        .resolve(release);
        Properties written =
                ReleaseSavepointWriter.readProperties(fixture.resolve("fixture.properties"));
        int parallelism = Integer.parseInt(written.getProperty("parallelism"));
        String patterns =
                Files.readString(fixture.resolve("patterns.yaml"), StandardCharsets.UTF_8);
        String live =
                Files.readString(fixture.resolve("live-patterns.yaml"), StandardCharsets.UTF_8);
        // A copy: Flink never claims the fixture, but nothing may write next to it either.
        Path savepoint = work.resolve("savepoint");
        ReleaseSavepointWriter.copy(fixture.resolve("savepoint"), savepoint);
        Configuration backend = ReleaseScenario.deployedStateBackend();
        LOG.info(
                "Restoring the savepoint of {} (commit {}, Flink {}, written {})",
                release,
                written.getProperty("commit"),
                written.getProperty("flinkVersion"),
                written.getProperty("writtenAt"));

        try (Broker broker =
                        Broker.start(
                                ReleaseScenario.NAME, ReleaseScenario.WATERMARKS, parallelism);
                FlinkCluster flink =
                        new FlinkCluster(
                                1,
                                parallelism,
                                parallelism,
                                backend.getString("state.backend.type", "rocksdb"),
                                backend)) {
            JobSettings settings =
                    broker.settings()
                            .withJourney(
                                    broker.settings()
                                            .journey()
                                            .withIdleExpiry(Duration.ofDays(3650)));
            fillUpToTheSavepointsOffsets(broker, written);

            JobClient job =
                    ReleaseScenario.job(settings, patterns)
                            .start(
                                    flink.environmentRestoringFrom(
                                            savepoint.toUri().toString(), false));
            // The version in force again: the control operator restored it, so it is not newer.
            Kafka.produce(
                    broker.bootstrapServers(),
                    List.of(
                            new ProducerRecord<>(
                                    settings.topics().control(),
                                    "release-check".getBytes(StandardCharsets.UTF_8),
                                    live.getBytes(StandardCharsets.UTF_8))));
            broker.send(
                    SAM.favorites("map").at(at("2017-12-15 12:15")),
                    FRAN.views("mug").at(at("2017-12-15 12:30")),
                    FRAN.views("cup").at(at("2017-12-15 12:31")),
                    CODY.views("boots").at(at("2017-12-15 13:00")),
                    CODY.views("laces").at(at("2017-12-15 13:02")),
                    TESS.buys("teapot").at(at("2017-12-15 13:00")),
                    VIC.buys("gloves", "c1", 30).at(at("2017-12-15 14:00")));
            Kafka.produce(
                    broker.bootstrapServers(),
                    ReleaseScenario.ticks(settings.topics().events(), END));

            List<Predicate<JsonNode>> due = new ArrayList<>();
            for (Expected expected : EXPECTED) {
                due.add(expected::matches);
            }
            try {
                broker.await(
                        settings.topics().actions(),
                        "actions after the restore",
                        due.toArray(Predicate[]::new));
            } catch (AssertionError e) {
                // A restore that fails makes the job restart until it gives up: say why.
                throw new AssertionError(
                        "The restored job did not act as the savepoint's state says ("
                                + flink.describe(job.getJobID())
                                + "): "
                                + e.getMessage(),
                        e);
            }
            List<JsonNode> actions = broker.committed(settings.topics().actions(), EXPECTED.size());
            List<JsonNode> decisions =
                    broker.committed(settings.topics().decisions(), EXPECTED.size() + 1);
            List<JsonNode> conversions = broker.committed(settings.topics().conversions(), 1);
            List<JsonNode> acks = broker.committed(settings.topics().controlAcks(), 1);
            List<JsonNode> deadLetters = broker.committed(settings.topics().deadLetters(), 0);
            List<JsonNode> profiles = broker.committed(settings.topics().profiles(), 1);
            FlinkCluster.Health health = flink.health(job.getJobID());
            job.cancel().get();
            LOG.info(
                    "Restored {}: {} actions, {} decisions, health {}; {} s",
                    release,
                    actions.size(),
                    decisions.size(),
                    health,
                    (System.nanoTime() - started) / 1_000_000_000);

            assertThat(health.restarts()).as("restarts after the restore (%s)", health).isZero();
            assertThat(health.failures()).as("failures in the exception history").isZero();

            assertThat(actions)
                    .as("the actions after the restore: each due moment of the old state, once")
                    .extracting(
                            a -> a.get("userId").asText(),
                            a -> a.get("patternId").asText(),
                            a -> a.get("channel").asText(),
                            a -> a.get("triggeredAt").asText(),
                            a -> a.get("sendAt").asText())
                    .containsExactlyInAnyOrderElementsOf(
                            EXPECTED.stream().map(Expected::asTuple).toList());
            assertThat(actions)
                    .as("decided under the configuration applied live before the savepoint")
                    .extracting(a -> a.get("configVersion").asText())
                    .containsOnly(ReleaseScenario.LIVE_VERSION);
            assertThat(action(actions, CARA, "cart-abandonment").get("template").asText())
                    .as("the live document's template, restored from broadcast state")
                    .isEqualTo("cart_abandon_v2");

            JsonNode restock = action(actions, RITA, "restock-reminder");
            assertThat(restock.get("params").get("predictedDate").asText())
                    .as(
                            "three purchases ten days apart, all before the savepoint: the next"
                                    + " on the 25th")
                    .isEqualTo("2017-12-25");
            assertThat(restock.get("evidence"))
                    .extracting(JsonNode::asText)
                    .containsExactly(RITA.buys("tea").at(at("2017-12-15 10:00")).eventId());
            assertThat(action(actions, HOLLY, "browse-abandonment").get("evidence"))
                    .extracting(JsonNode::asText)
                    .as("the held action, planned before the savepoint, keeps its evidence")
                    .containsExactly(
                            HOLLY.views("lamp").at(at("2017-12-15 10:50")).eventId(),
                            HOLLY.views("rug").at(at("2017-12-15 10:52")).eventId());
            assertThat(action(actions, ARI, "browse-abandonment").get("evidence"))
                    .extracting(JsonNode::asText)
                    .as("the match that waited in the arbitration window, decided once")
                    .containsExactly(
                            ARI.views("vase").at(at("2017-12-15 11:29:30")).eventId(),
                            ARI.views("bowl").at(at("2017-12-15 11:31")).eventId());
            assertThat(action(actions, BEN, "browse-abandonment").get("evidence"))
                    .extracting(JsonNode::asText)
                    .as("both views of the open episode, from before the savepoint")
                    .containsExactly(
                            BEN.views("shirt").at(at("2017-12-15 11:50")).eventId(),
                            BEN.views("tie").at(at("2017-12-15 11:52")).eventId());
            assertThat(action(actions, SAM, "search-then-save").get("evidence"))
                    .extracting(JsonNode::asText)
                    .as("the search from CEP's state and the favorite after the restore")
                    .containsExactly(
                            SAM.searches().at(at("2017-12-15 11:45")).eventId(),
                            SAM.favorites("map").at(at("2017-12-15 12:15")).eventId());
            assertThat(action(actions, SIA, "search-without-result").get("evidence"))
                    .extracting(JsonNode::asText)
                    .as("both searches, from CEP's state")
                    .containsExactly(
                            SIA.searches().at(at("2017-12-15 11:40")).eventId(),
                            SIA.searches().at(at("2017-12-15 11:42")).eventId());
            assertThat(action(actions, VIC, "vip-milestone").get("evidence"))
                    .extracting(JsonNode::asText)
                    .as("80 before the savepoint and 30 after: 110 within the window")
                    .hasSize(2);

            assertThat(decisions)
                    .as("one decision per action, and cody's browse stopped by the old cooldown")
                    .extracting(
                            d -> d.get("userId").asText(),
                            d -> d.get("patternId").asText(),
                            d -> d.get("outcome").asText(),
                            d -> d.path("suppressedBy").asText("-"))
                    .containsExactlyInAnyOrderElementsOf(expectedDecisions());
            assertThat(conversions)
                    .as("tess's purchase, attributed to her cart action of 10:30 before it")
                    .extracting(
                            c -> c.get("userId").asText(),
                            c -> c.get("patternId").asText(),
                            c -> c.get("arm").asText(),
                            c -> c.get("decidedAt").asText(),
                            c -> c.get("latency").asText())
                    .containsExactly(
                            tuple(
                                    TESS.id(),
                                    "cart-abandonment",
                                    "TREATMENT",
                                    time("2017-12-15 10:30"),
                                    "PT2H30M"));

            JsonNode ritaSilent = lastProfile(profiles, RITA);
            assertThat(ritaSilent.get("stage").asText())
                    .as("rita lapsed a month after her last purchase (the restored timer)")
                    .isEqualTo("SILENT");
            assertThat(ritaSilent.get("counts").get("purchases").asInt()).isEqualTo(3);
            assertThat(ritaSilent.get("counts").get("likes").asInt()).isEqualTo(9);
            JsonNode vic = lastProfile(profiles, VIC);
            assertThat(vic.get("counts").get("purchases").asInt())
                    .as("vic's purchases, one before the savepoint and one after")
                    .isEqualTo(2);
            assertThat(vic.get("monetary").get("total").asDouble()).isEqualTo(110.0);

            assertThat(acks)
                    .as(
                            "the control operator's restored version: the same again is not"
                                    + " newer; the placeholder document before it was not read")
                    .extracting(
                            a -> a.get("version").asText(),
                            a -> a.get("status").asText(),
                            a -> a.get("liveVersion").asText())
                    .containsExactly(
                            tuple(
                                    ReleaseScenario.LIVE_VERSION,
                                    "IGNORED",
                                    ReleaseScenario.LIVE_VERSION));
            assertThat(deadLetters)
                    .as("the records before the savepoint's offsets were not read again")
                    .isEmpty();
        }
    }

    /** An action the old state makes after the restore. */
    private record Expected(
            Shopper shopper, String patternId, String channel, String triggered, String sent) {
        boolean matches(JsonNode action) {
            return action.get("userId").asText().equals(shopper.id())
                    && action.get("patternId").asText().equals(patternId)
                    && action.get("triggeredAt").asText().equals(time(triggered));
        }

        org.assertj.core.groups.Tuple asTuple() {
            return tuple(shopper.id(), patternId, channel, time(triggered), time(sent));
        }
    }

    private static final List<Expected> EXPECTED =
            List.of(
                    // The CEP timer of search-without-result's match: 30 min after the first
                    // search.
                    new Expected(
                            SIA,
                            "search-without-result",
                            "PUSH",
                            "2017-12-15 12:10",
                            "2017-12-15 12:10"),
                    // search-then-save's partial match, completed by the favorite.
                    new Expected(
                            SAM,
                            "search-then-save",
                            "PUSH",
                            "2017-12-15 12:15",
                            "2017-12-15 12:15"),
                    // In the arbitration window at the savepoint, until 12:00:30.
                    new Expected(
                            ARI,
                            "browse-abandonment",
                            "PUSH",
                            "2017-12-15 11:59:30",
                            "2017-12-15 11:59:30"),
                    // Open episode; PUSH consent withdrawn before the savepoint: by EMAIL.
                    new Expected(
                            BEN,
                            "browse-abandonment",
                            "EMAIL",
                            "2017-12-15 12:20",
                            "2017-12-15 12:20"),
                    // Open since 11:00.
                    new Expected(
                            CARA,
                            "cart-abandonment",
                            "PUSH",
                            "2017-12-15 13:00",
                            "2017-12-15 13:00"),
                    // Her PUSH at 10:00 caps PUSH until 14:00: by EMAIL.
                    new Expected(
                            FRAN,
                            "browse-abandonment",
                            "EMAIL",
                            "2017-12-15 13:00",
                            "2017-12-15 13:00"),
                    // 80 before the savepoint, 30 now.
                    new Expected(
                            VIC, "vip-milestone", "EMAIL", "2017-12-15 14:00", "2017-12-15 14:00"),
                    // Held before the savepoint until 08:00 in Berlin.
                    new Expected(
                            HOLLY,
                            "browse-abandonment",
                            "PUSH",
                            "2017-12-15 11:20",
                            "2017-12-15 15:00"),
                    // Registered on the 14th.
                    new Expected(
                            NORA,
                            "new-user-first-order",
                            "EMAIL",
                            "2017-12-17 12:00",
                            "2017-12-17 12:00"),
                    // A day before the predicted purchase, sent at her most active hour.
                    new Expected(
                            RITA,
                            "restock-reminder",
                            "PUSH",
                            "2017-12-24 10:00",
                            "2017-12-24 19:00"),
                    // 30 days after the last purchase: from before the savepoint for rita.
                    new Expected(RITA, "win-back", "EMAIL", "2018-01-14 10:00", "2018-01-14 10:00"),
                    new Expected(TESS, "win-back", "EMAIL", "2018-01-14 13:00", "2018-01-14 13:00"),
                    new Expected(VIC, "win-back", "EMAIL", "2018-01-14 14:00", "2018-01-14 14:00"));

    private static List<org.assertj.core.groups.Tuple> expectedDecisions() {
        List<org.assertj.core.groups.Tuple> decisions = new ArrayList<>();
        for (Expected expected : EXPECTED) {
            decisions.add(tuple(expected.shopper().id(), expected.patternId(), "SENT", "-"));
        }
        // His browse action of 11:58, in the send log: the pattern's 24 h cooldown.
        decisions.add(tuple(CODY.id(), "browse-abandonment", "SUPPRESSED", "COOLDOWN"));
        return decisions;
    }

    /**
     * Fills each partition named in the fixture up to its offset: if the restored sources read from
     * anywhere before it, these records show up as dead letters or rejected documents.
     */
    private static void fillUpToTheSavepointsOffsets(Broker broker, Properties written) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (Map.Entry<Object, Object> entry : written.entrySet()) {
            String key = entry.getKey().toString();
            if (!key.startsWith("offset.")) {
                continue;
            }
            String partition = key.substring("offset.".length());
            int dash = partition.lastIndexOf('-');
            String topic = partition.substring(0, dash);
            int number = Integer.parseInt(partition.substring(dash + 1));
            long offset = Long.parseLong(entry.getValue().toString());
            for (long i = 0; i < offset; i++) {
                records.add(
                        new ProducerRecord<>(
                                topic,
                                number,
                                "placeholder".getBytes(StandardCharsets.UTF_8),
                                PLACEHOLDER));
            }
        }
        assertThat(records).as("the fixture names the sources' offsets").isNotEmpty();
        Kafka.produce(broker.bootstrapServers(), records);
    }

    private static JsonNode action(List<JsonNode> actions, Shopper shopper, String patternId) {
        List<JsonNode> found =
                actions.stream()
                        .filter(
                                a ->
                                        a.get("userId").asText().equals(shopper.id())
                                                && a.get("patternId").asText().equals(patternId))
                        .toList();
        assertThat(found).as("%s's %s actions", shopper.id(), patternId).hasSize(1);
        return found.get(0);
    }

    private static JsonNode lastProfile(List<JsonNode> profiles, Shopper shopper) {
        List<JsonNode> own =
                profiles.stream()
                        .filter(p -> p.get("userId").asText().equals(shopper.id()))
                        .toList();
        assertThat(own).as("%s's profile snapshots", shopper.id()).isNotEmpty();
        return own.get(own.size() - 1);
    }

    private static String time(String local) {
        return Json.time(at(local));
    }
}
