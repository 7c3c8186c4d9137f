package dev.nudge.console;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.backtest.HistoryFormat;
import dev.nudge.connect.KafkaConnectors;
import dev.nudge.generate.ShopperGenerator;
import dev.nudge.job.JobSettings;
import dev.nudge.job.NudgeJob;
import dev.nudge.testing.Broker;
import dev.nudge.testing.Browser;
import dev.nudge.testing.Configs;
import dev.nudge.testing.FlinkCluster;
import dev.nudge.testing.Shopper;
import dev.nudge.wire.Json;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console as an operator uses it, in headless Chromium, against the real job on a MiniCluster
 * between a real broker's topics: the live view shows a decision the job just made, an invalid edit
 * shows its error at its line, a publish asks first and shows the job's answer, and the kill
 * switch, confirmed in the page, is answered APPLIED and the pattern's sends stop. Every page is
 * saved as a screenshot under {@code target/console-screenshots/} for a reviewer to look at.
 *
 * <p>The tests run in order, as one operator's session: each builds on what the one before did to
 * the job.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIT {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleBrowserIT.class);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** 10:00 UTC on the first day: outside the quiet hours of the configuration. */
    private static final long MORNING = BEGINNING + 8 * ONE_HOUR;

    private static final String VERSION = "2026-12-03.1";

    @TempDir static Path files;

    /**
     * What the page, the console and Flink showed when a step failed, for whoever reads the log.
     */
    @RegisterExtension
    static final TestWatcher WHAT_IT_SHOWED =
            new TestWatcher() {
                @Override
                public void testFailed(ExtensionContext context, Throwable cause) {
                    showWhatItShowed(context.getDisplayName());
                }
            };

    private static Broker broker;
    private static FlinkCluster flink;
    private static JobClient job;
    private static Console console;
    private static Browser browser;

    @BeforeAll
    static void startEverything() throws Exception {
        long started = System.nanoTime();
        broker = Broker.start("nudge-console-it", "{maxOutOfOrderness: 1s, idleness: 1s}");
        flink = new FlinkCluster(1, 3, 2);
        String patterns = Configs.switchableBrowse(VERSION, true, "browse_v1", "30m");
        JobSettings settings = broker.settings();
        job =
                new NudgeJob(
                                settings,
                                patterns,
                                KafkaConnectors.source(settings),
                                KafkaConnectors.outputs(settings))
                        .withControl(KafkaConnectors.control(settings))
                        .start(flink.environment());
        Properties client = new Properties();
        client.put("bootstrap.servers", broker.bootstrapServers());
        URI rest = flink.miniCluster().getRestAddress().get();
        console =
                Console.start(
                        ConsoleSettings.local(0),
                        new ConsoleSources(
                                settings,
                                client,
                                client,
                                Optional.of(rest),
                                Optional.of(
                                        new ConsoleSources.History(
                                                history(),
                                                Optional.of(HistoryFormat.named("jsonl")))),
                                Optional.of(new ConsoleSources.Document(patterns, "patterns.yaml")),
                                "anna"));
        browser = Browser.start(Files.createDirectories(files.resolve("browser")));
        browser.size(1400, 1000);
        LOG.info(
                "Broker, job, console and browser up in {} ms",
                (System.nanoTime() - started) / 1_000_000);
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (console != null) {
            console.close();
        }
        if (job != null) {
            job.cancel().get();
        }
        if (flink != null) {
            flink.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void theLiveViewShowsADecisionTheJobJustMade() throws Exception {
        Shopper bob = Shopper.named("bob");
        browser.open(console.url());
        browser.awaitText("#in-force", VERSION, PATIENCE);
        browser.awaitText("#live-health [data-field=\"state\"]", "RUNNING", PATIENCE);

        broker.send(bob.views("lamp").at(MORNING), bob.views("rug").at(MORNING + ONE_MINUTE));

        awaitWhileTimeGoesOn(
                "#live-recent tr[data-user=\"bob\"][data-pattern=\"browse\"][data-outcome=\"SENT\"]",
                MORNING + ONE_HOUR);
        assertThat(
                        browser.awaitText(
                                        "#live-patterns tr[data-pattern=\"browse\"]"
                                                + " [data-field=\"sent\"]",
                                        "1",
                                        PATIENCE)
                                .text())
                .isEqualTo("1");
        browser.screenshot("1-live");
    }

    @Test
    @Order(2)
    void anInvalidEditShowsItsErrorAtItsLine() throws Exception {
        browser.open(URI.create(console.url() + "#change"));
        Browser.Element editor = browser.await("#change-editor", PATIENCE);
        browser.awaitText("#change-validity", "valid", PATIENCE);
        String broken =
                Configs.switchableBrowse("2026-12-03.2", true, "browse_v1", "30m")
                        .replace("minViews: 2", "minViews: -2");
        int line = lineOf(broken, "minViews: -2");

        replaceText(editor, broken);

        browser.awaitText("#change-validity", "1 error", PATIENCE);
        assertThat(browser.await("#change-errors li[data-line=\"" + line + "\"]", PATIENCE).text())
                .contains("minViews", "-2");
        browser.await("#change-gutter [data-line=\"" + line + "\"].has-error", PATIENCE);
        browser.screenshot("2-change-invalid");
    }

    @Test
    @Order(3)
    void anEditIsComparedWithTheVersionInForceAndBacktested() throws Exception {
        editAValidWindowOf45Minutes();

        browser.click("#change-diff", PATIENCE);
        assertThat(browser.await("#change-verdict", PATIENCE).text())
                .contains("savepoint", "NEEDS_RESTART");
        browser.click("#change-backtest", PATIENCE);
        browser.await("#change-backtest-state[data-state=\"done\"]", PATIENCE);
        assertThat(browser.await("#change-backtest-summary", PATIENCE).text()).contains("browse");
        browser.await("#change-report", PATIENCE);
        browser.screenshot("3-change-diff-and-backtest");
    }

    @Test
    @Order(4)
    void aPublishAsksFirstAndShowsTheJobsAnswer() throws Exception {
        editAValidWindowOf45Minutes();

        browser.click("#change-publish", PATIENCE);
        browser.await("#publish-dialog[open]", PATIENCE);
        assertThat(browser.await("#publish-verdict", PATIENCE).text()).contains("NEEDS_RESTART");
        browser.click("#publish-confirm", PATIENCE);

        browser.awaitText("#publish-answer .status", "NEEDS_RESTART", PATIENCE);
        browser.screenshot("4-publish-needs-restart");
        browser.click("#publish-cancel", PATIENCE);
        assertThat(browser.await("#change-answer .status", PATIENCE).text())
                .isEqualTo("NEEDS_RESTART");
        assertThat(browser.await("#in-force", PATIENCE).text())
                .as("a change that needs a restart leaves the version in force")
                .contains(VERSION);
    }

    @Test
    @Order(5)
    void theKillSwitchIsAppliedAndThePatternsSendsStop() throws Exception {
        Shopper carol = Shopper.named("carol");
        browser.open(URI.create(console.url() + "#live"));
        browser.click("button.kill-switch[data-pattern=\"browse\"]", PATIENCE);
        browser.await("#kill-dialog[open]", PATIENCE);
        browser.screenshot("5-kill-switch-confirmation");
        browser.click("#kill-confirm", PATIENCE);

        browser.awaitText("#kill-answer .status", "APPLIED", PATIENCE);
        browser.screenshot("6-kill-switch-applied");
        browser.click("#kill-cancel", PATIENCE);
        browser.awaitText("#in-force", "2026-12-03.2", PATIENCE);
        broker.send(
                carol.views("lamp").at(MORNING + 2 * ONE_HOUR),
                carol.views("rug").at(MORNING + 2 * ONE_HOUR + ONE_MINUTE));

        awaitWhileTimeGoesOn(
                "#live-recent tr[data-user=\"carol\"][data-pattern=\"browse\"]"
                        + "[data-outcome=\"SUPPRESSED\"]",
                MORNING + 3 * ONE_HOUR);
        String row = "#live-patterns tr[data-pattern=\"browse\"]";
        browser.awaitText(row + " [data-reason=\"DISABLED\"]", "1", PATIENCE);
        assertThat(browser.await(row + " [data-field=\"sent\"]", PATIENCE).text())
                .as("bob's message before the switch, none after")
                .isEqualTo("1");
        browser.screenshot("7-live-after-kill-switch");
    }

    @Test
    @Order(6)
    void anOperatorSeesWhyAUserGotNoMessage() throws Exception {
        browser.open(URI.create(console.url() + "#live"));
        browser.click("#live-recent tr[data-user=\"carol\"] a", PATIENCE);
        assertThat(browser.awaitText("#user-headline", "DISABLED", PATIENCE).text())
                .contains("browse");
        browser.await(
                "#user-decisions tr[data-outcome=\"SUPPRESSED\"][data-pattern=\"browse\"]",
                PATIENCE);
        browser.screenshot("8-user");
    }

    private static void showWhatItShowed(String step) {
        try {
            browser.screenshot("failed-" + step.replaceAll("[^A-Za-z0-9]", ""));
            HttpClient http = HttpClient.newHttpClient();
            URI rest = flink.miniCluster().getRestAddress().get();
            String jobPath = "jobs/" + job.getJobID();
            List<URI> answers = new ArrayList<>();
            answers.add(console.url().resolve("/api/live"));
            answers.add(rest.resolve("/" + jobPath));
            answers.add(rest.resolve("/" + jobPath + "/exceptions"));
            for (var vertex :
                    flink.miniCluster()
                            .getExecutionGraph(job.getJobID())
                            .get()
                            .getAllVertices()
                            .keySet()) {
                answers.add(rest.resolve("/" + jobPath + "/vertices/" + vertex + "/watermarks"));
            }
            for (URI uri : answers) {
                String body =
                        http.send(
                                        HttpRequest.newBuilder(uri)
                                                .timeout(Duration.ofSeconds(10))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body();
                LOG.error(
                        "{} failed; {} answers: {}",
                        step,
                        uri.getPath(),
                        body.length() > 20_000 ? body.substring(0, 20_000) + "…" : body);
            }
            for (String isolation : List.of("read_committed", "read_uncommitted")) {
                LOG.error(
                        "{} failed; {} read {}: {}",
                        step,
                        broker.settings().topics().decisions(),
                        isolation,
                        decisions(isolation));
            }
        } catch (Exception e) {
            LOG.error("{} failed, and what it showed cannot be shown: {}", step, e.toString());
        }
    }

    /** Every decision on the topic, as offset, user and outcome, read for 3 s. */
    private static List<String> decisions(String isolation) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", broker.bootstrapServers());
        properties.put("isolation.level", isolation);
        List<String> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition =
                    new TopicPartition(broker.settings().topics().decisions(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            read.add("end " + consumer.endOffsets(List.of(partition)).get(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    String value = new String(record.value(), StandardCharsets.UTF_8);
                    read.add(
                            record.offset()
                                    + " "
                                    + value.substring(0, Math.min(160, value.length())));
                }
            }
        }
        return read;
    }

    /** Three days of 300 generated shoppers, for the page's backtests. */
    private static Path history() throws Exception {
        Path file = files.resolve("history.jsonl");
        ShopperGenerator shoppers =
                new ShopperGenerator(
                        300, ShopperGenerator.DEFAULT_START, Duration.ofDays(3), 7, ZoneOffset.UTC);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            while (shoppers.hasNext()) {
                out.write(Json.event(shoppers.next()));
                out.write('\n');
            }
        }
        return file;
    }

    /**
     * Opens the editor and widens browse's window from 30 to 45 minutes: valid, needs a restart.
     */
    private static void editAValidWindowOf45Minutes() throws Exception {
        browser.open(URI.create(console.url() + "#change"));
        Browser.Element editor = browser.await("#change-editor", PATIENCE);
        replaceText(editor, Configs.switchableBrowse("2026-12-03.2", true, "browse_v1", "45m"));
        browser.awaitText("#change-validity", "valid", PATIENCE);
    }

    /** Puts {@code text} in the editor as an operator's paste does, with the input it fires. */
    private static void replaceText(Browser.Element editor, String text) throws Exception {
        editor.click();
        browser.script(
                "const editor = document.querySelector('#change-editor');"
                        + " editor.value = arguments[0];"
                        + " editor.dispatchEvent(new Event('input', {bubbles: true}));",
                text);
    }

    private static int lineOf(String text, String fragment) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(fragment)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(fragment + " is not in the text");
    }

    /**
     * The element {@code css} selects, once the page shows it. Until it does, time goes on as it
     * does in production, where events keep coming: every 5 s one more event, a minute later than
     * {@code clock} and than the one before, so that a source split that went idle and resumed
     * moves the watermark again (operations.md: Idleness).
     */
    private static Browser.Element awaitWhileTimeGoesOn(String css, long clock) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            broker.timeGoesOn(clock, at -> Shopper.named("clock").searches().at(at));
            try {
                return browser.await(css, Duration.ofSeconds(5));
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
        }
    }
}
