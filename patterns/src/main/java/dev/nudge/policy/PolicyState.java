package dev.nudge.policy;

import dev.nudge.flow.FlowPositions;
import dev.nudge.state.Formats;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.util.Collections;
import java.util.List;

/**
 * What the policy remembers of one user between wake-ups: the send log for the frequency caps, the
 * matches waiting in an arbitration window, the actions held for their send time, the last touch
 * for attribution, the recent sends that feedback is linked to, and the user's place in flows. Part
 * of the user's journey state; only {@link Decider} changes it.
 */
public final class PolicyState {
    final SendLog sends = new SendLog();
    final Arbitration arbitration = new Arbitration();
    final HeldActions held = new HeldActions();
    final LastTouch touch = new LastTouch();
    final RecentSends recent = new RecentSends();
    final FlowPositions flows = new FlowPositions();

    /** Whether nothing waits: no arbitration window open, no action held. */
    public boolean isSettled() {
        return !arbitration.isOpen() && held.isEmpty() && !flows.anyActive();
    }

    /** The user's place in each flow. */
    public FlowPositions flows() {
        return flows;
    }

    /** How many actions are held for their send time. */
    public int heldActions() {
        return held.size();
    }

    /** The actions held for their send time, earliest deadline first, as a read-only list. */
    public List<HeldActions.Held> held() {
        return Collections.unmodifiableList(held.view());
    }

    /** How many recent sends are remembered for linking feedback. */
    public int recentSends() {
        return recent.size();
    }

    /**
     * Forgets the user's past sends, touch and recent sends, when the user is erased or expires.
     */
    void forget() {
        sends.clear();
        touch.clear();
        recent.clear();
        flows.clear();
    }

    /** The send log, in journey formats from 4 on. */
    public void writeSends(StateOutput out) {
        sends.write(out);
    }

    public void readSends(StateInput in) throws IOException {
        sends.read(in);
    }

    /**
     * The arbitration window, the held actions and the last touch, in journey formats from 5 on;
     * the recent sends from format 9 on ({@link Formats#STRATEGY}); the user's place in flows from
     * format 10 on ({@link Formats#FLOWS}).
     */
    public void writeWaiting(StateOutput out) {
        arbitration.write(out);
        held.write(out);
        touch.write(out);
        recent.write(out);
        flows.write(out);
    }

    public void readWaiting(StateInput in) throws IOException {
        arbitration.read(in);
        held.read(in);
        touch.read(in);
        if (in.format() >= Formats.STRATEGY) {
            recent.read(in);
        } else {
            recent.clear();
        }
        if (in.format() >= Formats.FLOWS) {
            flows.read(in);
        } else {
            flows.clear();
        }
    }
}
