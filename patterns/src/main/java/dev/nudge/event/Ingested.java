package dev.nudge.event;

/**
 * What reading one input record yields: either a valid {@link UserEvent} or a {@link DeadLetter},
 * never both. Sources emit this so that parsing (and with it the event time that drives the
 * watermarks) happens as early as possible, and so that no record is ever lost on the way.
 */
public record Ingested(UserEvent event, DeadLetter deadLetter) {

    public static Ingested of(UserEvent event) {
        return new Ingested(event, null);
    }

    public static Ingested rejected(DeadLetter deadLetter) {
        return new Ingested(null, deadLetter);
    }

    public boolean isEvent() {
        return event != null;
    }
}
