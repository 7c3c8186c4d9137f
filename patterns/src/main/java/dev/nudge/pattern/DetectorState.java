package dev.nudge.pattern;

import dev.nudge.state.StateOutput;

/** The compact per-user, per-pattern state of one detector, kept inside the user's journey. */
public interface DetectorState {

    /** Whether the state holds nothing worth keeping (no open episode). */
    boolean isIdle();

    void write(StateOutput out);

    /**
     * The state of a pattern without a detector in the journey (SEQUENCE, whose episodes live in
     * its CEP operator): idle, and written as nothing.
     */
    DetectorState NONE =
            new DetectorState() {
                @Override
                public boolean isIdle() {
                    return true;
                }

                @Override
                public void write(StateOutput out) {}
            };
}
