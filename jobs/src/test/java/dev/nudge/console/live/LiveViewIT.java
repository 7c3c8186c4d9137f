package dev.nudge.console.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.cli.Defaults;
import dev.nudge.console.Console;
import dev.nudge.console.ConsoleSettings;
import dev.nudge.console.ConsoleSources;
import dev.nudge.job.JobSettings;
import dev.nudge.testing.Broker;
import dev.nudge.testing.Kafka;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tests the live view on a real broker: records written as the job writes them, read back through
 * {@code GET /api/live} of a running console.
 */
class LiveViewIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Broker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = Broker.start("live-view", "{maxOutOfOrderness: 5s, idleness: 5m}");
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void countsTheLastHourAndDayAndShowsTheConfigurationInForce() throws Exception {
        JobSettings.Topics topics = broker.settings().topics();
        long now = System.currentTimeMillis();
        long hourAndAMinuteAgo = now - Duration.ofMinutes(61).toMillis();
        String document =
                Files.readString(Path.of("../config/patterns.yaml"), StandardCharsets.UTF_8)
                        .replace("version: \"2026-12-03.2\"", "version: \"2026-12-04.1\"")
                        .replace(
                                "id: window-shopping\n    type: BROWSE_WITHOUT_BUY\n    enabled: true",
                                "id: window-shopping\n    type: BROWSE_WITHOUT_BUY\n    enabled: false");
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        records.add(decision(topics, now, "u1", "browse-abandonment", "SENT", null));
        records.add(decision(topics, now, "u2", "browse-abandonment", "HOLDOUT", null));
        records.add(decision(topics, now, "u3", "window-shopping", "SUPPRESSED", "DISABLED"));
        records.add(decision(topics, hourAndAMinuteAgo, "u4", "browse-abandonment", "SENT", null));
        records.add(
                new ProducerRecord<>(
                        topics.decisions(), null, now, bytes("u9"), bytes("not json at all")));
        records.add(
                new ProducerRecord<>(
                        topics.conversions(),
                        null,
                        now,
                        bytes("u1"),
                        bytes(
                                "{\"userId\":\"u1\",\"patternId\":\"browse-abandonment\","
                                        + "\"variant\":null,\"arm\":\"TREATMENT\",\"revenue\":129.5}")));
        ProducerRecord<byte[], byte[]> published =
                new ProducerRecord<>(
                        topics.control(), null, now, bytes("2026-12-04.1"), bytes(document));
        published.headers().add("changedBy", bytes("anna"));
        records.add(published);
        records.add(
                new ProducerRecord<>(
                        topics.controlAcks(),
                        null,
                        now,
                        bytes("2026-12-04.1"),
                        bytes(
                                "{\"version\":\"2026-12-04.1\",\"status\":\"APPLIED\","
                                        + "\"message\":\"applied to every decision from now on\","
                                        + "\"changes\":[],\"errors\":[],\"liveVersion\":\"2026-12-04.1\","
                                        + "\"changedBy\":\"anna\","
                                        + "\"publishedAt\":\"2026-12-04T10:00:00.000Z\","
                                        + "\"decidedAt\":\"2026-12-04T10:00:00.200Z\"}")));
        Kafka.produce(broker.bootstrapServers(), records);

        try (Console console =
                Console.start(
                        ConsoleSettings.local(0), sources(topics, broker.bootstrapServers()))) {
            JsonNode live =
                    await(console, l -> l.path("reading").path("recordsRead").asLong() >= 8);

            assertThat(live.path("reading").path("skipped").asLong()).isEqualTo(1);
            assertThat(live.path("reading").path("state").asText()).isEqualTo("reading");
            assertThat(live.path("inForce").path("version").asText()).isEqualTo("2026-12-04.1");
            assertThat(live.path("inForce").path("changedBy").asText()).isEqualTo("anna");
            assertThat(live.path("inForce").path("decidedAt").asText())
                    .isEqualTo("2026-12-04T10:00:00.200Z");
            assertThat(console.inForce().current())
                    .hasValueSatisfying(f -> assertThat(f.document()).isPresent());
            assertThat(live.path("answers").get(0).path("status").asText()).isEqualTo("APPLIED");

            JsonNode hour = pattern(live, "hour", "browse-abandonment");
            assertThat(hour.path("matches").asLong()).isEqualTo(2);
            assertThat(hour.path("sent").asLong()).isEqualTo(1);
            assertThat(hour.path("heldOut").asLong()).isEqualTo(1);
            assertThat(hour.path("conversions").path("TREATMENT").asLong()).isEqualTo(1);
            assertThat(hour.path("revenue").path("TREATMENT").asDouble()).isEqualTo(129.5);
            assertThat(hour.path("enabled").asBoolean()).isTrue();
            assertThat(pattern(live, "day", "browse-abandonment").path("sent").asLong())
                    .isEqualTo(2);
            JsonNode switchedOff = pattern(live, "hour", "window-shopping");
            assertThat(switchedOff.path("enabled").asBoolean()).isFalse();
            assertThat(switchedOff.path("suppressedBy").path("DISABLED").asLong()).isEqualTo(1);
            assertThat(pattern(live, "hour", "cart-abandonment").path("matches").asLong())
                    .as("a pattern of the configuration that decided nothing yet")
                    .isZero();

            JsonNode newest = live.path("recent").get(0);
            assertThat(live.path("recent")).hasSize(4);
            assertThat(List.of("u1", "u2", "u3")).contains(newest.path("userId").asText());
            assertThat(live.path("recent").get(3).path("userId").asText()).isEqualTo("u4");
            assertThat(live.path("health").path("available").asBoolean()).isFalse();

            Kafka.produce(
                    broker.bootstrapServers(),
                    List.of(
                            decision(
                                    topics,
                                    System.currentTimeMillis(),
                                    "u5",
                                    "browse-abandonment",
                                    "SENT",
                                    null)));
            JsonNode later =
                    await(
                            console,
                            l ->
                                    pattern(l, "hour", "browse-abandonment").path("sent").asLong()
                                            == 2);
            assertThat(later.path("recent").get(0).path("userId").asText()).isEqualTo("u5");
        }
    }

    @Test
    void aMissingTopicIsNamedAndReadingGoesOn() throws Exception {
        JobSettings.Topics real = broker.settings().topics();
        JobSettings.Topics topics =
                new JobSettings.Topics(
                        real.events(),
                        real.deadLetters(),
                        real.actions(),
                        real.decisions(),
                        "no-such-conversions",
                        real.profiles(),
                        real.control(),
                        real.controlAcks(),
                        real.engagement());
        try (Console console =
                Console.start(
                        ConsoleSettings.local(0), sources(topics, broker.bootstrapServers()))) {
            JsonNode live =
                    await(console, l -> l.path("reading").path("missingTopics").size() == 1);

            assertThat(live.path("reading").path("missingTopics").get(0).asText())
                    .isEqualTo("no-such-conversions");
            assertThat(live.path("reading").path("lastError").asText())
                    .contains("no topic no-such-conversions");
        }
    }

    @Test
    void aBrokerThatDoesNotAnswerIsSaidSoAndClosingIsPrompt() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String nowhere = "127.0.0.1:" + port;
        LiveView view =
                new LiveView(
                        sources(broker.settings().topics(), nowhere),
                        new FlinkHealth(Optional.empty()),
                        Clock.systemUTC());
        view.startReading();
        try {
            JsonNode live =
                    awaitAnswer(
                            view,
                            l -> l.path("reading").path("state").asText().equals("unreachable"));

            assertThat(live.path("reading").path("lastError").asText())
                    .contains("Kafka at " + nowhere + " did not answer");
        } finally {
            long start = System.nanoTime();
            view.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofSeconds(3));
        }
    }

    private static ConsoleSources sources(JobSettings.Topics topics, String bootstrap) {
        Properties consumer = new Properties();
        consumer.put("bootstrap.servers", bootstrap);
        Properties producer = new Properties();
        producer.put("bootstrap.servers", bootstrap);
        return new ConsoleSources(
                Defaults.jobSettings().withTopics(topics),
                consumer,
                producer,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                "anna");
    }

    private static ProducerRecord<byte[], byte[]> decision(
            JobSettings.Topics topics,
            long at,
            String user,
            String pattern,
            String outcome,
            String suppressedBy) {
        String value =
                "{\"decisionId\":\"d-"
                        + user
                        + "\",\"userId\":\""
                        + user
                        + "\",\"patternId\":\""
                        + pattern
                        + "\",\"variant\":null,\"patternType\":\"BROWSE_WITHOUT_BUY\","
                        + "\"configVersion\":\"2026-12-04.1\",\"triggeredAt\":\""
                        + Instant.ofEpochMilli(at)
                        + "\",\"evidence\":[],\"outcome\":\""
                        + outcome
                        + "\",\"suppressedBy\":"
                        + (suppressedBy == null ? "null" : "\"" + suppressedBy + "\"")
                        + ",\"actionId\":null,\"channel\":\"PUSH\",\"reason\":\"viewed 3 items\"}";
        return new ProducerRecord<>(topics.decisions(), null, at, bytes(user), bytes(value));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode pattern(JsonNode live, String window, String id) {
        for (JsonNode row : live.path("windows").path(window).path("patterns")) {
            if (row.path("patternId").asText().equals(id)) {
                return row;
            }
        }
        return JSON.missingNode();
    }

    /** {@code GET /api/live} until its answer satisfies {@code ready}, for at most 30 s. */
    private static JsonNode await(Console console, Predicate<JsonNode> ready) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode live;
        do {
            HttpResponse<String> response =
                    HTTP.send(
                            HttpRequest.newBuilder(URI.create(console.url() + "api/live"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            live = JSON.readTree(response.body());
            if (ready.test(live)) {
                return live;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertThat(ready).as("the live view in time: %s", live).accepts(live);
        return live;
    }

    private static JsonNode awaitAnswer(LiveView view, Predicate<JsonNode> ready)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode live;
        do {
            live = view.answer();
            if (ready.test(live)) {
                return live;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertThat(ready).as("the live view in time: %s", live).accepts(live);
        return live;
    }
}
