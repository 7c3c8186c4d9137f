package dev.nudge.console.change;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nudge.config.ConfigChange;
import dev.nudge.config.ConfigDiff;
import dev.nudge.config.ConfigException;
import dev.nudge.config.ConfigLimits;
import dev.nudge.config.ConfigVersions;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.config.Shown;
import dev.nudge.connect.ControlPublisher;
import dev.nudge.console.ConsolePart;
import dev.nudge.console.ConsoleReply;
import dev.nudge.console.ConsoleRequest;
import dev.nudge.console.ConsoleServer;
import dev.nudge.console.ConsoleSources;
import dev.nudge.console.Endpoint;
import dev.nudge.console.InForce;
import dev.nudge.validate.PatternsValidator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.common.KafkaException;

/**
 * The console's "Change" tab: edit the patterns document with the validator's errors at their
 * lines, compare it with the version in force, backtest it on the console's history file, publish
 * it and show the job's answer, and the kill switch, one pattern's {@code enabled} published as a
 * document like any other.
 *
 * <p>It writes only on the control topic, only with the operators' client properties ({@code
 * --command-config}, {@link ConsoleSources#producer()}), and names the publisher in the {@code
 * changedBy} header. One publication at a time waits for its answer: a second is refused with 409
 * until the first is answered, so that at most one of the server's threads waits on the job.
 */
public final class ChangeDesk implements ConsolePart {
    /** How long a publication waits for the job's answer, as {@code publish} does by default. */
    static final Duration ANSWER_WAIT = Duration.ofMinutes(2);

    /** What the report of a backtest may do in the page's frame: draw, nothing else. */
    static final String REPORT_POLICY =
            "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";

    /** Publishes a checked document and waits for the answer; Kafka's, or a test's. */
    @FunctionalInterface
    interface Publishing {
        ControlPublisher.Outcome publish(String version, byte[] document, String changedBy)
                throws IOException;
    }

    private final ConsoleSources sources;
    private final InForce.Tracker inForce;
    private final Publishing publishing;
    private final Set<String> startedEnabled;
    private final ReentrantLock publishingNow = new ReentrantLock();
    private BacktestRuns backtests;

    /**
     * @param inForce what knows the configuration in force
     */
    public ChangeDesk(ConsoleSources sources, InForce.Tracker inForce) {
        this(sources, inForce, kafka(sources));
    }

    ChangeDesk(ConsoleSources sources, InForce.Tracker inForce, Publishing publishing) {
        this.sources = sources;
        this.inForce = inForce;
        this.publishing = publishing;
        this.startedEnabled = startedEnabled(sources);
    }

    private static Publishing kafka(ConsoleSources sources) {
        ControlPublisher publisher =
                new ControlPublisher(
                        sources.producer(),
                        sources.topics().control(),
                        sources.topics().controlAcks());
        return (version, document, changedBy) ->
                publisher.publishAndAwait(version, document, changedBy, ANSWER_WAIT, p -> {});
    }

    /**
     * The patterns the job built detectors for when it started: those the started document enables.
     * Enabling one of them again is live; empty when the console was not given the document, and
     * then those the version in force enables are taken instead.
     */
    private static Set<String> startedEnabled(ConsoleSources sources) {
        return sources.started()
                .map(
                        document -> {
                            try {
                                return ConfigDiff.enabledPatterns(
                                        PatternsConfigReader.read(
                                                document.text(), document.source()));
                            } catch (ConfigException invalid) {
                                return Set.<String>of();
                            }
                        })
                .orElse(Set.of());
    }

    @Override
    public void register(ConsoleServer server) {
        server.get("/api/document", request -> document());
        server.post("/api/validate", refusing(this::validate));
        server.post("/api/diff", refusing(this::diff));
        server.post("/api/publish", refusing(this::publish));
        server.post("/api/kill", refusing(this::kill));
        server.post("/api/backtest", refusing(this::backtest));
        server.get("/api/backtest/", this::backtestRun);
    }

    /** Why a request is answered before it gets anywhere: the answer, in words. */
    private static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        private final transient ConsoleReply reply;

