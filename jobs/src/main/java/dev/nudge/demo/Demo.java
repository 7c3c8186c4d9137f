package dev.nudge.demo;

import dev.nudge.backtest.HistoryFormat;
import dev.nudge.config.ConfigVersions;
import dev.nudge.config.Durations;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.connect.KafkaConnectors;
import dev.nudge.console.Console;
import dev.nudge.console.ConsoleSettings;
import dev.nudge.console.ConsoleSources;
import dev.nudge.generate.DirtyRecords;
import dev.nudge.generate.ShopperGenerator;
import dev.nudge.job.JobSettings;
import dev.nudge.job.NudgeJob;
import dev.nudge.wire.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
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
 * dashboard, and generated shoppers. A few weeks of their history go in first, as fast as the job
 * takes them, so that the shoppers have what most moments need: purchase cycles to predict, lapses,
 * first orders still to come, spend to cross a threshold. Then their evening goes on live on a
 * compressed clock, so that actions appear within seconds. Of the history's actions only a sample
 * is printed, and all are counted. The waits of flows are shortened further, and said so ({@link
 * DemoWaits}): a few hours of shopping would otherwise show only a flow's first message. The whole
 * demo, from its first line, takes its duration; then it stops the job with a savepoint, which
 * commits the last outputs, and removes everything it started.
 */
public final class Demo {
    /**
     * What to run.
     *
     * @param history how much of the shoppers' past goes in before the live part; zero for none
     * @param workDir where the demo keeps the broker's data, the savepoint and Flink's temporary
     *     files, in one directory of its own that it removes at the end
     * @param consolePort where the operator console listens on 127.0.0.1 (any free port when it is
     *     taken, or 0); empty for no console
     */
    public record Options(
            Duration duration,
            Duration history,
            int users,
            double speed,
            long seed,
            double badRate,
            int parallelism,
            Path workDir,
            OptionalInt consolePort) {}

    /** Shoppers and days of the history file the console can backtest edited patterns on. */
    private static final int BACKTEST_USERS = 500;

    private static final Duration BACKTEST_DAYS = Duration.ofDays(14);

    private static final int PARTITIONS = 4;
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

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

    /** Runs the demo to its end and returns its summary's lines, as printed. */
    public List<String> run() throws Exception {
        long started = System.nanoTime();
        long deadline = started + options.duration().toNanos();
        int width = ActionColumns.width(System.getenv());
        Screen screen = new Screen(out, started, width);
        PatternsConfig config = PatternsConfigReader.read(patternsDocument, "patterns.yaml");
        DemoWaits.Shortened running = DemoWaits.shorten(patternsDocument);
        long span = (long) (options.duration().toMillis() * options.speed());
        Instant liveStart = eveningBefore(Instant.now().minusMillis(span));
        Instant historyStart = liveStart.minus(options.history());
        header(screen, config, liveStart, historyStart, running);
        Path work = Files.createTempDirectory(options.workDir(), "nudge-demo-");
        Path savepoints = Files.createDirectory(work.resolve("savepoints"));
        try {
            screen.status("starting Kafka, one KRaft broker in this process ...");
            try (EmbeddedKafka kafka = EmbeddedKafka.start(work)) {
                String bootstrap = kafka.bootstrapServers();
                JobSettings settings = settings(bootstrap);
                JobSettings.Topics topics = settings.topics();
                kafka.createTopics(topics, PARTITIONS);
                screen.status("Kafka running at %s, its topics created", bootstrap);
                int dashboard = freePort();
                try (Console console =
                        startConsole(settings, running.document(), dashboard, historyStart, work)) {
                    hints(screen, config, bootstrap, topics, console);
                    ActionColumns columns = ActionColumns.of(config, options.users(), width);
                    screen.line("");
                    screen.line(columns.header());
                    Feeder feeder =
                            new Feeder(
                                    bootstrap,
                                    topics.events(),
                                    new ShopperGenerator(
                                            options.users(),
                                            historyStart,
                                            options.history().plusMillis(span),
                                            options.seed(),
                                            ZONE),
                                    new DirtyRecords(options.seed(), options.badRate()),
                                    liveStart.toEpochMilli(),
                                    options.speed(),
                                    sent -> historySent(screen, sent));
                    Watcher watcher =
                            new Watcher(
                                    bootstrap,
                                    topics,
                                    screen,
                                    columns,
                                    feeder,
                                    liveStart.toEpochMilli(),
                                    liveHeading(liveStart),
                                    ZONE);
                    watcher.start();
                    if (!options.history().isZero()) {
                        screen.status(
                                "sending %s of history to %s ...",
                                Durations.inWords(options.history()), topics.events());
                    }
                    feeder.start();
                    try {
                        screen.status(
                                "starting the job on a local Flink, parallelism %d ...",
                                options.parallelism());
                        JobClient job =
                                startJob(
                                        settings,
                                        running.document(),
                                        dashboard,
                                        Files.createDirectory(work.resolve("flink")));
                        boolean jobRuns = awaitRunning(job, deadline);
                        if (jobRuns) {
                            screen.status(
                                    "job running, its dashboard at http://127.0.0.1:%d/",
                                    dashboard);
                        }
                        stop.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                        feeder.finish();
                        if (jobRuns) {
                            screen.status(
                                    "stopping: committing the last outputs with a savepoint ...");
                            job.stopWithSavepoint(
                                            false,
                                            savepoints.toUri().toString(),
                                            SavepointFormatType.CANONICAL)
                                    .get(2, TimeUnit.MINUTES);
                        } else {
                            screen.status(
                                    "stopping: the job was not running yet, so it is cancelled");
                            job.cancel().get(1, TimeUnit.MINUTES);
                        }
                        if (!watcher.finish(Duration.ofSeconds(30))) {
                            screen.line("  (not every committed record was read in time)");
                        }
                        DemoSummary summary = watcher.summary();
                        summary.lines().forEach(screen::line);
                        return summary.lines();
                    } finally {
                        // Also when the job failed: no thread of the demo outlives it.
                        feeder.finish();
                        watcher.finish(Duration.ZERO);
                    }
                }
            }
        } finally {
            FileUtils.deleteDirectory(work.toFile());
            cleanedUp.countDown();
        }
    }

