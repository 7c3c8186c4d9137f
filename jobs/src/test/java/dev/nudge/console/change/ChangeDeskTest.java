package dev.nudge.console.change;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nudge.cli.Defaults;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.connect.ControlPublisher;
import dev.nudge.console.Console;
import dev.nudge.console.ConsoleServer;
import dev.nudge.console.ConsoleSettings;
import dev.nudge.console.ConsoleSources;
import dev.nudge.console.InForce;
import dev.nudge.testing.Configs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The change tab's endpoints over HTTP, on a console server of their own: what an operator editing,
 * comparing, publishing and switching patterns off in the page gets back. The job's answers come
 * from a stand-in for Kafka here; {@code ChangeDeskIT} has the real job.
 */
class ChangeDeskTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String IN_FORCE =
            Configs.switchableBrowse("2026-11-25.1", true, "browse_v1", "30m");

    /** What the stand-in for Kafka was asked to publish. */
    private record Publication(String version, String document, String changedBy) {}

    private final List<Publication> publications = new ArrayList<>();
    private String answerStatus = "APPLIED";
    private ConsoleServer server;
    private String csrf;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(Optional<InForce> inForce) throws Exception {
        start(inForce, Optional.empty());
    }

    private void start(Optional<InForce> inForce, Optional<ConsoleSources.History> history)
            throws Exception {
        ConsoleSources sources = sources(history);
        ChangeDesk desk =
                new ChangeDesk(
                        sources,
                        () -> inForce,
                        (version, document, changedBy) -> {
                            publications.add(
                                    new Publication(
                                            version,
                                            new String(document, StandardCharsets.UTF_8),
                                            changedBy));
                            return answer(version, changedBy);
                        });
        server = new ConsoleServer(ConsoleSettings.local(0));
        desk.register(server);
        server.start();
        csrf = csrfOf(get("/").body());
    }

    private static ConsoleSources sources(Optional<ConsoleSources.History> history) {
        Properties producer = new Properties();
        producer.put("bootstrap.servers", "127.0.0.1:1");
        return new ConsoleSources(
                Defaults.jobSettings(),
                new Properties(),
                producer,
                Optional.empty(),
                history,
                Optional.of(new ConsoleSources.Document(IN_FORCE, "patterns.yaml")),
                "anna");
    }

    private ControlPublisher.Outcome answer(String version, String changedBy) {
        if (answerStatus == null) {
            return new ControlPublisher.Outcome(
                    ControlPublisher.Ending.NO_ANSWER,
                    new ControlPublisher.Published("marketing-control", 0, 41, 1_000),
                    null);
        }
        ObjectNode ack = JSON.createObjectNode();
        ack.put("version", version);
        ack.put("status", answerStatus);
        ack.putArray("changes").add("patterns[browse].enabled: true -> false (live)");
        ack.putArray("errors");
        ack.put("message", "applied live");
        ack.put("liveVersion", version);
        ack.put("changedBy", changedBy);
        ack.put("publishedAt", "2026-11-25T10:00:00Z");
        ack.put("decidedAt", "2026-11-25T10:00:01Z");
        return new ControlPublisher.Outcome(
                ControlPublisher.Ending.ANSWERED,
                new ControlPublisher.Published("marketing-control", 0, 42, 1_000),
                ack);
    }

    private static Optional<InForce> startedWith(String text) {
        return Optional.of(
                new InForce(
                        PatternsConfigReader.declaredVersion(text),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(text),
                        "patterns.yaml"));
    }

    // ---- the document in force ----

    @Test
    void theEditorStartsFromTheDocumentInForce() throws Exception {
        start(startedWith(IN_FORCE));

        Reply reply = get("/api/document");

        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.json.get("version").asText()).isEqualTo("2026-11-25.1");
        assertThat(reply.json.get("text").asText()).isEqualTo(IN_FORCE);
        assertThat(reply.json.get("source").asText()).isEqualTo("patterns.yaml");
    }

    @Test
    void withoutADocumentInForceTheEditorIsToldHowToGetOne() throws Exception {
        start(Optional.empty());

        Reply reply = get("/api/document");

        assertThat(reply.status).isEqualTo(404);
        assertThat(reply.error()).contains("--patterns FILE");
    }

    // ---- validation ----

    @Test
    void aValidDocumentListsItsPatterns() throws Exception {
        start(startedWith(IN_FORCE));

        Reply reply = post("/api/validate", document(IN_FORCE));

        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.json.get("valid").asBoolean()).isTrue();
        assertThat(reply.json.get("version").asText()).isEqualTo("2026-11-25.1");
        assertThat(reply.json.get("patterns").get(0).get("id").asText()).isEqualTo("browse");
        assertThat(reply.json.get("patterns").get(0).get("type").asText())
                .isEqualTo("BROWSE_WITHOUT_BUY");
        assertThat(reply.json.get("errors")).isEmpty();
    }

    @Test
    void everyErrorOfAnInvalidDocumentIsAtItsLine() throws Exception {
        start(startedWith(IN_FORCE));
        String broken =
                IN_FORCE.replace("minViews: 2", "minViews: -2")
                        .replace("holdoutPercent: 0", "holdoutPercent: 150");

        Reply reply = post("/api/validate", document(broken));

        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.json.get("valid").asBoolean()).isFalse();
        assertThat(reply.json.get("version").asText()).isEqualTo("2026-11-25.1");
        assertThat(reply.json.get("errors"))
                .extracting(e -> e.get("path").asText(), e -> e.get("line").asInt())
                .contains(
                        tuple("policy.holdoutPercent", 6),
                        tuple("patterns[browse].params.minViews", 11));
        assertThat(reply.json.get("errors").get(0).get("message").asText()).contains("expected");
    }

    @Test
    void aSyntaxErrorIsAtItsLineAndColumn() throws Exception {
        start(startedWith(IN_FORCE));

        Reply reply = post("/api/validate", document("version: v1\npatterns:\n  - id: [x\n"));

        assertThat(reply.json.get("valid").asBoolean()).isFalse();
        assertThat(reply.json.get("errors").get(0).get("line").asInt()).isPositive();
        assertThat(reply.json.get("errors").get(0).get("column").asInt()).isPositive();
    }

    @Test
    void badRequestsGetErrorsInWordsNeverAStackTrace() throws Exception {
        start(startedWith(IN_FORCE));
        String huge = "version: v1\n# " + "x".repeat(300 * 1024) + "\n";

        List<Reply> replies =
                List.of(
                        post("/api/validate", "this is not JSON"),
                        post("/api/validate", "{}"),
                        post("/api/validate", "{\"document\": 42}"),
                        post("/api/validate", "[\"document\"]"),
                        post("/api/validate", document(huge)),
                        post("/api/validate", document("version: v1\u0000\u0001\u0002binary")),
                        post("/api/diff", "not JSON either"),
                        post("/api/publish", "{\"text\": \"version: v2\"}"),
                        post("/api/kill", "{\"patternId\": \"browse\"}"),
                        post("/api/kill", "{\"enabled\": false}"),
                        post("/api/kill", "{\"patternId\": \"browse\", \"enabled\": \"no\"}"));

        assertThat(replies).allSatisfy(reply -> assertThat(reply.status).isEqualTo(400));
        assertThat(replies)
                .extracting(Reply::error)
                .allSatisfy(
                        error ->
                                assertThat(error)
                                        .isNotBlank()
                                        .doesNotContain("Exception", "\tat ", "dev.nudge"));
        assertThat(replies.get(0).error()).contains("not a JSON object");
        assertThat(replies.get(1).error()).contains("document: missing");
        assertThat(replies.get(4).error()).contains("at most 262,144 bytes");
        assertThat(replies.get(5).error()).contains("control character", "line 1");
        assertThat(replies.get(9).error()).contains("patternId");
    }

    @Test
    void aBodyLargerThanTheServerTakesIsRefusedInWords() throws Exception {
        start(startedWith(IN_FORCE));

        Reply reply = post("/api/validate", document("x".repeat(ConsoleServer.MAX_BODY_BYTES)));

        assertThat(reply.status).isEqualTo(413);
        assertThat(reply.error()).contains("larger than");
    }

    // ---- diff ----

    @Test
    void theDiffSaysWhichChangesApplyLiveAndWhichNeedARestart() throws Exception {
        start(startedWith(IN_FORCE));
        String edited = Configs.switchableBrowse("2026-11-25.2", false, "browse_v2", "45m");

        Reply reply = post("/api/diff", document(edited));

        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.json.get("against").get("version").asText()).isEqualTo("2026-11-25.1");
        assertThat(reply.json.get("against").get("source").asText()).isEqualTo("patterns.yaml");
        assertThat(reply.json.get("edited").asText()).isEqualTo("2026-11-25.2");
        assertThat(reply.json.get("versions").asText()).isEqualTo("2026-11-25.1 -> 2026-11-25.2");
        assertThat(reply.json.get("live"))
                .extracting(c -> c.get("path").asText())
                .contains("patterns[browse].enabled", "patterns[browse].action.template");
        assertThat(reply.json.get("restart"))
                .extracting(c -> c.get("path").asText(), c -> c.get("after").asText())
                .containsExactly(tuple("patterns[browse].params.window", "45m"));
        assertThat(reply.json.get("expect").asText()).isEqualTo("NEEDS_RESTART");
        assertThat(reply.json.get("verdict").asText()).contains("savepoint");
    }

    @Test
    void aLiveChangeIsSaidToApplyLive() throws Exception {
        start(startedWith(IN_FORCE));
        String edited = Configs.switchableBrowse("2026-11-25.2", false, "browse_v1", "30m");

        Reply reply = post("/api/diff", document(edited));

        assertThat(reply.json.get("expect").asText()).isEqualTo("APPLIED");
        assertThat(reply.json.get("restart")).isEmpty();
        assertThat(reply.json.get("verdict").asText()).contains("applies it live");
    }

    @Test
    void aDocumentNotNewerThanTheOneInForceWouldBeIgnored() throws Exception {
        start(startedWith(IN_FORCE));
        String edited = Configs.switchableBrowse("2026-11-25.1", false, "browse_v1", "30m");

        Reply reply = post("/api/diff", document(edited));

        assertThat(reply.json.get("expect").asText()).isEqualTo("IGNORED");
        assertThat(reply.json.get("verdict").asText()).contains("not newer", "2026-11-25.2");
    }

    @Test
    void anInvalidDocumentIsNotComparedButAnsweredWithItsErrors() throws Exception {
        start(startedWith(IN_FORCE));

        Reply reply = post("/api/diff", document(IN_FORCE.replace("minViews: 2", "minViews: x")));

        assertThat(reply.status).isEqualTo(422);
        assertThat(reply.error()).contains("1 error");
        assertThat(reply.json.get("validation").get("errors").get(0).get("line").asInt())
                .isEqualTo(11);
    }

    // ---- publish ----

    @Test
    void publishingSendsTheDocumentAsThePublisherAndShowsTheJobsAnswer() throws Exception {
        start(startedWith(IN_FORCE));
        String edited = Configs.switchableBrowse("2026-11-25.2", false, "browse_v1", "30m");

        Reply reply = post("/api/publish", document(edited));

        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.json.get("status").asText()).isEqualTo("APPLIED");
        assertThat(reply.json.get("version").asText()).isEqualTo("2026-11-25.2");
        assertThat(reply.json.get("changedBy").asText()).isEqualTo("anna");
        assertThat(reply.json.get("changes").get(0).asText()).contains("patterns[browse].enabled");
        assertThat(reply.json.get("decidedAt").asText()).isEqualTo("2026-11-25T10:00:01Z");
        assertThat(publications).containsExactly(new Publication("2026-11-25.2", edited, "anna"));
    }

    @Test
    void anInvalidDocumentIsNotPublished() throws Exception {
        start(startedWith(IN_FORCE));

        Reply reply =
                post("/api/publish", document(IN_FORCE.replace("minViews: 2", "minViews: -2")));

        assertThat(reply.status).isEqualTo(422);
        assertThat(publications).isEmpty();
    }

    @Test
    void aPublicationWithoutAnAnswerSaysSo() throws Exception {
        start(startedWith(IN_FORCE));
        answerStatus = null;

        Reply reply =
                post(
                        "/api/publish",
                        document(Configs.switchableBrowse("2026-11-25.2", false, "b", "30m")));

        assertThat(reply.status).isEqualTo(504);
        assertThat(reply.error())
                .contains("published version 2026-11-25.2", "marketing-control-0@41", "no answer");
    }

    // ---- the kill switch ----

    @Test
    void theKillSwitchShowsWhatItWouldPublishBeforeItDoes() throws Exception {
        start(startedWith(IN_FORCE));

        Reply preview =
                post(
                        "/api/kill",
                        "{\"patternId\": \"browse\", \"enabled\": false, \"confirm\": false}");

        assertThat(preview.status).isEqualTo(200);
        assertThat(preview.json.get("version").asText()).isEqualTo("2026-11-25.2");
        assertThat(preview.json.get("comparison").get("live"))
                .extracting(c -> c.get("path").asText(), c -> c.get("after").asText())
                .containsExactly(tuple("patterns[browse].enabled", "false"));
        assertThat(preview.json.get("comparison").get("expect").asText()).isEqualTo("APPLIED");
        assertThat(preview.json.get("document").asText())
                .isEqualTo(
                        IN_FORCE.replace("\"2026-11-25.1\"", "\"2026-11-25.2\"")
                                .replace("enabled: true", "enabled: false"));
        assertThat(publications).isEmpty();
    }

    @Test
    void theKillSwitchConfirmedIsPublishedAsADocumentLikeAnyOther() throws Exception {
        start(startedWith(IN_FORCE));

        Reply reply =
                post(
                        "/api/kill",
                        "{\"patternId\": \"browse\", \"enabled\": false, \"confirm\": true,"
                                + " \"version\": \"2026-11-25.2\"}");

        assertThat(reply.status).isEqualTo(200);
        assertThat(reply.json.get("status").asText()).isEqualTo("APPLIED");
        assertThat(publications)
                .singleElement()
                .satisfies(
                        p -> {
                            assertThat(p.version()).isEqualTo("2026-11-25.2");
                            assertThat(p.changedBy()).isEqualTo("anna");
                            assertThat(p.document()).contains("enabled: false");
                        });
    }

    @Test
    void theKillSwitchRefusesAnUnknownPatternAndOneAlreadyInThatState() throws Exception {
        start(startedWith(IN_FORCE));

        Reply unknown = post("/api/kill", "{\"patternId\": \"nope\", \"enabled\": false}");
        Reply already = post("/api/kill", "{\"patternId\": \"browse\", \"enabled\": true}");
        Reply stale =
                post(
                        "/api/kill",
                        "{\"patternId\": \"browse\", \"enabled\": false, \"confirm\": true,"
                                + " \"version\": \"2026-11-25.7\"}");

        assertThat(unknown.status).isEqualTo(400);
        assertThat(unknown.error()).contains("no pattern \"nope\"", "its patterns: browse");
        assertThat(already.status).isEqualTo(400);
        assertThat(already.error()).contains("already switched on");
        assertThat(stale.status).isEqualTo(409);
        assertThat(stale.error()).contains("changed since the preview");
        assertThat(publications).isEmpty();
    }

    // ---- backtest ----

    @Test
    void withoutAHistoryFileTheBacktestSaysHowToGiveOne() throws Exception {
        start(startedWith(IN_FORCE));

        Reply start = post("/api/backtest", document(IN_FORCE));
        Reply status = get("/api/backtest/1");

        assertThat(start.status).isEqualTo(400);
        assertThat(start.error()).contains("--history FILE");
        assertThat(status.status).isEqualTo(400);
    }

    // ---- the console ----

    @Test
    void theConsoleServesTheChangeTabWithTheDocumentItWasStartedWith() throws Exception {
        try (Console console = Console.start(ConsoleSettings.local(0), sources(Optional.empty()))) {
            HttpResponse<String> response =
                    HTTP.send(
                            HttpRequest.newBuilder(console.url().resolve("/api/document")).build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("version").asText())
                    .isEqualTo("2026-11-25.1");
        }
    }

    // ---- HTTP ----

    private record Reply(int status, JsonNode json, String body) {
        String error() {
            return json != null && json.hasNonNull("error") ? json.get("error").asText() : body;
        }
    }

    private static String document(String text) throws Exception {
        return JSON.writeValueAsString(JSON.createObjectNode().put("document", text));
    }

    private Reply get(String path) throws Exception {
        return send(HttpRequest.newBuilder(url(path)).GET().build());
    }

    private Reply post(String path, String body) throws Exception {
        return send(
                HttpRequest.newBuilder(url(path))
                        .header("X-Nudge-Csrf", csrf)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build());
    }

    private URI url(String path) {
        return server.url().resolve(path);
    }

    private static Reply send(HttpRequest request) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        if (response.headers()
                .firstValue("Content-Type")
                .orElse("")
                .startsWith("application/json")) {
            json = JSON.readTree(response.body());
        }
        return new Reply(response.statusCode(), json, response.body());
    }

    private static String csrfOf(String page) {
        Matcher matcher = Pattern.compile("name=\"nudge-csrf\" content=\"([^\"]+)\"").matcher(page);
        assertThat(matcher.find()).as("the page carries its CSRF value").isTrue();
        return matcher.group(1);
    }
}
