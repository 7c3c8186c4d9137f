package dev.nudge.wire;

import dev.nudge.event.DeadLetter;
import dev.nudge.event.RejectReason;
import dev.nudge.event.UserEvent;
import java.nio.charset.StandardCharsets;

/**
 * Dead letters of events that were read but could not be used everywhere (late behind the
 * watermark, over a SEQUENCE pattern's budget): the value is the event as parsed, written as on
 * {@code user-events}, the key its user, and partition and offset are unknown (-1).
 */
public final class EventDeadLetters {
    private EventDeadLetters() {}

    public static DeadLetter of(
            RejectReason reason, String detail, String eventsTopic, UserEvent event) {
        return new DeadLetter(
                reason,
                detail,
                eventsTopic,
                -1,
                -1,
                event.userId().getBytes(StandardCharsets.UTF_8),
                Json.event(event));
    }
}
