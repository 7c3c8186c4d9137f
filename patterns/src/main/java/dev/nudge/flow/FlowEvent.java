package dev.nudge.flow;

/**
 * One step of a user through a flow, for the flow's metrics and the backtest's funnel ({@code
 * flows.jsonl}); the sends themselves are decisions.
 *
 * @param step the step reached, timed out or left at; {@code null} for ENTERED and for COMPLETED
 *     after a flow's last step
 * @param holdout whether the user is in the flow's holdout group (walks it without being sent
 *     anything)
 * @param detail why the user left, for LEFT; else {@code null}
 */
public record FlowEvent(
        String userId,
        String flowId,
        String step,
        Kind kind,
        long at,
        boolean holdout,
        String configVersion,
        String detail) {

    /** What happened. */
    public enum Kind {
        /** A match of an entry pattern entered the user. */
        ENTERED,
        /** The user reached a step. */
        REACHED,
        /** A wait for an event ended without it. */
        TIMED_OUT,
        /** The user reached the flow's exit goal (or the step's), at the event. */
        EXITED,
        /** The user went past the flow's last step. */
        COMPLETED,
        /**
         * The user was taken out: the flow or the step was removed or switched off, the user was
         * erased or idle for the state's time to live.
         */
        LEFT
    }
}
