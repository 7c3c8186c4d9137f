package dev.nudge.sequence;

import dev.nudge.event.DeadLetter;
import dev.nudge.event.RejectReason;
import dev.nudge.event.UserEvent;
import dev.nudge.wire.EventDeadLetters;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * An event a SEQUENCE pattern's operator refused as over the user's budget, as a dead letter
 * ({@code RATE_LIMITED}): never dropped without a trace. The value is the event as parsed; the rest
 * of the job has processed it.
 */
public final class RefusedBySequence implements MapFunction<UserEvent, DeadLetter> {
    private static final long serialVersionUID = 1L;

    private final String patternId;
    private final String eventsTopic;
    private final SequenceLimits limits;

    public RefusedBySequence(String patternId, String eventsTopic, SequenceLimits limits) {
        this.patternId = patternId;
        this.eventsTopic = eventsTopic;
        this.limits = limits;
    }

    @Override
    public DeadLetter map(UserEvent event) {
        return EventDeadLetters.of(
                RejectReason.RATE_LIMITED,
                "user sent more events of pattern "
                        + patternId
                        + "'s types than it admits ("
                        + limits.maxBurst()
                        + " at once, then "
                        + limits.maxEventsPerMinute()
                        + " a minute); the pattern skipped this one, the rest of the job did not",
                eventsTopic,
                event);
    }
}