    /** What the demo does, before it does it. */
    private void header(
            Screen screen,
            PatternsConfig config,
            Instant liveStart,
            Instant historyStart,
            DemoWaits.Shortened running) {
        screen.line(
                String.format(
                        Locale.ROOT,
                        "Nudge demo: %,d generated shoppers and the job with patterns version %s,"
                                + " for %s, then a savepoint.",
                        options.users(),
                        config.version(),
                        Durations.inWords(options.duration())));
        String live =
                String.format(
                        Locale.ROOT,
                        "their evening from %s %s goes on live at %sx, an hour of shopping every"
                                + " %s.",
                        minute(liveStart),
                        ZONE.getId(),
                        formatSpeed(),
                        hourTakes());
        if (options.history().isZero()) {
            screen.line("  Live: " + live);
        } else {
            screen.line(
                    String.format(
                            Locale.ROOT,
                            "  1. Their past %s, from %s, goes in as fast as the job takes it, so"
                                    + " that there are purchase",
                            Durations.inWords(options.history()),
                            minute(historyStart)));
            screen.line(
                    "     cycles, lapses, new users without a first order and big spenders. A"
                            + " sample of its actions is shown.");
            screen.line("  2. Then " + live);
        }
        if (!running.shortened().isEmpty()) {
            screen.line(
                    String.format(
                            Locale.ROOT,
                            "  Flow waits are shortened for the demo, a day to %s: %s",
                            Durations.inWords(DemoWaits.DAY_IN_THE_DEMO),
                            String.join(", ", running.shortened())));
        }
    }

    /** How to watch the outputs and change the configuration while the demo runs. */
    private static void hints(
            Screen screen,
            PatternsConfig config,
            String bootstrap,
            JobSettings.Topics topics,
            Console console) {
        if (console != null) {
            screen.line(
                    "  Operator console: "
                            + console.url()
                            + " - what each pattern does, edit and publish, a kill switch,"
                            + " why a user got a message");
        }
        String pattern = config.patterns().isEmpty() ? "a pattern" : config.patterns().get(0).id();
        screen.line(
                String.format(
                        Locale.ROOT,
                        "  Change it live from another terminal: copy the patterns file to"
                                + " changed.yaml, set version: \"%s\"",
                        ConfigVersions.next(config.version())));
        screen.line(
                String.format(
                        Locale.ROOT,
                        "  and, say, enabled: false on %s, then run this (flows then wait as long"
                                + " as the file says):",
                        pattern));
        screen.line(
                String.format(
                        Locale.ROOT,
                        "    java -jar %s publish --patterns changed.yaml --bootstrap %s",
                        jar(),
                        bootstrap));
        screen.line(
                String.format(
                        Locale.ROOT,
                        "  Read the actions yourself: kcat -b %s -C -t %s -X"
                                + " isolation.level=read_committed",
                        bootstrap,
                        topics.actions()));
    }

