package dev.nudge.demo;

import dev.nudge.config.Durations;
import dev.nudge.connect.KafkaConnectors;
import dev.nudge.event.UserEvent;
import dev.nudge.generate.DirtyRecords;
import dev.nudge.generate.ShopperGenerator;
import dev.nudge.job.JobSettings;
import dev.nudge.job.NudgeJob;
import dev.nudge.wire.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;

/**
 * The demo (SPEC §8): a real single-node Kafka, the production job on a local Flink with its web
 * dashboard, and generated shoppers replayed on a compressed clock, so that actions appear within
 * seconds. The waits of flows are shortened further, and said so ({@link DemoWaits}): a few hours
 * of shopping would otherwise show only a flow's first message. It ends after its duration or on
 * interrupt, committing the last outputs and removing everything it started.
 */
public final class Demo {
    /** What to run. */
    /**
     * @param workDir where the demo keeps the broker's data, the savepoint and Flink's temporary
     *     files, in one directory of its own that it removes at the end
     */
    public record Options(
            Duration duration,
            int users,
            double speed,
            long seed,
            double badRate,
            int parallelism,
            Path workDir) {}

    private static final int PARTITIONS = 4;
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private final Options options;
    private final String patternsDocument;
    private final JobSettings defaults;
    private final PrintWriter out;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch cleanedUp = new CountDownLatch(1);

    public Demo(Options options, String patternsDocument, JobSettings defaults, PrintWriter out) {
        this.options = options;
        this.patternsDocument = patternsDocument;
        this.defaults = defaults;
        this.out = out;
    }

    /** Asks a running demo to finish now (from a shutdown hook, say). */
    public void requestStop() {
        stop.countDown();
    }

    /** Waits until a run has removed everything it started. */
    public boolean awaitCleanup(Duration timeout) throws InterruptedException {
        return cleanedUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs the demo to its end and returns its summary line. */
    public String run() throws Exception {
        Path work = Files.createTempDirectory(options.workDir(), "nudge-demo-");
        Path savepoints = Files.createDirectory(work.resolve("savepoints"));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work)) {
            JobSettings settings = settings(kafka.bootstrapServers());
            JobSettings.Topics topics = settings.topics();
            kafka.createTopics(topics, PARTITIONS);
            int dashboard = freePort();
            DemoWaits.Shortened running = DemoWaits.shorten(patternsDocument);
            JobClient job =
                    startJob(
                            settings,
                            running.document(),
                            dashboard,
                            Files.createDirectory(work.resolve("flink")));
            long wallStart = System.currentTimeMillis();
            long span = (long) (options.duration().toMillis() * options.speed());
            Instant eventStart = eveningBefore(Instant.ofEpochMilli(wallStart - span));
            out.printf(
                    "Nudge demo: %,d shoppers, %s of shopping from %s %s replayed at %sx in %s%n",
                    options.users(),
                    Durations.inWords(Duration.ofMillis(span)),
                    DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").format(eventStart.atZone(ZONE)),
                    ZONE.getId(),
                    formatSpeed(),
                    Durations.inWords(options.duration()));
            if (!running.shortened().isEmpty()) {
                out.printf(
                        "  Flow waits are shortened for the demo, a day to %s: %s%n",
                        Durations.inWords(DemoWaits.DAY_IN_THE_DEMO),
                        String.join(", ", running.shortened()));
            }
            out.printf("  Flink dashboard   http://127.0.0.1:%d/%n", dashboard);
            out.printf(
                    "  Kafka bootstrap   %s  (e.g. kcat -b %s -C -t %s -X isolation.level=read_committed)%n",
                    kafka.bootstrapServers(), kafka.bootstrapServers(), topics.actions());
            out.println("  Actions as they are committed:");

            Watcher watcher = new Watcher(kafka.bootstrapServers(), topics, out, wallStart);
            Feeder feeder =
                    new Feeder(
                            kafka.bootstrapServers(), topics.events(), eventStart, span, wallStart);
            watcher.start();
            feeder.start();
            stop.await(options.duration().toMillis(), TimeUnit.MILLISECONDS);
            feeder.finish();
            out.println("  Stopping: committing the last outputs with a savepoint ...");
            job.stopWithSavepoint(
                            false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(2, TimeUnit.MINUTES);
            watcher.finish(Duration.ofSeconds(3));
            String summary = watcher.summary(feeder.sent());
            out.println(summary);
            return summary;
        } finally {
            FileUtils.deleteDirectory(work.toFile());
            cleanedUp.countDown();
        }
    }

    /**
     * The latest 18:00 in the shoppers' time zone at or before {@code latest}: evenings are busy,
     * and replaying the past keeps every event behind the processing clock.
     */
    static Instant eveningBefore(Instant latest) {
        ZonedDateTime evening = latest.atZone(ZONE).withHour(18).truncatedTo(ChronoUnit.HOURS);
        return (evening.toInstant().isAfter(latest) ? evening.minusDays(1) : evening).toInstant();
    }

    private JobSettings settings(String bootstrap) {
        return defaults.withKafka(JobSettings.Kafka.local(bootstrap, "nudge-demo"));
    }

    private JobClient startJob(
            JobSettings settings, String patterns, int dashboardPort, Path flinkTemp)
            throws Exception {
        Configuration conf = new Configuration();
        // Flink's local files (RocksDB, blobs, the dashboard's uploads) go with the demo's own.
        conf.set(CoreOptions.TMP_DIRS, flinkTemp.toString());
        conf.set(WebOptions.TMP_DIR, flinkTemp.toString());
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, dashboardPort);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(2));
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        env.setParallelism(options.parallelism());
        return new NudgeJob(
                        settings,
                        patterns,
                        KafkaConnectors.source(settings),
                        KafkaConnectors.outputs(settings))
                .withControl(KafkaConnectors.control(settings))
                .start(env);
    }

    private String formatSpeed() {
        return options.speed() == Math.rint(options.speed())
                ? Long.toString((long) options.speed())
                : Double.toString(options.speed());
    }

    /** Produces generated events when the compressed clock reaches their time. */
    private final class Feeder extends Thread {
        private final String bootstrap;
        private final String topic;
        private final ShopperGenerator events;
        private final DirtyRecords dirty;
        private final long eventStart;
        private final long wallStart;
        private volatile boolean finished;
        private volatile long sent;

        Feeder(String bootstrap, String topic, Instant eventStart, long span, long wallStart) {
            super("demo-feeder");
            setDaemon(true);
            this.bootstrap = bootstrap;
            this.topic = topic;
            this.events =
                    new ShopperGenerator(
                            options.users(),
                            eventStart,
                            Duration.ofMillis(span),
                            options.seed(),
                            ZONE);
            this.dirty = new DirtyRecords(options.seed(), options.badRate());
            this.eventStart = eventStart.toEpochMilli();
            this.wallStart = wallStart;
        }

        @Override
        public void run() {
            try (var producer = DemoClients.producer(bootstrap)) {
                while (!finished && events.hasNext()) {
                    UserEvent event = events.next();
                    long due = wallStart + (long) ((event.ts() - eventStart) / options.speed());
                    long wait = due - System.currentTimeMillis();
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                    for (byte[] record : dirty.around(Json.event(event))) {
                        producer.send(DemoClients.record(topic, event.userId(), record));
                        sent++;
                    }
                }
                producer.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void finish() throws InterruptedException {
            finished = true;
            interrupt();
            join(10_000);
        }

        long sent() {
            return sent;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
