package dev.nudge.control;

import dev.nudge.config.Shown;
import dev.nudge.wire.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The job's answer to a published configuration, on {@code marketing-control-acks}: one per
 * document, whatever the job's parallelism.
 *
 * @param version the document's version ({@code null} if it declares none that can be read)
 * @param changes what the document changes: all of it when applied, only what needs a restart when
 *     it needs one
 * @param errors every error of a rejected document (field path, value, what is expected)
 * @param liveVersion the version in force after this document
 * @param publishedAt when the document was published, epoch millis
 * @param decidedAt when the job decided, epoch millis (the processing clock)
 */
public record ControlAck(
        String version,
        Status status,
        List<String> changes,
        List<String> errors,
        String message,
        String liveVersion,
        String changedBy,
        long publishedAt,
        long decidedAt) {

    /** Errors and changes listed in an answer; more are counted on a last line. */
    public static final int MAX_LISTED = 50;

    /** The longest line of an answer's errors or changes, and of its texts. */
    public static final int MAX_LINE = 500;

    /** The longest version an answer names (a longer one is cut with "…"). */
    public static final int MAX_VERSION = 64;

    /**
     * Bounded by construction, whatever document it answers: at most {@link #MAX_LISTED} errors and
     * changes and a line counting the rest, each line at most {@link #MAX_LINE} characters,
     * versions at most {@link #MAX_VERSION}; so the record fits the producer's limits (see {@code
     * RecordBounds}).
     */
    public ControlAck {
        changes = listed(changes, "change");
        errors = listed(errors, "error");
        message = message == null ? null : Shown.clipped(message, MAX_LINE);
        version = version == null ? null : Shown.clipped(version, MAX_VERSION);
        liveVersion = liveVersion == null ? null : Shown.clipped(liveVersion, MAX_VERSION);
        changedBy = changedBy == null ? null : Shown.clipped(changedBy, MAX_VERSION);
    }

    private static List<String> listed(List<String> lines, String what) {
        int listed = Math.min(lines.size(), MAX_LISTED + 1);
        List<String> bounded = new ArrayList<>(listed);
        for (int i = 0; i < listed; i++) {
            bounded.add(Shown.clipped(lines.get(i), MAX_LINE));
        }
        if (lines.size() > MAX_LISTED + 1) {
            int more = lines.size() - MAX_LISTED;
            bounded.set(
                    MAX_LISTED,
                    String.format(
                            Locale.ROOT,
                            "... and %,d more %s%s",
                            more,
                            what,
                            more == 1 ? "" : "s"));
        }
        return List.copyOf(bounded);
    }

    /** The record on {@code marketing-control-acks}. */
    public byte[] toJson() {
        return Json.write(
                g -> {
                    g.writeStringField("version", version);
                    g.writeStringField("status", status.name());
                    g.writeStringField("message", message);
                    g.writeArrayFieldStart("changes");
                    for (String change : changes) {
                        g.writeString(change);
                    }
                    g.writeEndArray();
                    g.writeArrayFieldStart("errors");
                    for (String error : errors) {
                        g.writeString(error);
                    }
                    g.writeEndArray();
                    g.writeStringField("liveVersion", liveVersion);
                    g.writeStringField("changedBy", changedBy);
                    g.writeStringField("publishedAt", Json.time(publishedAt));
                    g.writeStringField("decidedAt", Json.time(decidedAt));
                });
    }

    public enum Status {
        /** Valid, newer and live-applicable: in force from now on. */
        APPLIED,
        /** Invalid: the previous configuration stays. */
        REJECTED,
        /** Valid, but some of it only a restart from a savepoint applies: nothing of it applied. */
        NEEDS_RESTART,
        /** Not newer than the version in force: nothing of it applied. */
        IGNORED
    }
}
