package dev.nudge.policy;

/** What became of a match (SPEC §3.3). */
public enum Outcome {
    /** An action was emitted on {@code marketing-actions}. */
    SENT,
    /** The user is in the holdout group: nothing is sent, conversions are still attributed. */
    HOLDOUT,
    /** A policy rule stopped it; see {@link SuppressionReason}. */
    SUPPRESSED,
    /**
     * The match entered the user in a flow whose steps send instead of the pattern's own action
     * ({@code flows[].entry.mode: INSTEAD}); the flow's sends are decisions of their own.
     */
    ENTERED_FLOW
}
