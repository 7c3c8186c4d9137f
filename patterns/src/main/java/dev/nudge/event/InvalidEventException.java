package dev.nudge.event;

/**
 * Thrown by {@link EventParser} for a record that cannot become a {@link UserEvent}. Bad input is
 * expected in production, so the exception carries no stack trace; its message, which becomes the
 * dead letter's detail, is at most {@link DeadLetter#MAX_DETAIL} characters.
 */
public final class InvalidEventException extends Exception {
    private static final long serialVersionUID = 1L;

    private final RejectReason reason;

    public InvalidEventException(RejectReason reason, String message) {
        super(DeadLetter.bounded(message), null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
