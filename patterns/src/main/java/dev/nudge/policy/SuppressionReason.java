package dev.nudge.policy;

/**
 * Which policy rule stopped a match from becoming an action. {@code QUIET_HOURS} is the decision of
 * quiet hours in {@code DROP} mode; {@code HOLD_FULL} that of an action planned for later when the
 * user already has as many actions held for their send time as a user may have; {@code
 * OUT_OF_SCHEDULE} that of a match triggered outside its pattern's {@code schedule}. Of flows:
 * {@code IN_FLOW} and {@code FLOW_REENTRY} that of a match that would enter a user who is in the
 * flow already or left it too recently for its {@code reentry}; {@code FLOW_EXITED} that of a
 * flow's message still waiting (held for its send time, in an arbitration window) when the user
 * reached the flow's exit goal.
 *
 * <p>Only names are written (decisions, metrics), never ordinals: state keeps no reason, so a new
 * one goes at the end without a format change.
 */
public enum SuppressionReason {
    NOT_IN_AUDIENCE,
    NO_CONSENT,
    FREQUENCY_CAP,
    COOLDOWN,
    LOWER_PRIORITY,
    DISABLED,
    ERASED,
    CONVERTED_BEFORE_SEND,
    EXPIRED,
    QUIET_HOURS,
    HOLD_FULL,
    OUT_OF_SCHEDULE,
    IN_FLOW,
    FLOW_REENTRY,
    FLOW_EXITED
}
