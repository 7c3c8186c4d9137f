package dev.nudge.control;

import dev.nudge.wire.Json;
import java.util.List;

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

    public ControlAck {
        changes = List.copyOf(changes);
        errors = List.copyOf(errors);
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
