package dev.nudge.backtest;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the users of one flow did in a backtest, counted from {@code flows.jsonl}, the decisions of
 * the flow's sends and the sends still held when the clock stopped ({@link FlowFunnels}).
 *
 * <p>The funnel counts walks: a user who entered the flow twice (its {@code reentry}) walked it
 * twice. The goal conversion counts users: of the users who entered, those who reached the flow's
 * exit goal at least once, per arm.
 *
 * @param entered the entries, held-out users' included
 * @param enteredHoldout the entries of users in the flow's holdout group
 * @param steps the flow's steps as configured, then any other step its users were at
 * @param timedOut waits for an event that ended without it
 * @param exited walks that ended at the flow's exit goal (or a wait's own exit)
 * @param completed walks that went past the flow's last step
 * @param left walks that ended because the flow or the step was removed or switched off, or the
 *     user was erased or forgotten
 * @param treatment the users of the treatment arm: entered, and of them exited by the goal
 * @param holdout the users of the holdout group: the same
 */
public record FlowFunnel(
        String flowId,
        long entered,
        long enteredHoldout,
        List<Step> steps,
        long timedOut,
        long exited,
        long completed,
        long left,
        Goal treatment,
        Goal holdout) {

    public FlowFunnel {
        steps = List.copyOf(steps);
    }

    /**
     * One step: how often it was reached and, for a send, what became of its messages; how often a
     * walk timed out, exited or left while at it.
     *
     * @param kind {@code send}, {@code wait} or {@code branch}; empty for a step not configured
     * @param sent the SENT decisions of the step's messages
     * @param holdout the HOLDOUT decisions (held-out users walk the flow; nothing is sent to them)
     * @param suppressed the SUPPRESSED decisions by reason, in the order of the reasons' names
     * @param held messages still waiting for their send time when the clock stopped, undecided
     */
    public record Step(
            String name,
            String kind,
            long reached,
            long sent,
            long holdout,
            Map<String, Long> suppressed,
            long held,
            long timedOut,
            long exited,
            long left) {

        public Step {
            suppressed = Collections.unmodifiableMap(new TreeMap<>(suppressed));
        }

        public long suppressedTotal() {
            return suppressed.values().stream().mapToLong(Long::longValue).sum();
        }

        /** The step's messages decided or still held: one for each time a send step is reached. */
        public long messages() {
            return sent + holdout + suppressedTotal() + held;
        }
    }

    /** The users of one arm who entered the flow, and how many of them reached its exit goal. */
    public record Goal(long users, long exited) {
        /** Users who reached the goal per user who entered; 0 without users. */
        public double rate() {
            return users == 0 ? 0 : (double) exited / users;
        }
    }

    /** The entries of users not held out. */
    public long enteredTreatment() {
        return entered - enteredHoldout;
    }

    /** Every send step's SENT decisions. */
    public long sent() {
        return steps.stream().mapToLong(Step::sent).sum();
    }

    /** Walks under way when the clock stopped: entered, and not yet exited, completed or left. */
    public long stillIn() {
        return Math.max(0, entered - exited - completed - left);
    }

    /**
     * The treatment's goal rate less the holdout's, in percentage points; {@code null} unless both
     * arms have users.
     */
    public Double goalDifferencePoints() {
        if (treatment.users() == 0 || holdout.users() == 0) {
            return null;
        }
        return 100 * (treatment.rate() - holdout.rate());
    }
}
