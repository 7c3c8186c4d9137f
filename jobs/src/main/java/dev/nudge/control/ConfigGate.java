package dev.nudge.control;

import dev.nudge.config.ConfigChange;
import dev.nudge.config.ConfigDiff;
import dev.nudge.config.ConfigError;
import dev.nudge.config.ConfigException;
import dev.nudge.config.ConfigLimits;
import dev.nudge.config.ConfigVersions;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.config.Shown;
import dev.nudge.validate.PatternsValidator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Decides what becomes of a configuration published on {@code marketing-control} (SPEC §6): checks
 * it with the same validator as {@code validate}, orders it by version against the one in force,
 * and tells what applies live from what needs a restart. Only a document that is valid, newer and
 * live-applicable in every change replaces the one in force; every document gets one answer.
 */
public final class ConfigGate {
    private final Set<String> running;
    private PatternsConfig live;
    private String appliedDocument;

    /**
     * @param running the patterns the job runs ({@link ConfigDiff#enabledPatterns} of its file)
     * @param inForce the configuration the job starts with
     */
    public ConfigGate(Set<String> running, LiveConfiguration inForce) {
        this.running = Set.copyOf(running);
        this.live = inForce.config();
        this.appliedDocument = inForce.restored() ? inForce.document() : null;
    }

    /** What the gate decided: the answer, and the update to broadcast if it applies. */
    public record Verdict(ControlAck ack, ConfigUpdate update) {
        public boolean applied() {
            return update != null;
        }
    }

    /**
     * @param now the processing time, for the answer
     */
    public Verdict consider(ControlDocument published, long now) {
        Publisher publisher = Publisher.of(published.changedBy());
        List<ConfigError> errors = new ArrayList<>();
        if (publisher.error() != null) {
            errors.add(publisher.error());
        }
        PatternsConfig next = null;
        try {
            next = PatternsValidator.validated(published.document(), "marketing-control");
        } catch (ConfigException e) {
            errors.addAll(e.errors());
        }
        if (!errors.isEmpty()) {
            return rejection(
                    published,
                    publisher,
                    PatternsConfigReader.declaredVersion(published.document()),
                    ControlAck.Status.REJECTED,
                    List.of(),
                    ConfigException.firstErrors(errors, ControlAck.MAX_LISTED),
                    String.format(
                                    Locale.ROOT,
                                    "%,d error%s",
                                    errors.size(),
                                    errors.size() == 1 ? "" : "s")
                            + "; version "
                            + live.version()
                            + " stays in force",
                    now);
        }
        if (!ConfigVersions.isNewer(next.version(), live.version())) {
            return rejection(
                    published,
                    publisher,
                    next.version(),
                    ControlAck.Status.IGNORED,
                    List.of(),
                    List.of(),
                    "version "
                            + next.version()
                            + " is not newer than version "
                            + live.version()
                            + ", the one in force",
                    now);
        }
        List<ConfigChange> changes = ConfigDiff.between(live, next, running);
        List<String> restartOnly =
                changes.stream().filter(c -> !c.live()).map(ConfigChange::toString).toList();
        if (!restartOnly.isEmpty()) {
            return rejection(
                    published,
                    publisher,
                    next.version(),
                    ControlAck.Status.NEEDS_RESTART,
                    restartOnly,
                    List.of(),
                    "nothing of it applied: stop the job with a savepoint and start it from the"
                            + " savepoint with this file; version "
                            + live.version()
                            + " stays in force",
                    now);
        }
        String text = text(published.document());
        live = next;
        appliedDocument = text;
        ControlAck applied =
                ack(
                        published,
                        publisher,
                        next.version(),
                        ControlAck.Status.APPLIED,
                        changes.stream().map(ConfigChange::toString).toList(),
                        List.of(),
                        changes.isEmpty()
                                ? "applied; nothing but the version changes"
                                : "applied to every decision from now on",
                        now);
        return new Verdict(
                applied,
                new ConfigUpdate(next.version(), text, published.publishedAt(), publisher.name()));
    }

    /** The text of a document that passed the checks, which include its encoding. */
    private static String text(byte[] document) {
        try {
            return PatternsConfigReader.text(document, "marketing-control");
        } catch (ConfigException e) {
            throw new IllegalStateException("a validated document no longer decodes", e);
        }
    }

    /**
     * Who published a document, as the answer names them, and what is wrong with the name: it is
     * echoed in every answer and log line, so it is held to {@link ConfigLimits#CHANGED_BY}.
     */
    private record Publisher(String name, ConfigError error) {
        static Publisher of(byte[] changedBy) {
            String name = new String(changedBy, StandardCharsets.UTF_8);
            String shown = Shown.clipped(name.isEmpty() ? "(unknown)" : name, 64);
            if (name.isEmpty()) {
                return new Publisher(shown, null);
            }
            boolean wellFormed = Arrays.equals(name.getBytes(StandardCharsets.UTF_8), changedBy);
            if (wellFormed && ConfigLimits.CHANGED_BY.accepts(name)) {
                return new Publisher(name, null);
            }
            return new Publisher(
                    shown,
                    new ConfigError(
                            "changedBy (header)",
                            wellFormed ? name : "bytes that are not UTF-8",
                            ConfigLimits.CHANGED_BY.describe()));
        }
    }

    public PatternsConfig live() {
        return live;
    }

    /**
     * The text of the configuration in force if it was applied live (here or before a restore), to
     * checkpoint; {@code null} while the file's configuration is in force.
     */
    public String appliedDocument() {
        return appliedDocument;
    }

    /** A document that changes nothing: its answer, and no update. */
    private Verdict rejection(
            ControlDocument published,
            Publisher publisher,
            String version,
            ControlAck.Status status,
            List<String> changes,
            List<String> errors,
            String message,
            long now) {
        return new Verdict(
                ack(published, publisher, version, status, changes, errors, message, now), null);
    }

    /** The answer to {@code published}, naming the version in force once it is decided. */
    private ControlAck ack(
            ControlDocument published,
            Publisher publisher,
            String version,
            ControlAck.Status status,
            List<String> changes,
            List<String> errors,
            String message,
            long now) {
        return new ControlAck(
                version,
                status,
                changes,
                errors,
                message,
                live.version(),
                publisher.name(),
                published.publishedAt(),
                now);
    }
}
