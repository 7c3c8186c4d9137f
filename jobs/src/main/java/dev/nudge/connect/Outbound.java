package dev.nudge.connect;

import dev.nudge.control.ControlAck;
import dev.nudge.event.DeadLetter;
import dev.nudge.policy.Action;
import dev.nudge.policy.Conversion;
import dev.nudge.policy.Decision;
import dev.nudge.profile.ProfileUpdate;

/**
 * One record for Kafka, of whichever kind: all outputs share one transactional sink, so that one
 * transaction per checkpoint covers actions, decisions, conversions, dead letters and profiles
 * together, and the answers to published configurations. Exactly one field is set.
 */
public record Outbound(
        Action action,
        Decision decision,
        Conversion conversion,
        DeadLetter deadLetter,
        ProfileUpdate profile,
        ControlAck controlAck) {

    public static Outbound of(Action action) {
        return new Outbound(action, null, null, null, null, null);
    }

    public static Outbound of(Decision decision) {
        return new Outbound(null, decision, null, null, null, null);
    }

    public static Outbound of(Conversion conversion) {
        return new Outbound(null, null, conversion, null, null, null);
    }

    public static Outbound of(DeadLetter deadLetter) {
        return new Outbound(null, null, null, deadLetter, null, null);
    }

    public static Outbound of(ProfileUpdate profile) {
        return new Outbound(null, null, null, null, profile, null);
    }

    public static Outbound of(ControlAck controlAck) {
        return new Outbound(null, null, null, null, null, controlAck);
    }
}
