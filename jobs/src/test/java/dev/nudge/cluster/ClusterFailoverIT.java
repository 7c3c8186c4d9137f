package dev.nudge.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nudge.backtest.Backtest;
import dev.nudge.demo.DemoClients;
import dev.nudge.event.UserEvent;
import dev.nudge.generate.ShopperGenerator;
import dev.nudge.testing.Cli;
import dev.nudge.testing.Kafka;
import dev.nudge.testing.Shopper;
import dev.nudge.wire.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shaded job jar on a real Flink session cluster (a JobManager and TaskManagers in processes of
 * their own) against a Kafka broker in another process: TaskManagers running the job are killed
 * with SIGKILL twice while generated events flow, the job is then stopped with a savepoint and
 * submitted again from it (an upgrade), and the {@code read_committed} action topic then holds
 * exactly the actions of a failure-free backtest of the same events, each once.
 */
class ClusterFailoverIT {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterFailoverIT.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern METRIC_NAME = Pattern.compile("flink_[A-Za-z0-9_]+");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JOB_JAR = Path.of("target", "nudge-job.jar");
    private static final Path PATTERNS = Path.of("..", "config", "patterns.yaml");
    private static final int PARALLELISM = 2;
    private static final int SLOTS = 2;
    private static final int BATCHES = 30;

    /** In the past of any build machine's clock: events ahead of it go to the dead letters. */
    private static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

    private static final String CLOCK = "clock-";

    @TempDir Path dir;

