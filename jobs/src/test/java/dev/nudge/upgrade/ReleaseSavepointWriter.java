package dev.nudge.upgrade;

import static dev.nudge.upgrade.ReleaseScenario.CODY;
import static dev.nudge.upgrade.ReleaseScenario.FRAN;
import static dev.nudge.upgrade.ReleaseScenario.HOLLY;
import static dev.nudge.upgrade.ReleaseScenario.TESS;
import static dev.nudge.upgrade.ReleaseScenario.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nudge.event.UserEvent;
import dev.nudge.job.JobSettings;
import dev.nudge.testing.Broker;
import dev.nudge.testing.Cli;
import dev.nudge.testing.FlinkCluster;
import dev.nudge.testing.Kafka;
import dev.nudge.testing.Shopper;
import dev.nudge.wire.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the savepoint fixture of a release, which {@code PreviousReleaseSavepointIT} restores with
 * whatever code is checked out: the promise that a release's savepoint restores into the next one
 * (docs/operations.md, "Upgrading Nudge itself") is then tested against real Flink state,
 * serializer snapshots and operator uids, not against our own codec alone.
 *
 * <p>It runs the production job ({@code run}'s topology: Kafka source, control, journeys, the
 * SEQUENCE patterns on Flink CEP, the exactly-once Kafka sink, with the job's own uids) on a
 * MiniCluster with the deployment's state backend (RocksDB with heap timers, read from {@code
 * k8s/flink-deployment.yaml}) at parallelism 2, between a broker in this JVM whose topics have the
 * default names ({@code user-events}, ...) and 2 partitions. It publishes a live configuration,
 * plays {@link ReleaseScenario#beforeSavepoint()}, waits until the four actions due before the
 * savepoint are committed (so that event time has reached it everywhere) and nothing else has been
 * decided, plays {@link ReleaseScenario#atTheSavepoint()}, waits until a checkpoint covers every
 * event, and stops the job with a canonical savepoint. Then it writes {@code
 * src/test/resources/savepoints/<release>/}:
 *
 * <ul>
 *   <li>{@code savepoint/}: the savepoint ({@code _metadata} and the state files, relocatable);
 *   <li>{@code patterns.yaml}: the file the job was started with; {@code live-patterns.yaml}: the
 *       document applied live, kept in the savepoint's broadcast and operator state;
 *   <li>{@code fixture.properties}: the release, commit, Flink version and time of writing, the
 *       parallelism, and the end offset of each partition of {@code user-events} and {@code
 *       marketing-control} (the offsets the savepoint's Kafka sources resume from).
 * </ul>
 *
 * <p>At each release, from the release's commit (main code as released; only test code may differ):
 *
 * <pre>
 * mvn -B -o -pl patterns,jobs verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=ReleaseSavepointWriter -Dnudge.release=&lt;version&gt;-&lt;commit&gt;
 * </pre>
 *
 * then delete the previous release's directory and commit the new one. It takes about a minute and
 * refuses to overwrite a directory that exists. {@link #main} does the same from an IDE (working
 * directory: {@code jobs/}).
 */
public final class ReleaseSavepointWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseSavepointWriter.class);

    /** Where the fixtures live, from the {@code jobs} module's directory. */
    static final Path FIXTURES = Path.of("src", "test", "resources", "savepoints");

    /**
     * Run through failsafe by name only (it matches neither test pattern), with {@code
     * -Dnudge.release=<version>-<commit>}; without it, it fails and says so.
     */
    @Test
    void writeTheReleaseSavepoint() throws Exception {
        assertThat(System.getProperty("nudge.release"))
                .as("the release to write: -Dnudge.release=<version>-<commit>")
                .isNotBlank();
        main(
                new String[] {
                    System.getProperty("nudge.release"),
                    System.getProperty("nudge.fixtures", FIXTURES.toString())
                });
    }

    /**
     * @param args the release's name, {@code <version>-<commit>} (e.g. {@code
     *     0.1.0-SNAPSHOT-7820c3a}); optionally the directory of the fixtures
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !args[0].matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(
                    "usage: ReleaseSavepointWriter <version>-<commit> [fixtures directory]");
        }
        Path fixtures = args.length > 1 ? Path.of(args[1]) : FIXTURES;
        Path fixture = fixtures.resolve(args[0]);
        if (Files.exists(fixture)) {
            throw new IllegalStateException(fixture.toAbsolutePath() + " exists: delete it first");
        }
        write(args[0], fixture);
    }

    private static void write(String release, Path fixture) throws Exception {
        Configuration backend = ReleaseScenario.deployedStateBackend();
        Path work = Files.createTempDirectory("nudge-release-savepoint");
        try (Broker broker =
                        Broker.start(
                                ReleaseScenario.NAME,
                                ReleaseScenario.WATERMARKS,
                                ReleaseScenario.PARALLELISM);
                FlinkCluster flink =
                        new FlinkCluster(
                                1,
                                ReleaseScenario.PARALLELISM,
                                ReleaseScenario.PARALLELISM,
                                backend.getString("state.backend.type", "rocksdb"),
                                backend)) {
            JobSettings settings = broker.settings();
            JobClient job =
                    ReleaseScenario.job(settings, ReleaseScenario.FILE).start(flink.environment());

            Path live = Files.writeString(work.resolve("live-patterns.yaml"), ReleaseScenario.LIVE);
            Cli published =
                    Cli.run(
                            "publish",
                            "--patterns",
                            live.toString(),
                            "--bootstrap",
                            broker.bootstrapServers(),
                            "--changed-by",
                            "release-savepoint",
                            "--timeout",
                            "60s");
            check(
                    published.exitCode == 0 && published.out.contains("APPLIED"),
                    "the live configuration was applied: " + published.out + published.err);

            broker.send(
                    ReleaseScenario.beforeSavepoint().toArray(new dev.nudge.event.UserEvent[0]));
            Kafka.produce(
                    broker.bootstrapServers(),
                    ReleaseScenario.ticks(
                            settings.topics().events(), ReleaseScenario.SAVEPOINT_TIME + 5_000));

            // Cody's action (11:58, decided at 11:59) is the last one due before the savepoint.
            // The ticks are the only records after 11:52: once his action is committed, every
            // journey has the ticks' watermark, 11:59:59.999.
            List<JsonNode> actions =
                    broker.await(
                            settings.topics().actions(),
                            "actions before the savepoint",
                            action(HOLLY, "new-user-first-order", "2017-12-13 10:00"),
                            action(FRAN, "cart-abandonment", "2017-12-15 10:00"),
                            action(TESS, "cart-abandonment", "2017-12-15 10:30"),
                            action(CODY, "browse-abandonment", "2017-12-15 11:58"));
            List<JsonNode> decisions = broker.committed(settings.topics().decisions(), 4);
            check(
                    actions.size() == 4 && decisions.size() == 4,
                    "only the four actions due before the savepoint were decided: "
                            + actions
                            + " "
                            + decisions);
            List<JsonNode> deadLetters = broker.committed(settings.topics().deadLetters(), 0);
            check(deadLetters.isEmpty(), "no dead letters: " + deadLetters);
            broker.send(ReleaseScenario.atTheSavepoint().toArray(new UserEvent[0]));
            // Offsets are committed when a checkpoint completes: once they reach the end of every
            // partition, a checkpoint's barrier has followed ari's like through the journeys.
            awaitConsumed(broker.bootstrapServers(), settings);
            FlinkCluster.Health health = flink.health(job.getJobID());
            check(health.restarts() == 0, "the job never restarted: " + health);

            String savepoint =
                    job.stopWithSavepoint(
                                    false,
                                    work.resolve("savepoints").toUri().toString(),
                                    SavepointFormatType.CANONICAL)
                            .get();
            Map<String, Long> offsets =
                    endOffsets(
                            broker.bootstrapServers(),
                            Set.of(settings.topics().events(), settings.topics().control()));

            Files.createDirectories(fixture);
            copy(Path.of(java.net.URI.create(savepoint)), fixture.resolve("savepoint"));
            Files.writeString(
                    fixture.resolve("patterns.yaml"), ReleaseScenario.FILE, StandardCharsets.UTF_8);
            Files.writeString(
                    fixture.resolve("live-patterns.yaml"),
                    ReleaseScenario.LIVE,
                    StandardCharsets.UTF_8);
            writeProperties(fixture.resolve("fixture.properties"), release, offsets);
            LOG.info(
                    "Release savepoint {} written to {}: {} bytes",
                    release,
                    fixture.toAbsolutePath(),
                    size(fixture));
        } finally {
            delete(work);
        }
    }

    private static Predicate<JsonNode> action(Shopper shopper, String patternId, String clock) {
        return a ->
                a.get("userId").asText().equals(shopper.id())
                        && a.get("patternId").asText().equals(patternId)
                        && a.get("triggeredAt").asText().equals(Json.time(at(clock)));
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new IllegalStateException("The scenario did not go as planned: " + what);
        }
    }

    /** Waits until the job's committed offsets of {@code user-events} are at its end offsets. */
    private static void awaitConsumed(String bootstrap, JobSettings settings) throws Exception {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        Map<String, Long> end = endOffsets(bootstrap, Set.of(settings.topics().events()));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            while (true) {
                Map<String, Long> committed = new TreeMap<>();
                admin.listConsumerGroupOffsets(settings.kafka().groupId())
                        .partitionsToOffsetAndMetadata()
                        .get()
                        .forEach(
                                (partition, offset) -> {
                                    if (offset != null
                                            && partition
                                                    .topic()
                                                    .equals(settings.topics().events())) {
                                        committed.put(partition.toString(), offset.offset());
                                    }
                                });
                if (committed.equals(end)) {
                    return;
                }
                check(
                        System.nanoTime() < deadline,
                        "the job consumed every event: committed " + committed + ", end " + end);
                Thread.sleep(200);
            }
        }
    }

    /** The end offset of every partition of {@code topics}, as {@code topic-partition}. */
    private static Map<String, Long> endOffsets(String bootstrap, Set<String> topics)
            throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
            for (TopicDescription topic :
                    admin.describeTopics(topics).allTopicNames().get().values()) {
                topic.partitions()
                        .forEach(
                                p ->
                                        latest.put(
                                                new TopicPartition(topic.name(), p.partition()),
                                                OffsetSpec.latest()));
            }
            Map<String, Long> offsets = new TreeMap<>();
            admin.listOffsets(latest)
                    .all()
                    .get()
                    .forEach((partition, info) -> offsets.put(partition.toString(), info.offset()));
            return offsets;
        }
    }

    private static void writeProperties(Path file, String release, Map<String, Long> offsets)
            throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# Written by ReleaseSavepointWriter; read by PreviousReleaseSavepointIT.");
        lines.add("release=" + release);
        lines.add("commit=" + git("rev-parse", "HEAD"));
        lines.add(
                "mainSourcesClean="
                        + git("status", "--porcelain", "--", "../patterns/src/main", "src/main")
                                .isEmpty());
        lines.add("flinkVersion=" + EnvironmentInformation.getVersion());
        lines.add("writtenAt=" + Instant.now());
        lines.add("parallelism=" + ReleaseScenario.PARALLELISM);
        lines.add("savepointTime=" + Json.time(ReleaseScenario.SAVEPOINT_TIME));
        lines.add("# End offsets per topic-partition: where the savepoint's Kafka sources resume.");
        offsets.forEach((partition, offset) -> lines.add("offset." + partition + "=" + offset));
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    static Properties readProperties(Path file) throws IOException {
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties;
    }

    private static String git(String... args) {
        try {
            List<String> command = new ArrayList<>(List.of("git"));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor() == 0 ? out.strip() : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** Copies the directory tree {@code from} to {@code to}. */
    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.sorted().toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    static long size(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(
                            f -> {
                                try {
                                    return Files.size(f);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            })
                    .sum();
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
