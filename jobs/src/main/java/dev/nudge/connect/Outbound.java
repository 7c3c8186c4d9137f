package dev.nudge.connect;

import dev.nudge.event.DeadLetter;
import dev.nudge.policy.Action;
import dev.nudge.policy.Decision;

/**
 * One record for Kafka, of whichever kind: all outputs share one transactional sink, so that one
 * transaction per checkpoint covers actions, decisions and dead letters together. Exactly one field
 * is set.
 */
public record Outbound(Action action, Decision decision, DeadLetter deadLetter) {

    public static Outbound of(Action action) {
        return new Outbound(action, null, null);
    }

    public static Outbound of(Decision decision) {
        return new Outbound(null, decision, null);
    }

    public static Outbound of(DeadLetter deadLetter) {
        return new Outbound(null, null, deadLetter);
    }
}
