package dev.nudge.console.change;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.connect.KafkaConnectors;
import dev.nudge.console.ConsoleServer;
import dev.nudge.console.ConsoleSettings;
import dev.nudge.console.ConsoleSources;
import dev.nudge.console.InForce;
import dev.nudge.event.UserEvent;
import dev.nudge.job.JobSettings;
import dev.nudge.job.NudgeJob;
import dev.nudge.testing.Broker;
import dev.nudge.testing.Configs;
import dev.nudge.testing.FlinkCluster;
import dev.nudge.testing.Shopper;
import dev.nudge.wire.Json;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change tab against the real job on a real broker: the kill switch and documents published
 * from the page get the job's own answers (APPLIED, NEEDS_RESTART), and a backtest of the edited
 * document runs on the console's history file and serves its report.
 */
class ChangeDeskIT {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeDeskIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** 10:00 UTC on the first day: outside quiet hours. */
    private static final long MORNING = BEGINNING + 8 * ONE_HOUR;

    private static final String STARTED =
            Configs.switchableBrowse("2026-11-25.1", true, "browse_v1", "30m");

    private static Broker broker;

    private final Shopper bob = Shopper.named("bob");

    @BeforeAll
    static void startKafka() throws Exception {
        broker = Broker.start("nudge-change-desk-it", "{maxOutOfOrderness: 1s, idleness: 1s}");
    }

    @AfterAll
    static void stopKafka() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void operatorsSwitchOffPublishAndBacktestFromThePage(@TempDir Path files) throws Exception {
        Path history = files.resolve("history.jsonl");
        Files.writeString(
                history,
                lines(
                        bob.views("lamp").at(MORNING),
                        bob.views("rug").at(MORNING + ONE_MINUTE),
                        tick(MORNING + 2 * ONE_HOUR)));
        AtomicReference<InForce> inForce = new AtomicReference<>(inForce(STARTED, "patterns.yaml"));
        try (FlinkCluster flink = new FlinkCluster(1, 2, 1, "hashmap");
                ConsoleServer server = new ConsoleServer(ConsoleSettings.local(0));
                ChangeDesk desk =
                        new ChangeDesk(sources(history), () -> Optional.of(inForce.get()))) {
            JobClient job = start(flink);
            desk.register(server);
            server.start();
            Page page = new Page(server);
            // The job is reading once it has acted on bob's views.
            broker.send(
                    bob.views("lamp").at(MORNING),
                    bob.views("rug").at(MORNING + ONE_MINUTE),
                    tick(MORNING + ONE_HOUR));
            broker.awaitWhileTimeGoesOn(
                    broker.settings().topics().actions(),
                    "bob's push",
                    MORNING + ONE_HOUR,
                    ChangeDeskIT::tick,
                    List.of(action -> action.path("userId").asText().equals("bob")));

            Reply preview =
                    page.post("/api/kill", "{\"patternId\": \"browse\", \"enabled\": false}");
            long asked = System.nanoTime();
            Reply killed =
                    page.post(
                            "/api/kill",
                            "{\"patternId\": \"browse\", \"enabled\": false, \"confirm\": true,"
                                    + " \"version\": \"2026-11-25.2\"}");
            LOG.info(
                    "Kill switch from the page: APPLIED answer after {} ms",
                    (System.nanoTime() - asked) / 1_000_000);
            // The live view would now know version 2 in force.
            inForce.set(inForce(preview.json.get("document").asText(), "marketing-control"));
            Reply live =
                    page.post(
                            "/api/publish",
                            document(
                                    Configs.switchableBrowse(
                                            "2026-11-25.3", false, "browse_v2", "30m")));
            Reply restart =
                    page.post(
                            "/api/publish",
                            document(
                                    Configs.switchableBrowse(
                                            "2026-11-25.4", false, "browse_v2", "45m")));

            Reply backtest = page.post("/api/backtest", document(STARTED));
            Reply busy = page.post("/api/backtest", document(STARTED));
            Reply done = page.awaitBacktest(backtest.json.get("id").asText());
            HttpResponse<String> report =
                    page.raw("/api/backtest/" + backtest.json.get("id").asText() + "/report");
            job.cancel().get();

            assertThat(preview.status).as(preview.body).isEqualTo(200);
            assertThat(preview.json.get("version").asText()).isEqualTo("2026-11-25.2");
            assertThat(killed.status).as(killed.body).isEqualTo(200);
            assertThat(killed.json.get("status").asText()).isEqualTo("APPLIED");
            assertThat(killed.json.get("changedBy").asText()).isEqualTo("anna");
            assertThat(killed.json.get("changes").toString()).contains("patterns[browse].enabled");
            assertThat(live.status).as(live.body).isEqualTo(200);
            assertThat(live.json.get("status").asText()).isEqualTo("APPLIED");
            assertThat(restart.status).as(restart.body).isEqualTo(200);
            assertThat(restart.json.get("status").asText()).isEqualTo("NEEDS_RESTART");
            assertThat(restart.json.get("changes").toString())
                    .contains("patterns[browse].params.window");
            assertThat(restart.json.get("liveVersion").asText()).isEqualTo("2026-11-25.3");
            assertThat(broker.committed(broker.settings().topics().controlAcks(), 3))
                    .extracting(a -> a.get("status").asText(), a -> a.get("changedBy").asText())
                    .containsExactly(
                            tuple("APPLIED", "anna"),
                            tuple("APPLIED", "anna"),
                            tuple("NEEDS_RESTART", "anna"));

            assertThat(backtest.status).as(backtest.body).isEqualTo(202);
            assertThat(busy.status).isEqualTo(409);
            assertThat(done.json.get("state").asText()).as(done.body).isEqualTo("done");
            assertThat(done.json.get("summary").get("events").asLong()).isEqualTo(3);
            assertThat(done.json.get("summary").get("patterns").get(0).get("matches").asLong())
                    .isEqualTo(1);
            assertThat(done.json.get("markdown").asText()).contains("browse");
            assertThat(report.statusCode()).isEqualTo(200);
            assertThat(report.headers().firstValue("Content-Security-Policy"))
                    .contains(ChangeDesk.REPORT_POLICY);
            assertThat(report.body()).contains("<html");
        }
    }