    private static void historySent(Screen screen, Feeder feeder) {
        if (feeder.historyEvents() > 0) {
            screen.status(
                    "history sent: %,d events; from now on the shoppers' events go live",
                    feeder.historyEvents());
        }
    }

    private String liveHeading(Instant liveStart) {
        return String.format(
                Locale.ROOT,
                "  Live from %s %s at %sx, every action as it is committed:",
                minute(liveStart),
                ZONE.getId(),
                formatSpeed());
    }

    /** Waits until the job runs, or the demo ends; says so if it fails. */
    private boolean awaitRunning(JobClient job, long deadline) throws Exception {
        while (System.nanoTime() < deadline && stop.getCount() > 0) {
            JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
            if (status == JobStatus.RUNNING) {
                return true;
            }
            if (status.isGloballyTerminalState()) {
                throw new IllegalStateException("the job ended before it ran: " + status);
            }
            Thread.sleep(100);
        }
        return false;
    }

    /**
     * The jar this runs from, as the user would name it from where they are, for a command they can
     * paste: {@code jobs/target/nudge.jar} when not run from a jar.
     */
    static String jar() {
        try {
            Path location =
                    Path.of(Demo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (location.getFileName().toString().endsWith(".jar")) {
                Path here = Path.of("").toAbsolutePath();
                return location.startsWith(here)
                        ? here.relativize(location).toString()
                        : location.toString();
            }
        } catch (URISyntaxException | RuntimeException unknown) {
            // The usual place, then.
        }
        return "jobs/target/nudge.jar";
    }

    private static String minute(Instant time) {
        return MINUTE.format(time.atZone(ZONE));
    }

    /** How long an hour of event time takes in the live part, in words. */
    private String hourTakes() {
        double seconds = 3600 / options.speed();
        return seconds >= 10
                ? String.format(Locale.ROOT, "%.0f s", seconds)
                : String.format(Locale.ROOT, "%.1f s", seconds);
    }

    /**
     * The latest 18:00 in the shoppers' time zone at or before {@code latest}: evenings are busy,
     * and replaying the past keeps every event behind the processing clock.
     */
    static Instant eveningBefore(Instant latest) {
        ZonedDateTime evening = latest.atZone(ZONE).withHour(18).truncatedTo(ChronoUnit.HOURS);
        return (evening.toInstant().isAfter(latest) ? evening.minusDays(1) : evening).toInstant();
    }

    /**
     * The operator console on the demo's Kafka and Flink, with a history file of its own to
     * backtest on ({@value #BACKTEST_USERS} shoppers over two weeks, written in the work
     * directory); {@code null} when the demo runs without it.
     */
    private Console startConsole(
            JobSettings settings, String document, int dashboard, Instant historyStart, Path work)
            throws IOException, GeneralSecurityException {
        if (options.consolePort().isEmpty()) {
            return null;
        }
        Path history = work.resolve("backtest-history.jsonl");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(history))) {
            ShopperGenerator shoppers =
                    new ShopperGenerator(
                            BACKTEST_USERS, historyStart, BACKTEST_DAYS, options.seed(), ZONE);
            while (shoppers.hasNext()) {
                out.write(Json.event(shoppers.next()));
                out.write('\n');
            }
        }
        Properties client = new Properties();
        client.put("bootstrap.servers", settings.kafka().bootstrapServers());
        ConsoleSources sources =
                new ConsoleSources(
                        settings,
                        client,
                        client,
                        Optional.of(URI.create("http://127.0.0.1:" + dashboard)),
                        Optional.of(
                                new ConsoleSources.History(
                                        history, Optional.of(HistoryFormat.named("jsonl")))),
                        Optional.of(new ConsoleSources.Document(document, "patterns.yaml")),
                        System.getProperty("user.name", "demo"));
        int port = options.consolePort().getAsInt();
        try {
            return Console.start(ConsoleSettings.local(port), sources);
        } catch (BindException taken) {
            return Console.start(ConsoleSettings.local(0), sources);
        }
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