        Refusal(ConsoleReply reply) {
            super(null, null, false, false);
            this.reply = reply;
        }
    }

    /** An endpoint of the desk, which may refuse its request. */
    @FunctionalInterface
    private interface Step {
        ConsoleReply handle(ConsoleRequest request) throws Refusal, IOException;
    }

    private static Endpoint refusing(Step step) {
        return request -> {
            try {
                return step.handle(request);
            } catch (Refusal refusal) {
                return refusal.reply;
            }
        };
    }

    // ---- the document in force ----

    /** The document in force and its configuration, or why there is none to start from. */
    private record Current(InForce inForce, String text, PatternsConfig config) {}

    /** Why there is no text in force to start from, if there is none. */
    private static Optional<ConsoleReply> unknown(Optional<InForce> known) {
        if (known.isEmpty()) {
            return Optional.of(
                    ConsoleReply.notFound(
                            "no configuration in force is known: start the console with --patterns"
                                    + " FILE, the file the job was started with"));
        }
        InForce current = known.get();
        if (current.document().isEmpty()) {
            return Optional.of(
                    ConsoleReply.notFound(
                            "version "
                                    + current.version()
                                    + " is in force, but the console does not have its text"
                                    + " (from "
                                    + current.source()
                                    + "); start the console with --patterns FILE holding it"));
        }
        return Optional.empty();
    }

    private Current current() throws Refusal {
        Optional<InForce> known = inForce.current();
        Optional<ConsoleReply> unknown = unknown(known);
        if (unknown.isPresent()) {
            throw new Refusal(unknown.get());
        }
        InForce current = known.get();
        String text = current.document().get();
        try {
            return new Current(current, text, PatternsConfigReader.read(text, current.source()));
        } catch (ConfigException e) {
            throw new Refusal(
                    ConsoleReply.error(
                            409,
                            "the document in force (version "
                                    + current.version()
                                    + ", "
                                    + current.source()
                                    + ") does not validate here: "
                                    + String.join("; ", e.firstErrors(3))));
        }
    }

    private ConsoleReply document() {
        Optional<InForce> known = inForce.current();
        Optional<ConsoleReply> unknown = unknown(known);
        if (unknown.isPresent()) {
            return unknown.get();
        }
        InForce current = known.get();
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.put("version", current.version());
        answer.put("text", current.document().get());
        answer.put("source", current.source());
        answer.put("changedBy", current.changedBy().orElse(null));
        answer.put("publishedAt", current.publishedAt().map(Instant::toString).orElse(null));
        answer.put("decidedAt", current.decidedAt().map(Instant::toString).orElse(null));
        return ConsoleReply.json(answer);
    }

    // ---- validate, diff ----

    private ConsoleReply validate(ConsoleRequest request) throws Refusal {
        return ConsoleReply.json(Checked.of(editedText(request)).answer());
    }

    /** The document of a request, checked; refused with its errors when it is not valid. */
    private static Checked valid(String document) throws Refusal {
        Checked checked = Checked.of(document);
        if (!checked.valid()) {
            throw new Refusal(invalid(checked));
        }
        return checked;
    }

    /**
     * The edited document against the one in force: what {@code POST /api/diff} answers, and the
     * kill switch's preview.
     *
     * @param edited the edited document's version, the one a publish would write
     * @param versions both versions in words, e.g. {@code 2026-11-25.1 -> 2026-11-25.2}
     */
    record Comparison(
            Against against,
            String edited,
            String versions,
            List<Change> live,
            List<Change> restart,
            String verdict,
            String expect) {}

    record Against(String version, String source) {}

    record Change(String path, String before, String after) {
        static List<Change> of(List<ConfigChange> changes) {
            return changes.stream().map(c -> new Change(c.path(), c.before(), c.after())).toList();
        }
    }

    private ConsoleReply diff(ConsoleRequest request) throws Refusal {
        Checked checked = valid(editedText(request));
        return ConsoleReply.json(compare(current(), checked.config()));
    }

    private Comparison compare(Current current, PatternsConfig after) {
        PatternsConfig before = current.config();
        Set<String> running =
                startedEnabled.isEmpty() ? ConfigDiff.enabledPatterns(before) : startedEnabled;
        List<ConfigChange> changes = ConfigDiff.between(before, after, running);
        String was = before.version();
        String is = after.version();
        String version;
        if (!was.equals(is)) {
            version = was + " -> " + is;
        } else if (changes.isEmpty()) {
            version = was + " (unchanged)";
        } else {
            version =
                    was
                            + " (unchanged: give the edited document a version of its own, so that"
                            + " its actions and decisions can be told apart)";
        }
        String verdict;
        String expect;
        if (!ConfigVersions.isNewer(is, was)) {
            expect = "IGNORED";
            verdict =
                    "Version "
                            + is
                            + " is not newer than "
                            + was
                            + ", the one in force: published, it would be ignored. Give it a newer"
                            + " version, e.g. "
                            + ConfigVersions.next(was)
                            + ".";
        } else if (changes.isEmpty()) {
            expect = "NOTHING";
            verdict = "Nothing to publish: the settings of both are the same.";
        } else if (ConfigDiff.allLive(changes)) {
            expect = "APPLIED";
            verdict = "Publish it: the job applies it live.";
        } else {
            expect = "NEEDS_RESTART";
            verdict =
                    "Stop the job with a savepoint and start it from the savepoint with this"
                            + " document as --patterns. Published live, it would be answered"
                            + " NEEDS_RESTART and not applied.";
        }
        return new Comparison(
                new Against(was, current.inForce().source()),
                is,
                version,
                Change.of(ConfigDiff.live(changes)),
                Change.of(ConfigDiff.restartNeeded(changes)),
                verdict,
                expect);
    }

    /** The answer to an invalid document: a sentence, and its errors at their lines. */
    record Invalid(String error, Checked.Answer validation) {}

    private static ConsoleReply invalid(Checked checked) {
        return ConsoleReply.json(422, new Invalid(checked.summary(), checked.answer()));
    }

    // ---- publish, kill ----

    private ConsoleReply publish(ConsoleRequest request) throws Refusal {
        String document = editedText(request);
        return published(valid(document).config().version(), document);
    }

    /** Publishes a checked document and answers with the job's answer, or why there is none. */
    private ConsoleReply published(String version, String document) {
        if (!publishingNow.tryLock()) {
            return ConsoleReply.conflict(
                    "another publication from this console is waiting for the job's answer;"
                            + " publish again once it is answered");
        }
        try {
            ControlPublisher.Outcome outcome =
                    publishing.publish(
                            version,
                            document.getBytes(StandardCharsets.UTF_8),
                            sources.changedBy());
            return switch (outcome.ending()) {
                case NO_ACKS_TOPIC ->
                        ConsoleReply.error(
                                502,
                                "no topic "
                                        + sources.topics().controlAcks()
                                        + " at "
                                        + bootstrap()
                                        + ": nothing published (the job answers there; does the"
                                        + " console read the job's job.yaml?)");
                case NO_ANSWER ->
                        ConsoleReply.error(
                                504,
                                "published version "
                                        + version
                                        + " to "
                                        + where(outcome.published())
                                        + " as "
                                        + sources.changedBy()
                                        + ", but no answer came within "
                                        + ANSWER_WAIT.toMinutes()
                                        + " min: is the job running, and reading "
                                        + sources.topics().control()
                                        + "?");
                case ANSWERED -> ConsoleReply.json(answer(outcome));
            };
        } catch (KafkaException | IOException e) {
            return ConsoleReply.error(
                    502,
                    "Kafka at "
                            + bootstrap()
                            + ": "
                            + Shown.clipped(String.valueOf(e.getMessage()), 300));
        } finally {
            publishingNow.unlock();
        }
    }

    private static String where(ControlPublisher.Published published) {
        return published.topic() + "-" + published.partition() + "@" + published.offset();
    }

    private String bootstrap() {
        return String.valueOf(sources.producer().getProperty("bootstrap.servers"));
    }

    /** The job's answer as the page shows it, and where the document went. */
    private static ObjectNode answer(ControlPublisher.Outcome outcome) {
        JsonNode ack = outcome.answer();
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        for (String field :
                List.of(
                        "status",
                        "version",
                        "message",
                        "liveVersion",
                        "changedBy",
                        "publishedAt",
                        "decidedAt")) {
            JsonNode value = ack.get(field);
            answer.set(field, value == null || !value.isValueNode() ? null : value);
        }
        for (String list : List.of("changes", "errors")) {
            JsonNode value = ack.get(list);
            answer.set(
                    list,
                    value != null && value.isArray()
                            ? value
                            : JsonNodeFactory.instance.arrayNode());
        }
        ControlPublisher.Published published = outcome.published();
        ObjectNode at = answer.putObject("published");
        at.put("topic", published.topic());
        at.put("partition", published.partition());
        at.put("offset", published.offset());
        return answer;
    }

    /** What {@code POST /api/kill} shows before it publishes. */
    record KillPreview(
            String patternId,
            boolean enabled,
            String version,
            Comparison comparison,
            String document) {}

    private ConsoleReply kill(ConsoleRequest request) throws Refusal {
        JsonNode body = request.json();
        if (body == null || !body.isObject()) {
            return ConsoleReply.badRequest(
                    "the body is not a JSON object: send {\"patternId\": \"...\", \"enabled\":"
                            + " false, \"confirm\": false}");
        }
        JsonNode patternId = body.get("patternId");
        JsonNode enabled = body.get("enabled");
        JsonNode confirm = body.get("confirm");
        JsonNode previewed = body.get("version");
        if (patternId == null || !patternId.isTextual() || patternId.asText().isBlank()) {
            return ConsoleReply.badRequest("patternId: missing; give the id of a pattern");
        }
        if (enabled == null || !enabled.isBoolean()) {
            return ConsoleReply.badRequest(
                    "enabled: "
                            + (enabled == null ? "missing" : "not true or false")
                            + "; give false to switch the pattern off, true to switch it on");
        }
        if (confirm != null && !confirm.isBoolean()) {
            return ConsoleReply.badRequest(
                    "confirm: not true or false; false shows what would be published, true"
                            + " publishes it");
        }
        if (previewed != null && !previewed.isTextual()) {
            return ConsoleReply.badRequest(
                    "version: not a string; give the version the preview showed, or none");
        }
        String id = Shown.abbreviated(patternId.asText(), ConfigLimits.MAX_SHOWN_CHARACTERS);
        boolean on = enabled.asBoolean();
        Current current = current();
        PatternsConfig before = current.config();
        PatternSpec pattern = before.pattern(patternId.asText());
        if (pattern == null) {
            List<String> ids = before.patterns().stream().map(PatternSpec::id).toList();
            return ConsoleReply.badRequest(
                    "no pattern \""
                            + id
                            + "\" in version "
                            + before.version()
                            + ", the one in force; its patterns: "
                            + Shown.clipped(String.join(", ", ids), 300));
        }
        if (pattern.enabled() == on) {
            return ConsoleReply.badRequest(
                    "pattern "
                            + id
                            + " is already switched "
                            + (on ? "on" : "off")
                            + " in version "
                            + before.version()
                            + ", the one in force: nothing to publish");
        }
        String version = ConfigVersions.next(before.version());
        if (previewed != null && !previewed.asText().equals(version)) {
            return ConsoleReply.conflict(
                    "the configuration in force changed since the preview (it would now publish"
                            + " version "
                            + version
                            + "): look at the switch again");
        }
        String switched;
        try {
            switched = KillSwitch.switched(current.text(), pattern.id(), on, version);
        } catch (KillSwitch.NotSwitchable e) {
            return ConsoleReply.error(409, e.getMessage());
        }
        PatternsConfig after;
        try {
            after = PatternsValidator.validated(switched, "the switched document");
        } catch (ConfigException e) {
            return ConsoleReply.error(
                    409,
                    "the document in force with pattern "
                            + id
                            + " switched does not validate: "
                            + String.join("; ", e.firstErrors(3)));
        }
        if (confirm == null || !confirm.asBoolean()) {
            return ConsoleReply.json(
                    new KillPreview(pattern.id(), on, version, compare(current, after), switched));
        }
        return published(version, switched);
    }

    // ---- backtest ----

    private synchronized BacktestRuns backtests() {
        if (backtests == null) {
            backtests = new BacktestRuns(sources.history().orElseThrow(), sources.job());
        }
        return backtests;
    }

    private ConsoleReply backtest(ConsoleRequest request) throws Refusal, IOException {
        if (sources.history().isEmpty()) {
            return ConsoleReply.badRequest(
                    "the console has no history file to backtest on: start it with --history FILE");
        }
        String document = editedText(request);
        Checked checked = valid(document);
        return backtests()
                .start(document, checked.config().version())
                .map(status -> ConsoleReply.json(202, status))
                .orElseGet(
                        () ->
                                ConsoleReply.conflict(
                                        "a backtest is running: wait for it to finish, then start"
                                                + " another"));
    }

    private ConsoleReply backtestRun(ConsoleRequest request) throws IOException {
        if (sources.history().isEmpty()) {
            return ConsoleReply.badRequest(
                    "the console has no history file to backtest on: start it with --history FILE");
        }
        String rest = request.rest();
        boolean report = rest.endsWith("/report");
        String id = report ? rest.substring(0, rest.length() - "/report".length()) : rest;
        if (!id.matches("[0-9]{1,9}")) {
            return ConsoleReply.notFound("no backtest " + Shown.abbreviated(id, 40));
        }
        if (!report) {
            return backtests()
                    .status(id)
                    .map(ConsoleReply::json)
                    .orElseGet(() -> ConsoleReply.notFound("no backtest " + id));
        }
        Optional<Path> file = backtests().report(id);
        if (file.isEmpty() || !Files.isRegularFile(file.get())) {
            return ConsoleReply.notFound("backtest " + id + " has no report (yet)");
        }
        return new ConsoleReply(
                        200, "text/html; charset=utf-8", Files.readAllBytes(file.get()), Map.of())
                .withHeader("Content-Security-Policy", REPORT_POLICY);
    }

    @Override
    public synchronized void close() {
        if (backtests != null) {
            backtests.close();
        }
    }

    // ---- the document in a request ----

    /** The {@code document} of a request's body, checked to be a document's text. */
    private static String editedText(ConsoleRequest request) throws Refusal {
        JsonNode body = request.json();
        if (body == null || !body.isObject()) {
            throw new Refusal(
                    ConsoleReply.badRequest(
                            "the body is not a JSON object: send {\"document\": \"...\"} with"
                                    + " the patterns document's text"));
        }
        JsonNode document = body.get("document");
        if (document == null || document.isNull()) {
            throw new Refusal(
                    ConsoleReply.badRequest(
                            "document: missing; send the patterns document's text in it"));
        }
        if (!document.isTextual()) {
            throw new Refusal(
                    ConsoleReply.badRequest(
                            "document: not a string; send the patterns document's text"));
        }
        String text = document.asText();
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > ConfigLimits.MAX_DOCUMENT_BYTES) {
            throw new Refusal(
                    ConsoleReply.badRequest(
                            String.format(
                                    Locale.ROOT,
                                    "document: %,d bytes; a patterns document is at most %,d"
                                            + " bytes (%d KiB)",
                                    bytes,
                                    ConfigLimits.MAX_DOCUMENT_BYTES,
                                    ConfigLimits.MAX_DOCUMENT_BYTES / 1024)));
        }
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if (Character.isISOControl(c) && c != '\t' && c != '\r') {
                throw new Refusal(
                        ConsoleReply.badRequest(
                                String.format(
                                        Locale.ROOT,
                                        "document: a control character (U+%04X) at line %d:"
                                                + " binary data, not the text of a patterns"
                                                + " document",
                                        (int) c,
                                        line)));
            }
        }
        return text;
    }
}
