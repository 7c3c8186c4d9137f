package dev.nudge.pattern;

import dev.nudge.state.StateOutput;

/** The compact per-user, per-pattern state of one detector, kept inside the user's journey. */
public interface DetectorState {

    /** Whether the state holds nothing worth keeping (no open episode). */
    boolean isIdle();

    void write(StateOutput out);
}
