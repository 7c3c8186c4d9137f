package dev.nudge.policy;

import dev.nudge.config.Goal;
import dev.nudge.event.EventType;
import dev.nudge.event.Times;
import dev.nudge.state.Formats;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;

/**
 * The user's latest SENT or HOLDOUT decision, to which an event of its pattern's goal within the
 * goal's window is attributed (last touch, SPEC §3.4), once. The goal is the pattern's when the
 * decision was made: a goal changed later applies to the decisions after the change.
 */
final class LastTouch {
    private static final EventType[] EVENT_TYPES = EventType.values();

    String decisionId;
    String actionId;
    String patternId;
    String configVersion;
    boolean holdout;

    /** The decision's variant, or {@code null}. */
    String variant;

    /** The type of the goal's events: PURCHASE, ADD_TO_CART, VIEW, or TAG. */
    EventType goalType = EventType.PURCHASE;

    /** The tag of a TAG goal, else {@code null}. */
    String goalTag;

    /**
     * How long after {@link #at} the goal counts, in milliseconds; 0 for {@code
     * policy.attributionWindow}, as it is when the event comes.
     */
    long goalWindow;

    /** When the message went, or would have gone for the holdout group. */
    long at = Times.NONE;

    /** Whether a purchase was attributed to it already. */
    boolean converted;

    boolean isSet() {
        return decisionId != null;
    }

    /** The goal as conversions name it: the event type, or the tag's name. */
    String goal() {
        return goalType == EventType.TAG ? goalTag : goalType.name();
    }

    /** The goal's window in milliseconds, {@code attributionWindow} for one that names none. */
    long goalWindow(long attributionWindow) {
        return goalWindow > 0 ? goalWindow : attributionWindow;
    }

    void goal(Goal goal) {
        goalType = goal.type();
        goalTag = goal.tag();
        goalWindow = goal.within() == null ? 0 : goal.within().toMillis();
    }

    void clear() {
        decisionId = null;
        actionId = null;
        patternId = null;
        configVersion = null;
        holdout = false;
        at = Times.NONE;
        converted = false;
        variant = null;
        goalType = EventType.PURCHASE;
        goalTag = null;
        goalWindow = 0;
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
            // From format 9: the variant, the goal's type (and tag) and its window.
            out.writeString(variant);
            out.writeByte(goalType.ordinal());
            if (goalType == EventType.TAG) {
                out.writeString(goalTag);
            }
            out.writeVarLong(goalWindow);
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
        if (in.format() < Formats.STRATEGY) {
            variant = null;
            goal(Goal.PURCHASE);
            return;
        }
        variant = in.readString();
        int code = in.readByte();
        EventType type = code >= 0 && code < EVENT_TYPES.length ? EVENT_TYPES[code] : null;
        if (type != EventType.TAG && !Goal.EVENT_TYPES.contains(type)) {
            throw new IOException("last touch holds goal type code " + code);
        }
        goalType = type;
        goalTag = type == EventType.TAG ? in.readString() : null;
        goalWindow = in.readVarLong();
    }
}