    @Test
    void actionsAreExactlyThoseOfABacktestAcrossTwoKilledTaskManagers() throws Exception {
        long began = System.nanoTime();
        List<UserEvent> events = generated();
        Path history = dir.resolve("history.jsonl");
        writeHistory(history, events);

        try (StandaloneCluster cluster =
                new StandaloneCluster(
                        Files.createDirectories(dir.resolve("cluster")), SLOTS, PARALLELISM)) {
            try {
                String bootstrap = cluster.startKafka(PARALLELISM);
                Path jobYaml = dir.resolve("job.yaml");
                Files.writeString(
                        jobYaml,
                        "kafka: {bootstrapServers: \""
                                + bootstrap
                                + "\", groupId: nudge-cluster, startingOffsets: EARLIEST,"
                                + " transactionalIdPrefix: nudge-cluster}\n"
                                + "watermarks: {maxOutOfOrderness: 5s, idleness: 5m}\n");

                Set<String> expected = backtest(history, jobYaml);

                cluster.startJobManager();
                cluster.startTaskManager();
                cluster.startTaskManager();
                cluster.awaitTaskManagers(2);
                String jarId = cluster.upload(JOB_JAR);
                String jobId = submit(cluster, jarId, jobYaml, null);
                LOG.info("Job {} running on two TaskManagers", jobId);

                AtomicInteger batchesSent = new AtomicInteger();
                AtomicReference<Throwable> producerFailure = new AtomicReference<>();
                Thread producer =
                        new Thread(
                                () -> produceGradually(bootstrap, events, batchesSent),
                                "event-producer");
                producer.setUncaughtExceptionHandler((t, e) -> producerFailure.set(e));
                producer.start();

                List<Long> recoveries = new ArrayList<>();
                for (int kill = 1; kill <= 2; kill++) {
                    int at = kill * BATCHES / 3;
                    while (batchesSent.get() < at && producer.isAlive()) {
                        Thread.sleep(100);
                    }
                    LOG.info(
                            "Before kill {}: {} of {} batches sent, {} actions committed",
                            kill,
                            batchesSent.get(),
                            BATCHES,
                            committedActions(bootstrap));
                    recoveries.add(killATaskManagerAndRecover(cluster, jobId));
                }
                JsonNode exceptions = cluster.get("/jobs/" + jobId + "/exceptions");
                int failures = exceptions.path("exceptionHistory").path("entries").size();

                // An upgrade while events keep coming: stop with a savepoint, submit again from it.
                while (batchesSent.get() < 5 * BATCHES / 6 && producer.isAlive()) {
                    Thread.sleep(100);
                }
                long stopping = System.nanoTime();
                String savepoint = stopWithSavepoint(cluster, jobId, dir.resolve("savepoint"));
                String upgraded = submit(cluster, jarId, jobYaml, savepoint);
                JsonNode restored =
                        cluster.get("/jobs/" + upgraded + "/checkpoints")
                                .path("latest")
                                .path("restored");
                LOG.info(
                        "Stopped {} with savepoint {} and resubmitted as {} in {} ms; restored: {}",
                        jobId,
                        savepoint,
                        upgraded,
                        (System.nanoTime() - stopping) / 1_000_000,
                        restored);
                assertThat(restored.path("is_savepoint").asBoolean())
                        .as("the resubmitted job started from the savepoint: %s", restored)
                        .isTrue();
                producer.join();
                assertThat(producerFailure.get()).as("producing events").isNull();
                Kafka.produce(bootstrap, ticks(events));

                List<ConsumerRecord<byte[], byte[]>> committed =
                        Kafka.committed(
                                bootstrap,
                                "marketing-actions",
                                expected.size(),
                                Duration.ofSeconds(5),
                                Duration.ofMinutes(4));
                List<String> ids = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : committed) {
                    JsonNode action = JSON.readTree(record.value());
                    if (!action.path("userId").asText().startsWith(CLOCK)) {
                        ids.add(action.get("actionId").asText());
                    }
                }
                Map<String, Integer> counts = new HashMap<>();
                ids.forEach(id -> counts.merge(id, 1, Integer::sum));
                long duplicates = counts.values().stream().filter(c -> c > 1).count();
                Set<String> lost = new TreeSet<>(expected);
                lost.removeAll(counts.keySet());
                Set<String> unexpected = new TreeSet<>(counts.keySet());
                unexpected.removeAll(expected);
                LOG.info(
                        "Cluster failover: {} events, {} expected actions, {} committed, {}"
                                + " duplicated, {} lost, {} unexpected; {} failures in the job's"
                                + " history; recovery (kill to next completed checkpoint) {} ms;"
                                + " wall time {} s",
                        events.size(),
                        expected.size(),
                        ids.size(),
                        duplicates,
                        lost.size(),
                        unexpected.size(),
                        failures,
                        recoveries,
                        (System.nanoTime() - began) / 1_000_000_000);

                assertThat(failures)
                        .as("both kills failed the job, and it recovered from each")
                        .isGreaterThanOrEqualTo(2);
                assertThat(duplicates).as("actions committed twice").isZero();
                assertThat(lost).as("actions of the backtest never committed").isEmpty();
                assertThat(unexpected).as("actions committed the backtest does not have").isEmpty();
                assertThat(ids).hasSize(expected.size());
                assertTheAlertsSeeTheirMetrics(cluster.scrapeMetrics());
                cluster.post("/jobs/" + upgraded + "/stop", Map.of("drain", false));
            } catch (Throwable e) {
                LOG.error(
                        "Cluster test failed; the processes' logs end with:{}",
                        cluster.logTails(60));
                throw e;
            }
        }
    }

    /**
     * Every metric an alert of {@code k8s/monitoring.yaml} reads is one that Flink's Prometheus
     * reporter exposes for this job, under that name and with the job's name as a label: an alert
     * on a name nobody exports would never fire.
     */
    private static void assertTheAlertsSeeTheirMetrics(String scraped) throws Exception {
        Set<String> used = new TreeSet<>();
        try (var parser =
                YAML.getFactory().createParser(Path.of("..", "k8s", "monitoring.yaml").toFile())) {
            YAML.readValues(parser, JsonNode.class)
                    .forEachRemaining(
                            doc -> {
                                for (String expr : doc.findValuesAsText("expr")) {
                                    Matcher names = METRIC_NAME.matcher(expr);
                                    while (names.find()) {
                                        used.add(names.group());
                                    }
                                }
                            });
        }
        LOG.info("Alerts read {}; the reporters expose {} lines", used, scraped.lines().count());
        assertThat(used).as("metrics the alerts read").hasSizeGreaterThanOrEqualTo(4);
        assertThat(used)
                .allSatisfy(
                        name ->
                                assertThat(scraped)
                                        .as("the scrape of the cluster's reporters")
                                        .containsPattern(
                                                "(?m)^" + name + "\\{[^}]*job_name=\"nudge\""));
    }

    /**
     * Runs the job jar ({@code nudge run}), from a savepoint if one is given; returns the job id.
     */
    private static String submit(
            StandaloneCluster cluster, String jarId, Path jobYaml, String savepoint)
            throws Exception {
        Map<String, Object> request = new HashMap<>();
        request.put("entryClass", "dev.nudge.cli.NudgeCli");
        request.put(
                "programArgsList",
                List.of(
                        "run",
                        "--job",
                        jobYaml.toString(),
                        "--patterns",
                        PATTERNS.toAbsolutePath().normalize().toString()));
        if (savepoint != null) {
            request.put("savepointPath", savepoint);
        }
        String jobId = cluster.post("/jars/" + jarId + "/run", request).get("jobid").asText();
        awaitRunning(cluster, jobId);
        return jobId;
    }

    /** {@code POST /jobs/<id>/stop} without draining; returns the savepoint's location. */
    private static String stopWithSavepoint(StandaloneCluster cluster, String jobId, Path target)
            throws Exception {
        String trigger =
                cluster.post(
                                "/jobs/" + jobId + "/stop",
                                Map.of(
                                        "targetDirectory",
                                        target.toUri().toString(),
                                        "drain",
                                        false))
                        .get("request-id")
                        .asText();
        JsonNode answer =
                cluster.awaitRest(
                        "/jobs/" + jobId + "/savepoints/" + trigger,
                        a -> a.path("status").path("id").asText().equals("COMPLETED"),
                        Duration.ofMinutes(2));
        JsonNode operation = answer.path("operation");
        assertThat(operation.has("location")).as("stop with savepoint: %s", answer).isTrue();
        cluster.awaitRest(
                "/jobs/" + jobId,
                job -> job.path("state").asText().equals("FINISHED"),
                Duration.ofMinutes(1));
        return operation.get("location").asText();
    }

    private static int committedActions(String bootstrap) {
        return Kafka.committed(
                        bootstrap,
                        "marketing-actions",
                        0,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(10))
                .size();
    }

    /** A couple of days of generated shoppers, a few thousand events. */
    private static List<UserEvent> generated() {
        ShopperGenerator generator =
                new ShopperGenerator(
                        400, START, Duration.ofDays(2), 11, ZoneId.of("Asia/Shanghai"));
        List<UserEvent> events = new ArrayList<>();
        generator.forEachRemaining(events::add);
        return events;
    }

    /**
     * One search per partition far after the last event (past every window, cooldown and the state
     * TTL): it moves every partition's watermark so that the live job decides all that the backtest
     * decides at the end of its input. These users' own actions (the backtest ends their windows,
     * the live job never does) are left out of the comparison.
     */
    private static List<ProducerRecord<byte[], byte[]>> ticks(List<UserEvent> events) {
        long at = events.get(events.size() - 1).ts() + Duration.ofDays(200).toMillis();
        List<ProducerRecord<byte[], byte[]>> ticks = new ArrayList<>();
        for (int p = 0; p < PARALLELISM; p++) {
            ticks.add(Kafka.event("user-events", p, tick(p, at)));
        }
        return ticks;
    }

    private static UserEvent tick(int partition, long at) {
        return Shopper.named(CLOCK + partition).searches().at(at);
    }

    private static void writeHistory(Path file, List<UserEvent> events) throws Exception {
        List<UserEvent> all = new ArrayList<>(events);
        long at = events.get(events.size() - 1).ts() + Duration.ofDays(200).toMillis();
        for (int p = 0; p < PARALLELISM; p++) {
            all.add(tick(p, at));
        }
        try (var out = Files.newOutputStream(file)) {
            for (UserEvent event : all) {
                out.write(Json.event(event));
                out.write('\n');
            }
        }
    }

    /** The action ids of a failure-free backtest of the same events, the clock users' left out. */
    private Set<String> backtest(Path history, Path jobYaml) throws Exception {
        Path out = dir.resolve("backtest");
        Cli cli =
                Cli.run(
                        "backtest",
                        "--input",
                        history.toString(),
                        "--patterns",
                        PATTERNS.toString(),
                        "--job",
                        jobYaml.toString(),
                        "--out",
                        out.toString(),
                        "--parallelism",
                        Integer.toString(PARALLELISM));
        assertThat(cli.exitCode).as("backtest: %s", cli.err).isZero();
        Set<String> ids = new HashSet<>();
        int clock = 0;
        for (String line : Files.readAllLines(out.resolve(Backtest.ACTIONS))) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode action = JSON.readTree(line);
            if (action.path("userId").asText().startsWith(CLOCK)) {
                clock++;
            } else {
                ids.add(action.get("actionId").asText());
            }
        }
        LOG.info("Backtest: {} actions ({} of the clock users left out)", ids.size(), clock);
        assertThat(ids).as("the backtest decides some actions").isNotEmpty();
        return ids;
    }

    /** Sends the events in {@link #BATCHES} batches about a second apart. */
    private static void produceGradually(
            String bootstrap, List<UserEvent> events, AtomicInteger batchesSent) {
        try (KafkaProducer<byte[], byte[]> producer = DemoClients.producer(bootstrap)) {
            int size = (events.size() + BATCHES - 1) / BATCHES;
            for (int b = 0; b < BATCHES; b++) {
                for (UserEvent event :
                        events.subList(
                                Math.min(events.size(), b * size),
                                Math.min(events.size(), (b + 1) * size))) {
                    producer.send(Kafka.event("user-events", event));
                }
                producer.flush();
                batchesSent.incrementAndGet();
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kills a TaskManager that runs tasks of the job, starts a replacement, and returns the time
     * from the kill to the next checkpoint completed after it.
     */
    private static long killATaskManagerAndRecover(StandaloneCluster cluster, String jobId)
            throws Exception {
        String victim = null;
        for (JsonNode tm : cluster.get("/taskmanagers").get("taskmanagers")) {
            if (tm.get("freeSlots").asInt() < tm.get("slotsNumber").asInt()) {
                victim = tm.get("id").asText();
                break;
            }
        }
        assertThat(victim).as("a TaskManager running the job").isNotNull();
        long killed = System.currentTimeMillis();
        cluster.kill(victim);
        String replacement = cluster.startTaskManager();
        LOG.info("Killed {}, started {}", victim, replacement);
        JsonNode checkpoints =
                cluster.awaitRest(
                        "/jobs/" + jobId + "/checkpoints",
                        c ->
                                c.path("latest")
                                                .path("completed")
                                                .path("latest_ack_timestamp")
                                                .asLong()
                                        > killed,
                        Duration.ofMinutes(3));
        long recovery =
                checkpoints.path("latest").path("completed").path("latest_ack_timestamp").asLong()
                        - killed;
        JsonNode restored = checkpoints.path("latest").path("restored");
        LOG.info(
                "Recovered from the loss of {} in {} ms (checkpoint {}); restored: {}",
                victim,
                recovery,
                checkpoints.path("latest").path("completed").path("id").asLong(),
                restored);
        assertThat(restored.path("restore_timestamp").asLong())
                .as("the job restarted from a checkpoint after the kill: %s", restored)
                .isGreaterThan(killed);
        return recovery;
    }

    private static void awaitRunning(StandaloneCluster cluster, String jobId) throws Exception {
        cluster.awaitRest(
                "/jobs/" + jobId,
                job -> {
                    if (!job.path("state").asText().equals("RUNNING")) {
                        return false;
                    }
                    for (JsonNode vertex : job.path("vertices")) {
                        if (!vertex.path("status").asText().equals("RUNNING")) {
                            return false;
                        }
                    }
                    return true;
                },
                Duration.ofMinutes(2));
    }
}
