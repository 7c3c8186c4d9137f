package dev.nudge.journey;

import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A user's events that have arrived but are not processed yet, in processing order: by time, equal
 * times in session order, then in arrival order. Events mostly arrive in order, so insertion
 * usually appends.
 *
 * <p>An event may wait through several state reads and writes before it is processed. So each keeps
 * its encoded form once it has one and is decoded only when processed: waiting costs a copy of
 * bytes, not a decoding and re-encoding of every field.
 */
final class PendingEvents {
    private final List<Waiting> events = new ArrayList<>(4);

    /**
     * The time of the first waiting event, kept beside the list: every wake-up asks for it, and
     * reading it here spares walking from the list to its first event, memory a timer finds cold.
     */
    private long first = Long.MAX_VALUE;

    /** One waiting event: its time and type always; the event, its encoded body, or both. */
    static final class Waiting {
        final long ts;
        final EventType type;
        private UserEvent event;
        private byte[] body;

        Waiting(UserEvent event) {
            this.ts = event.ts();
            this.type = event.type();
            this.event = event;
        }

        private Waiting(long ts, EventType type, byte[] body) {
            this.ts = ts;
            this.type = type;
            this.body = body;
        }

        /** The event, decoded now if it was read from state. */
        UserEvent event() {
            if (event == null) {
                try {
                    event =
                            JourneyCodec.readEventBody(
                                    ts, type, new StateInput(body, 0, body.length, 0));
                } catch (IOException e) {
                    throw new UncheckedIOException("a waiting event in state is corrupt", e);
                }
            }
            return event;
        }

        byte[] body() {
            if (body == null) {
                StateOutput out = new StateOutput(128).reset(0);
                JourneyCodec.writeEventBody(event, out);
                body = Arrays.copyOf(out.buffer(), out.size());
            }
            return body;
        }
    }

    void add(UserEvent event) {
        insert(new Waiting(event));
    }

    private void insert(Waiting waiting) {
        int at = events.size();
        while (at > 0 && comesBefore(waiting, events.get(at - 1))) {
            at--;
        }
        events.add(at, waiting);
        if (at == 0) {
            first = waiting.ts;
        }
    }

    /** The time of the first waiting event, or {@link Long#MAX_VALUE} if none. */
    long firstTime() {
        return first;
    }

    UserEvent poll() {
        Waiting polled = events.remove(0);
        refreshFirst();
        return polled.event();
    }

    private void refreshFirst() {
        first = events.isEmpty() ? Long.MAX_VALUE : events.get(0).ts;
    }

    int size() {
        return events.size();
    }

    boolean isEmpty() {
        return events.isEmpty();
    }

    List<Waiting> view() {
        return events;
    }

    void write(StateOutput out) {
        out.writeVarInt(events.size());
        for (Waiting waiting : events) {
            out.writeTime(waiting.ts);
            out.writeVarInt(waiting.type.ordinal());
            byte[] body = waiting.body();
            out.writeVarInt(body.length);
            out.writeBytes(body);
        }
    }

    void read(StateInput in) throws IOException {
        int count = in.readVarInt();
        for (int i = 0; i < count; i++) {
            long ts = in.readTime();
            EventType type = JourneyCodec.EVENT_TYPES[in.readVarInt()];
            byte[] body = in.readBytes(in.readVarInt());
            events.add(new Waiting(ts, type, body));
        }
        refreshFirst();
    }

    private static boolean comesBefore(Waiting a, Waiting b) {
        if (a.ts != b.ts) {
            return a.ts < b.ts;
        }
        return a.type.sessionOrder() < b.type.sessionOrder();
    }
}
