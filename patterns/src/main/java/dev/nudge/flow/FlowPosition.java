package dev.nudge.flow;

import dev.nudge.config.PatternType;
import dev.nudge.event.EventType;
import dev.nudge.event.Times;
import dev.nudge.pattern.ActionParams;
import dev.nudge.pattern.MatchCodec;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;

/**
 * Where one user is in one flow: the step, when it was reached and the deadline of a wait there;
 * the moment that entered the user (whose items, category and brand the flow's messages carry);
 * what the user did since entering and since the last send step; the flow's last sends, to tell
 * feedback on them. After the user leaves, only the flow's id and the time are kept, for the
 * re-entry rule. Mutable; owned by {@link FlowPositions}.
 */
final class FlowPosition {
    /** How many of the flow's sends are remembered, to link feedback on them. */
    static final int SENDS = 4;

    private static final int[] NO_SENDS = new int[0];

    final String flowId;

    /** The step the user is at, or {@code null} once the user left the flow. */
    String step;

    String patternId;
    PatternType type;
    ActionParams params = ActionParams.NONE;

    long enteredAt = Times.NONE;
    long stepAt = Times.NONE;

    /** The end of the wait the user is in, or {@link Times#NONE}. */
    long deadline = Times.NONE;

    /** When the last send step was reached, or {@link Times#NONE}. */
    long lastSendAt = Times.NONE;

    /** When the flow last acted on the user (sent, held out or planned), for the cooldown. */
    long actedAt = Times.NONE;

    /** When the user left, or {@link Times#NONE} while in the flow. */
    long leftAt = Times.NONE;

    /** The event types seen since entering and since the last send step, a bit per ordinal. */
    int sinceEntry;

    int sinceSend;

    /**
     * The flow's sends, as the low halves of their action ids' UUIDs, oldest first; the last one
     * {@link #lastSendId} if it came from the last send step.
     */
    long[] sent = new long[0];

    long lastSendId;

    FlowPosition(String flowId) {
        this.flowId = flowId;
    }

    boolean isIn() {
        return step != null;
    }

    /** Enters the user afresh at {@code step}: what a former stay left is forgotten. */
    void enter(String step, String patternId, PatternType type, ActionParams params, long at) {
        this.step = step;
        this.patternId = patternId;
        this.type = type;
        this.params = params;
        this.enteredAt = at;
        this.stepAt = at;
        this.deadline = Times.NONE;
        this.lastSendAt = Times.NONE;
        this.actedAt = Times.NONE;
        this.leftAt = Times.NONE;
        this.sinceEntry = 0;
        this.sinceSend = 0;
        this.sent = new long[0];
        this.lastSendId = 0;
    }

    void moveTo(String step, long at) {
        this.step = step;
        this.stepAt = at;
        this.deadline = Times.NONE;
    }

    /** The user leaves: only the flow and the time stay, for the re-entry rule. */
    void leave(long at) {
        step = null;
        patternId = null;
        type = null;
        params = ActionParams.NONE;
        enteredAt = Times.NONE;
        stepAt = Times.NONE;
        deadline = Times.NONE;
        lastSendAt = Times.NONE;
        actedAt = Times.NONE;
        leftAt = at;
        sinceEntry = 0;
        sinceSend = 0;
        sent = new long[0];
        lastSendId = 0;
    }

    void reachedSend(long at) {
        lastSendAt = at;
        sinceSend = 0;
        lastSendId = 0;
    }

    void saw(EventType type, boolean sinceLastSend) {
        int bit = 1 << type.ordinal();
        sinceEntry |= bit;
        if (sinceLastSend) {
            sinceSend |= bit;
        }
    }

    boolean seen(EventType type, boolean sinceLastSend) {
        return ((sinceLastSend ? sinceSend : sinceEntry) & (1 << type.ordinal())) != 0;
    }

    /** A message of the flow went, from the send step reached at {@code stepAt}. */
    void sent(long id, long stepAt) {
        if (sent.length == SENDS) {
            System.arraycopy(sent, 1, sent, 0, SENDS - 1);
            sent[SENDS - 1] = id;
        } else {
            long[] more = java.util.Arrays.copyOf(sent, sent.length + 1);
            more[sent.length] = id;
            sent = more;
        }
        if (stepAt == lastSendAt) {
            lastSendId = id;
        }
    }

    /** Whether the action id's low half is one of the flow's remembered sends. */
    boolean sentAction(long id) {
        for (long one : sent) {
            if (one == id) {
                return true;
            }
        }
        return false;
    }

    void write(StateOutput out) {
        out.writeString(flowId);
        out.writeString(step);
        if (step == null) {
            out.writeTime(leftAt);
            return;
        }
        out.writeString(patternId);
        out.writeVarInt(type.code());
        MatchCodec.writeParams(params, out);
        out.writeTime(enteredAt);
        out.writeTime(stepAt);
        out.writeTime(deadline);
        out.writeTime(lastSendAt);
        out.writeTime(actedAt);
        out.writeVarInt(sinceEntry);
        out.writeVarInt(sinceSend);
        out.writeVarInt(sent.length);
        for (long id : sent) {
            out.writeLong(id);
        }
        out.writeLong(lastSendId);
    }

    static FlowPosition read(StateInput in) throws IOException {
        FlowPosition position = new FlowPosition(in.readString());
        if (position.flowId == null) {
            throw new IOException("a flow position without a flow");
        }
        position.step = in.readString();
        if (position.step == null) {
            position.leftAt = in.readTime();
            return position;
        }
        position.patternId = in.readString();
        int code = in.readVarInt();
        position.type = PatternType.byCode(code);
        if (position.type == null) {
            throw new IOException("a flow position holds pattern type code " + code);
        }
        position.params = MatchCodec.readParams(in);
        position.enteredAt = in.readTime();
        position.stepAt = in.readTime();
        position.deadline = in.readTime();
        position.lastSendAt = in.readTime();
        position.actedAt = in.readTime();
        position.sinceEntry = in.readVarInt();
        position.sinceSend = in.readVarInt();
        int sends = in.readVarInt();
        if (sends < 0 || sends > SENDS) {
            throw new IOException("a flow position remembers " + sends + " sends");
        }
        position.sent = new long[sends];
        for (int i = 0; i < sends; i++) {
            position.sent[i] = in.readLong();
        }
        position.lastSendId = in.readLong();
        return position;
    }
}
