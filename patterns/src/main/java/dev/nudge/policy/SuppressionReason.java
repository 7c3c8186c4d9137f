package dev.nudge.policy;

/**
 * Which policy rule stopped a match from becoming an action (SPEC §3.3, §6). {@code QUIET_HOURS} is
 * the decision of quiet hours in {@code DROP} mode, which the list of SPEC §3.3 leaves unnamed.
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
    QUIET_HOURS
}
