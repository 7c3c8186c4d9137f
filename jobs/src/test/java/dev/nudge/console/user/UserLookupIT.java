package dev.nudge.console.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.cli.Defaults;
import dev.nudge.console.ConsoleServer;
import dev.nudge.console.ConsoleSettings;
import dev.nudge.console.ConsoleSources;
import dev.nudge.demo.EmbeddedKafka;
import dev.nudge.job.JobSettings;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Explain a user against a real broker: records of several users on several partitions, written as
 * the job writes them (keyed by user, placed by the producer), some in an aborted transaction; the
 * console's endpoint over HTTP. Each test on topics of its own.
 */
class UserLookupIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String SUFFIX = Long.toString(System.nanoTime());
    private static final long NOW = System.currentTimeMillis();
    private static final long MINUTE = 60_000;

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void theUsersPartitionIsWhereARealProducerPutsTheirRecords() throws Exception {
        String topic = "placement-" + SUFFIX;
        kafka.createTopics(Map.of(topic, 7));
        List<String> users = IntStream.range(0, 300).mapToObj(i -> "user-" + i).toList();
        List<String> misplaced = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (String user : users.subList(0, 299)) {
                check(producer, topic, user, misplaced);
            }
            check(producer, topic, "ünïcödé 用户 " + "x".repeat(100), misplaced);
        }
        assertThat(misplaced).isEmpty();
    }

    @Test
    void answersOnlyThatUsersCommittedRecordsNewestFirstWithTheLatestProfile() throws Exception {
        JobSettings.Topics topics = topics("only");
        String alice = "alice";
        String neighbour = neighbourOf(alice);
        String elsewhere = elsewhereOf(alice);
        write(topics.profiles(), alice, profile(alice, "2026-11-24T08:00:00.000Z", "NEW"), NOW);
        write(topics.profiles(), neighbour, profile(neighbour, "2026-11-25T08:00:00Z", "X"), NOW);
        write(topics.profiles(), alice, profile(alice, "2026-11-25T09:00:00.000Z", "ACTIVE"), NOW);
        write(topics.decisions(), alice, decision(alice, "old-pattern", "SENT", null), days(8));
        write(
                topics.decisions(),
                alice,
                decision(alice, "browse", "SENT", null),
                NOW - 60 * MINUTE);
        write(topics.decisions(), neighbour, decision(neighbour, "n", "SENT", null), NOW);
        write(topics.decisions(), elsewhere, decision(elsewhere, "e", "SENT", null), NOW);
        aborted(topics.decisions(), alice, decision(alice, "aborted", "SENT", null));
        write(
                topics.decisions(),
                alice,
                decision(alice, "cart-abandonment", "SUPPRESSED", "FREQUENCY_CAP"),
                NOW - 3 * MINUTE);
        write(topics.conversions(), alice, conversion(alice, "o-1"), NOW - 30 * MINUTE);
        write(topics.conversions(), neighbour, conversion(neighbour, "o-2"), NOW);

        try (ConsoleServer server = console(topics, UserScan.Limits.DEFAULT)) {
            JsonNode answer = get(server, alice, 200);

            assertThat(answer.path("userId").asText()).isEqualTo(alice);
            assertThat(answer.path("profileState").asText()).isEqualTo("found");
            assertThat(answer.path("profile").path("stage").asText()).isEqualTo("ACTIVE");
            assertThat(patterns(answer)).containsExactly("cart-abandonment", "browse");
            assertThat(answer.path("decisions").get(0).path("suppressedBy").asText())
                    .isEqualTo("FREQUENCY_CAP");
            assertThat(answer.path("conversions")).hasSize(1);
            assertThat(answer.path("conversions").get(0).path("orderId").asText()).isEqualTo("o-1");
            assertThat(answer.path("explanation").path("headline").asText())
                    .isEqualTo(
                            "No message: cart-abandonment was suppressed by FREQUENCY_CAP 3 min"
                                    + " ago — the user had already had 1 message (sent or held"
                                    + " out) in the day before (policy.frequencyCaps).");
            JsonNode scanned = answer.path("scanned");
            assertThat(scanned.path("cutShort").asBoolean()).isFalse();
            // alice's and the neighbour's records; the one of the other partition is not read
            assertThat(scanned.path("topics"))
                    .extracting(t -> t.path("topic").asText() + " " + t.path("scanned").asLong())
                    .containsExactly(
                            topics.profiles() + " 3",
                            topics.decisions() + " 3",
                            topics.conversions() + " 2");
            assertThat(scanned.path("summary").asText()).contains("complete");
        }
    }

    @Test
    void aTombstoneIsAnErasedUserAndAProfileAfterItIsFound() throws Exception {
        JobSettings.Topics topics = topics("erased");
        write(topics.profiles(), "carol", profile("carol", "2026-11-24T08:00:00Z", "NEW"), NOW);
        write(topics.profiles(), "carol", null, NOW);
        write(topics.profiles(), "dave", profile("dave", "2026-11-24T08:00:00Z", "NEW"), NOW);
        write(topics.profiles(), "dave", null, NOW);
        write(topics.profiles(), "dave", profile("dave", "2026-11-26T08:00:00Z", "NEW"), NOW);

        try (ConsoleServer server = console(topics, UserScan.Limits.DEFAULT)) {
            JsonNode carol = get(server, "carol", 200);
            JsonNode dave = get(server, "dave", 200);
            JsonNode nobody = get(server, "nobody", 200);

            assertThat(carol.path("profileState").asText()).isEqualTo("erased");
            assertThat(carol.path("profile").isNull()).isTrue();
            assertThat(carol.path("explanation").path("headline").asText())
                    .contains("carol was erased");
            assertThat(dave.path("profileState").asText()).isEqualTo("found");
            assertThat(dave.path("profile").path("at").asText()).startsWith("2026-11-26");
            assertThat(dave.path("explanation").path("headline").asText())
                    .isEqualTo("No message: no pattern matched dave in the last 7 days.");
            assertThat(nobody.path("profileState").asText()).isEqualTo("none");
            assertThat(nobody.path("explanation").path("headline").asText())
                    .startsWith("Nothing found for nobody");
        }
    }

    @Test
    void aBusyPartitionIsReadOnlyAsFarAsTheBoundAndTheNewestDecisionIsAmongIt() throws Exception {
        JobSettings.Topics topics = topics("bounded");
        String neighbour = neighbourOf("erin");
        write(topics.decisions(), "erin", decision("erin", "older", "SENT", null), NOW - MINUTE);
        for (int i = 0; i < 20; i++) {
            write(topics.decisions(), neighbour, decision(neighbour, "n", "SENT", null), NOW);
        }
        write(topics.decisions(), "erin", decision("erin", "newest", "SENT", null), NOW);

        UserScan.Limits five = new UserScan.Limits(5, Duration.ofSeconds(10), Duration.ofDays(7));
        try (ConsoleServer server = console(topics, five)) {
            JsonNode answer = get(server, "erin", 200);

            assertThat(patterns(answer)).containsExactly("newest");
            JsonNode decisions = answer.path("scanned").path("topics").get(1);
            assertThat(decisions.path("scanned").asLong()).isEqualTo(5);
            assertThat(decisions.path("complete").asBoolean()).isFalse();
            assertThat(decisions.path("note").asText()).contains("only the newest 5 of 22");
            assertThat(answer.path("scanned").path("cutShort").asBoolean()).isTrue();
            assertThat(answer.path("explanation").path("details").toString()).contains("cut short");
        }
    }

    @Test
    void idsAreCheckedAndMayHoldAnyCharacter() throws Exception {
        JobSettings.Topics topics = topics("ids");
        String odd = "a b/c+d?é";
        write(topics.decisions(), odd, decision(odd, "browse", "SENT", null), NOW);

        try (ConsoleServer server = console(topics, UserScan.Limits.DEFAULT)) {
            JsonNode found = get(server, odd, 200);
            JsonNode tooLong = get(server, "u".repeat(129), 400);
            JsonNode empty = get(server, "", 400);

            assertThat(found.path("userId").asText()).isEqualTo(odd);
            assertThat(patterns(found)).containsExactly("browse");
            assertThat(tooLong.path("error").asText()).contains("at most 128 characters");
            assertThat(empty.path("error").asText()).contains("give a user id");
        }
    }

    @Test
    void aMissingTopicIsSaidAndTheRestAnswered() throws Exception {
        JobSettings.Topics created = topics("missing");
        JobSettings.Topics topics = withConversions(created, "no-such-topic-" + SUFFIX);
        write(created.decisions(), "fay", decision("fay", "browse", "SENT", null), NOW);

        try (ConsoleServer server = console(topics, UserScan.Limits.DEFAULT)) {
            JsonNode answer = get(server, "fay", 200);

            assertThat(patterns(answer)).containsExactly("browse");
            assertThat(answer.path("explanation").path("details").toString())
                    .contains("no-such-topic-" + SUFFIX + " does not exist");
        }
    }

    @Test
    void anUnreachableClusterIsAnAnswerInWords() throws Exception {
        JobSettings.Topics topics = withConversions(topics("unreachable"), "x");
        Properties nowhere = new Properties();
        nowhere.put("bootstrap.servers", "127.0.0.1:1");
        UserScan.Limits quick = new UserScan.Limits(5, Duration.ofSeconds(2), Duration.ofDays(7));

        try (ConsoleServer server = console(topics, nowhere, quick)) {
            JsonNode answer = get(server, "gil", 503);

            assertThat(answer.path("error").asText())
                    .isEqualTo(
                            "Kafka at 127.0.0.1:1 did not answer within 2 s: is it running, and"
                                    + " are --bootstrap and --command-config right?");
        }
    }

    private static List<String> patterns(JsonNode answer) {
        List<String> patterns = new ArrayList<>();
        answer.path("decisions").forEach(d -> patterns.add(d.path("patternId").asText()));
        return patterns;
    }

    private static JsonNode get(ConsoleServer server, String userId, int status) throws Exception {
        String path =
                "/api/users/"
                        + URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20");
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(server.url().resolve(path)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static ConsoleServer console(JobSettings.Topics topics, UserScan.Limits limits)
            throws Exception {
        Properties client = new Properties();
        client.put("bootstrap.servers", kafka.bootstrapServers());
        return console(topics, client, limits);
    }

    private static ConsoleServer console(
            JobSettings.Topics topics, Properties client, UserScan.Limits limits) throws Exception {
        ConsoleSources sources =
                new ConsoleSources(
                        Defaults.jobSettings().withTopics(topics),
                        client,
                        new Properties(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        "tester");
        ConsoleServer server = new ConsoleServer(ConsoleSettings.local(0));
        new UserLookup(sources, limits, Clock.systemUTC()).register(server);
        server.start();
        return server;
    }

    /** Profiles and decisions in 4 partitions, conversions in 3: each topic places by its own. */
    private static JobSettings.Topics topics(String name) {
        String prefix = name + "-" + SUFFIX + "-";
        JobSettings.Topics topics =
                new JobSettings.Topics(
                        prefix + "events",
                        prefix + "dlq",
                        prefix + "actions",
                        prefix + "decisions",
                        prefix + "conversions",
                        prefix + "profiles",
                        prefix + "control",
                        prefix + "acks",
                        prefix + "engagement");
        kafka.createTopics(
                Map.of(topics.profiles(), 4, topics.decisions(), 4, topics.conversions(), 3));
        return topics;
    }

    private static JobSettings.Topics withConversions(JobSettings.Topics t, String conversions) {
        return new JobSettings.Topics(
                t.events(),
                t.deadLetters(),
                t.actions(),
                t.decisions(),
                conversions,
                t.profiles(),
                t.control(),
                t.controlAcks(),
                t.engagement());
    }

    /** Another user whose records share every partition with {@code user}'s. */
    private static String neighbourOf(String user) {
        return IntStream.range(0, 10_000)
                .mapToObj(i -> "n" + i)
                .filter(n -> UserPartition.of(n, 4) == UserPartition.of(user, 4))
                .filter(n -> UserPartition.of(n, 3) == UserPartition.of(user, 3))
                .findFirst()
                .orElseThrow();
    }

    /** A user whose records are on other partitions than {@code user}'s. */
    private static String elsewhereOf(String user) {
        return IntStream.range(0, 10_000)
                .mapToObj(i -> "e" + i)
                .filter(n -> UserPartition.of(n, 4) != UserPartition.of(user, 4))
                .filter(n -> UserPartition.of(n, 3) != UserPartition.of(user, 3))
                .findFirst()
                .orElseThrow();
    }

    private static void check(
            KafkaProducer<byte[], byte[]> producer, String topic, String user, List<String> wrong)
            throws InterruptedException, ExecutionException {
        RecordMetadata placed =
                producer.send(new ProducerRecord<>(topic, UserPartition.key(user), new byte[0]))
                        .get();
        if (placed.partition() != UserPartition.of(user, 7)) {
            wrong.add(user + " on " + placed.partition());
        }
    }

    private static void write(String topic, String user, String value, long timestamp)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(
                            new ProducerRecord<>(
                                    topic,
                                    null,
                                    timestamp,
                                    UserPartition.key(user),
                                    value == null ? null : value.getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }

    private static void aborted(String topic, String user, String value) {
        Map<String, Object> config =
                Map.of(
                        "bootstrap.servers",
                        kafka.bootstrapServers(),
                        "transactional.id",
                        "user-lookup-" + SUFFIX + "-" + System.nanoTime());
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(
                    new ProducerRecord<>(
                            topic,
                            UserPartition.key(user),
                            value.getBytes(StandardCharsets.UTF_8)));
            producer.flush();
            producer.abortTransaction();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(
                Map.of("bootstrap.servers", kafka.bootstrapServers(), "acks", "all"),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    private static long days(int days) {
        return NOW - Duration.ofDays(days).toMillis();
    }

    private static String profile(String user, String at, String stage) {
        return "{\"userId\":\""
                + user
                + "\",\"at\":\""
                + at
                + "\",\"stage\":\""
                + stage
                + "\",\"segments\":[\""
                + stage
                + "\"],\"channels\":{\"PUSH\":{\"consent\":true}}}";
    }

    private static String decision(String user, String pattern, String outcome, String reason) {
        ObjectMapper m = JSON;
        var d = m.createObjectNode();
        d.put("decisionId", pattern + "-" + System.nanoTime())
                .put("userId", user)
                .put("patternId", pattern)
                .putNull("variant")
                .put("patternType", "ABSENCE")
                .put("configVersion", "2026-11-24.1")
                .put("triggeredAt", Instant.ofEpochMilli(NOW).toString())
                .put("outcome", outcome)
                .put("suppressedBy", reason)
                .put("channel", "SENT".equals(outcome) ? "PUSH" : null)
                .put("reason", "viewed 3 items");
        return d.toString();
    }

    private static String conversion(String user, String order) {
        return "{\"userId\":\""
                + user
                + "\",\"patternId\":\"browse\",\"arm\":\"TREATMENT\",\"goal\":\"PURCHASE\","
                + "\"orderId\":\""
                + order
                + "\",\"revenue\":12.5,\"currency\":\"EUR\","
                + "\"convertedAt\":\"2026-11-25T10:00:00.000Z\"}";
    }
}