    private static ConsoleSources sources(Path history) {
        Properties producer = new Properties();
        producer.put("bootstrap.servers", broker.bootstrapServers());
        return new ConsoleSources(
                broker.settings(),
                new Properties(),
                producer,
                Optional.empty(),
                Optional.of(new ConsoleSources.History(history, Optional.empty())),
                Optional.of(new ConsoleSources.Document(STARTED, "patterns.yaml")),
                "anna");
    }

    private static InForce inForce(String text, String source) {
        return new InForce(
                PatternsConfigReader.declaredVersion(text),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(text),
                source);
    }

    private static JobClient start(FlinkCluster flink) throws Exception {
        JobSettings settings = broker.settings();
        return new NudgeJob(
                        settings,
                        STARTED,
                        KafkaConnectors.source(settings),
                        KafkaConnectors.outputs(settings))
                .withControl(KafkaConnectors.control(settings))
                .start(flink.environment());
    }

    /** A search by a user of its own, later than everything before, to move the watermark. */
    private static UserEvent tick(long at) {
        return Shopper.named("clock").searches().at(at);
    }

    private static String lines(UserEvent... events) {
        return Stream.of(events)
                .map(e -> new String(Json.event(e), StandardCharsets.UTF_8))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static String document(String text) throws Exception {
        return JSON.writeValueAsString(JSON.createObjectNode().put("document", text));
    }

    private record Reply(int status, JsonNode json, String body) {}

    /** The page's side of the console: its CSRF value, and its calls. */
    private static final class Page {
        private final ConsoleServer server;
        private final String csrf;

        Page(ConsoleServer server) throws Exception {
            this.server = server;
            Matcher matcher =
                    Pattern.compile("name=\"nudge-csrf\" content=\"([^\"]+)\"")
                            .matcher(raw("/").body());
            assertThat(matcher.find()).isTrue();
            this.csrf = matcher.group(1);
        }

        HttpResponse<String> raw(String path) throws Exception {
            return HTTP.send(
                    HttpRequest.newBuilder(server.url().resolve(path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        Reply get(String path) throws Exception {
            return reply(raw(path));
        }

        Reply post(String path, String body) throws Exception {
            return reply(
                    HTTP.send(
                            HttpRequest.newBuilder(server.url().resolve(path))
                                    .header("X-Nudge-Csrf", csrf)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()));
        }

        Reply awaitBacktest(String id) throws Exception {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            Reply status = get("/api/backtest/" + id);
            while (status.json.get("state").asText().equals("running")
                    && System.nanoTime() < deadline) {
                Thread.sleep(500);
                status = get("/api/backtest/" + id);
            }
            return status;
        }

        private static Reply reply(HttpResponse<String> response) throws Exception {
            return new Reply(
                    response.statusCode(), JSON.readTree(response.body()), response.body());
        }
    }
}
