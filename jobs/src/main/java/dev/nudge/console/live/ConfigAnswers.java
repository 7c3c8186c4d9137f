package dev.nudge.console.live;

import dev.nudge.config.ConfigException;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.console.ConsoleSources;
import dev.nudge.console.InForce;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the job answered to published configurations, and the documents published: enough to say
 * which configuration is in force, who published it and when.
 *
 * <p>The configuration in force is the newest answer {@code APPLIED} (by the job's {@code
 * decidedAt}), with the document published under its version on the control topic; until one is
 * read, the document the job was started with. Answers and documents may be read in either order
 * (the topics are read together), so the two are joined when asked.
 *
 * <p>Bounded: the last {@value #MAX_ANSWERS} answers of any status; the last {@value
 * #MAX_DOCUMENTS} documents (at most 256 KiB each) plus the one in force, whose text is kept aside
 * as soon as both are known, however many are published after it. Not thread-safe: its owner locks.
 */
final class ConfigAnswers {
    static final int MAX_ANSWERS = 10;
    static final int MAX_DOCUMENTS = 4;
    static final String CONTROL = "marketing-control";

    /** One answer of the job, as the page lists it. */
    record Answer(
            String version,
            String status,
            String changedBy,
            String message,
            Instant decidedAt,
            Instant publishedAt) {}

    /** A document as published: its text, who published it (header, else key) and when. */
    record Published(String version, String text, String changedBy, Instant publishedAt) {}

    private final Optional<ConsoleSources.Document> started;
    private final Deque<Answer> answers = new ArrayDeque<>();
    private final Map<String, Published> documents = new LinkedHashMap<>();
    private Answer applied;
    private Published appliedDocument;

    ConfigAnswers(Optional<ConsoleSources.Document> started) {
        this.started = started;
    }

    /** A record of the acks topic. */
    void answer(Answer answer) {
        answers.addLast(answer);
        while (answers.size() > MAX_ANSWERS) {
            answers.removeFirst();
        }
        if ("APPLIED".equals(answer.status())
                && answer.version() != null
                && (applied == null || !before(answer.decidedAt(), applied.decidedAt()))) {
            applied = answer;
            appliedDocument = documents.get(answer.version());
        }
    }

    /**
     * A record of the control topic.
     *
     * @return whether it was a document with a version that can be read; a record that is not (not
     *     UTF-8, no version) is left out, as the job rejects it
     */
    boolean document(byte[] value, String changedBy, Instant publishedAt) {
        String version = PatternsConfigReader.declaredVersion(value);
        String text;
        try {
            text = PatternsConfigReader.text(value, CONTROL);
        } catch (ConfigException notText) {
            return false;
        }
        if (version == null) {
            return false;
        }
        Published published = new Published(version, text, changedBy, publishedAt);
        documents.remove(version);
        documents.put(version, published);
        Iterator<String> eldest = documents.keySet().iterator();
        while (documents.size() > MAX_DOCUMENTS) {
            eldest.next();
            eldest.remove();
        }
        if (applied != null && applied.version().equals(version)) {
            appliedDocument = published;
        }
        return true;
    }

    /** The configuration in force, as far as the answers and documents read say. */
    Optional<InForce> inForce() {
        if (applied != null) {
            Optional<Published> document = Optional.ofNullable(appliedDocument);
            return Optional.of(
                    new InForce(
                            applied.version(),
                            Optional.ofNullable(applied.changedBy())
                                    .or(() -> document.map(Published::changedBy)),
                            Optional.ofNullable(applied.publishedAt())
                                    .or(() -> document.map(Published::publishedAt)),
                            Optional.ofNullable(applied.decidedAt()),
                            document.map(Published::text),
                            CONTROL));
        }
        return started.map(
                document ->
                        new InForce(
                                Optional.ofNullable(
                                                PatternsConfigReader.declaredVersion(
                                                        document.text()))
                                        .orElse("(none declared)"),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of(document.text()),
                                document.source()));
    }

    /** The answers read, the newest first. */
    List<Answer> answers() {
        List<Answer> newest = new ArrayList<>(answers);
        newest.sort(
                Comparator.comparing(
                                Answer::decidedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .reversed());
        return newest;
    }

    private static boolean before(Instant a, Instant b) {
        if (a == null) {
            return b != null;
        }
        return b != null && a.isBefore(b);
    }
}
