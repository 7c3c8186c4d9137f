package dev.nudge.flow;

import dev.nudge.event.Times;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's place in each flow they are in, and the flows they left (for the re-entry rule): part of
 * the user's one value of state, changed only by {@link Flows}. At most one position per flow of
 * the configuration; a position of a flow no longer configured goes at the user's next wake-up.
 *
 * <p>In state, a user in a flow takes the flow's id and the step's name, the entering pattern's id
 * and type, the moment's items, category and brand, five times (about 5 bytes each as deltas from
 * the user's clock), two bit sets and up to {@value FlowPosition#SENDS} message ids of 8 bytes: 92
 * bytes in the cart rescue of the README after its three sends, with three items in the cart. A
 * flow the user left takes its id and the time: 13 bytes.
 */
public final class FlowPositions {
    /** More positions than a state ever holds: the configuration allows fewer flows. */
    static final int CAPACITY = 64;

    final List<FlowPosition> positions = new ArrayList<>(0);

    public boolean isEmpty() {
        return positions.isEmpty();
    }

    /** Whether the user is in some flow now (not only remembered for the re-entry rule). */
    public boolean anyActive() {
        for (FlowPosition position : positions) {
            if (position.isIn()) {
                return true;
            }
        }
        return false;
    }

    /** How many flows the user is in now. */
    public int active() {
        int active = 0;
        for (FlowPosition position : positions) {
            active += position.isIn() ? 1 : 0;
        }
        return active;
    }

    /** The step the user is at in the flow, or {@code null} if not in it. */
    public String stepOf(String flowId) {
        FlowPosition position = find(flowId);
        return position == null ? null : position.step;
    }

    /** The earliest end of a wait among the user's flows, or {@link Long#MAX_VALUE}. */
    public long nextDeadline() {
        // Asked at every step of every wake-up, mostly of users in no flow: no iterator.
        long next = Long.MAX_VALUE;
        for (int i = 0, n = positions.size(); i < n; i++) {
            long deadline = positions.get(i).deadline;
            if (deadline != Times.NONE && deadline < next) {
                next = deadline;
            }
        }
        return next;
    }

    /** When the flow last acted on the user, for the cooldown of its sends; or NONE. */
    public long lastActedAt(String flowId) {
        FlowPosition position = find(flowId);
        return position == null ? Times.NONE : position.actedAt;
    }

    public void acted(String flowId, long at) {
        FlowPosition position = find(flowId);
        if (position != null && position.isIn()) {
            position.actedAt = at;
        }
    }

    FlowPosition find(String flowId) {
        for (FlowPosition position : positions) {
            if (position.flowId.equals(flowId)) {
                return position;
            }
        }
        return null;
    }

    public void clear() {
        positions.clear();
    }

    public void write(StateOutput out) {
        out.writeVarInt(positions.size());
        for (FlowPosition position : positions) {
            position.write(out);
        }
    }

    public void read(StateInput in) throws IOException {
        positions.clear();
        int count = in.readVarInt();
        if (count < 0 || count > CAPACITY) {
            throw new IOException("a user in " + count + " flows, more than " + CAPACITY);
        }
        for (int i = 0; i < count; i++) {
            positions.add(FlowPosition.read(in));
        }
    }
}
