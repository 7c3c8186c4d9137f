package dev.nudge.policy;

import dev.nudge.event.Times;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;

/**
 * The user's latest SENT or HOLDOUT decision, to which a purchase within the attribution window is
 * attributed (last touch, SPEC §3.4), once.
 */
final class LastTouch {
    String decisionId;
    String actionId;
    String patternId;
    String configVersion;
    boolean holdout;

    /** When the message went, or would have gone for the holdout group. */
    long at = Times.NONE;

    /** Whether a purchase was attributed to it already. */
    boolean converted;

    boolean isSet() {
        return decisionId != null;
    }

    void clear() {
        decisionId = null;
        actionId = null;
        patternId = null;
        configVersion = null;
        holdout = false;
        at = Times.NONE;
        converted = false;
    }

    void write(StateOutput out) {
        out.writeBoolean(isSet());
        if (isSet()) {
            out.writeString(decisionId);
            out.writeBoolean(actionId != null);
            if (actionId != null) {
                out.writeString(actionId);
            }
            out.writeString(patternId);
            out.writeString(configVersion);
            out.writeBoolean(holdout);
            out.writeTime(at);
            out.writeBoolean(converted);
        }
    }

    void read(StateInput in) throws IOException {
        if (!in.readBoolean()) {
            clear();
            return;
        }
        decisionId = in.readString();
        actionId = in.readBoolean() ? in.readString() : null;
        patternId = in.readString();
        configVersion = in.readString();
        holdout = in.readBoolean();
        at = in.readTime();
        converted = in.readBoolean();
    }
}
