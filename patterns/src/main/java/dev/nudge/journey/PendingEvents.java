package dev.nudge.journey;

import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A user's events that have arrived but are not processed yet, in processing order: by time, equal
 * times in session order, then in arrival order. Events mostly arrive in order, so insertion
 * usually appends.
 *
 * <p>An event may wait through several state reads and writes before it is processed. So each keeps
 * its encoded form once it has one and is decoded only when processed, and the list keeps the
 * encoded entries of its events as one block, which a new event at the end extends: waiting costs a
 * copy of bytes, not a decoding and re-encoding of every field. (While the watermark trails far
 * behind, as when the job catches up on a backlog, a user gathers dozens of waiting events, and the
 * list is written with every write of the journey.) Times in the block are deltas from the first
 * event's, so that it does not depend on the journey's clock.
 */
final class PendingEvents {
    private final List<Waiting> events = new ArrayList<>(4);
    private final List<Waiting> view = Collections.unmodifiableList(events);

    /**
     * The encoded entries of the first {@link #encodedCount} events, or {@code null}: see {@link
     * #write}.
     */
    private StateOutput encoded;

    private int encodedCount;

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
        if (at < encodedCount) {
            encoded = null; // out of order: the block no longer describes the head of the list
            encodedCount = 0;
        }
        events.add(at, waiting);
    }

    /** The time of the first waiting event, or {@link Long#MAX_VALUE} if none. */
    long firstTime() {
        return events.isEmpty() ? Long.MAX_VALUE : events.get(0).ts;
    }

    UserEvent poll() {
        encoded = null;
        encodedCount = 0;
        return events.remove(0).event();
    }

    int size() {
        return events.size();
    }

    boolean isEmpty() {
        return events.isEmpty();
    }

    /** The waiting events in order, read-only. */
    List<Waiting> view() {
        return view;
    }

    /** Takes the other list's events instead of its own (tests that swap state in and out). */
    void replaceWith(PendingEvents other) {
        events.clear();
        events.addAll(other.events);
        encoded = null;
        encodedCount = 0;
    }

    /**
     * The count; then, if any, the first event's time, and the block of entries: per event the
     * delta from the previous event's time, the type, and the length-prefixed body.
     */
    void write(StateOutput out) {
        out.writeVarInt(events.size());
        if (events.isEmpty()) {
            return;
        }
        out.writeTime(events.get(0).ts);
        if (encoded == null) {
            encoded = new StateOutput(64 * events.size()).reset(0);
            encodedCount = 0;
        }
        for (int i = encodedCount; i < events.size(); i++) {
            Waiting waiting = events.get(i);
            encoded.writeVarLong(waiting.ts - events.get(Math.max(0, i - 1)).ts);
            encoded.writeVarInt(waiting.type.ordinal());
            byte[] body = waiting.body();
            encoded.writeVarInt(body.length);
            encoded.writeBytes(body);
        }
        encodedCount = events.size();
        out.writeVarInt(encoded.size());
        out.writeBytes(encoded.buffer(), encoded.size());
    }

    /** Reads what {@link #write} wrote. */
    void read(StateInput in) throws IOException {
        int count = in.readVarInt();
        if (count == 0) {
            return;
        }
        long ts = in.readTime();
        byte[] block = in.readBytes(in.readVarInt());
        StateInput entries = new StateInput(block, 0, block.length, 0);
        for (int i = 0; i < count; i++) {
            ts += entries.readVarLong();
            EventType type = JourneyCodec.EVENT_TYPES[entries.readVarInt()];
            byte[] body = entries.readBytes(entries.readVarInt());
            events.add(new Waiting(ts, type, body));
        }
        encoded = StateOutput.continuing(block);
        encodedCount = count;
    }

    /**
     * Reads the list as journey format 5 and earlier wrote it: each time from the journey's base.
     */
    void readVersion5(StateInput in) throws IOException {
        int count = in.readVarInt();
        for (int i = 0; i < count; i++) {
            long ts = in.readTime();
            EventType type = JourneyCodec.EVENT_TYPES[in.readVarInt()];
            byte[] body = in.readBytes(in.readVarInt());
            events.add(new Waiting(ts, type, body));
        }
    }

    private static boolean comesBefore(Waiting a, Waiting b) {
        if (a.ts != b.ts) {
            return a.ts < b.ts;
        }
        return a.type.sessionOrder() < b.type.sessionOrder();
    }
}
