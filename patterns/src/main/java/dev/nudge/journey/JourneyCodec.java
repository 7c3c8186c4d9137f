package dev.nudge.journey;

import dev.nudge.config.PatternType;
import dev.nudge.event.Channel;
import dev.nudge.event.EventType;
import dev.nudge.event.Times;
import dev.nudge.event.UserEvent;
import dev.nudge.pattern.DetectorState;
import dev.nudge.pattern.PatternCatalog;
import dev.nudge.profile.Profile;
import dev.nudge.state.Formats;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The binary form of a {@link Journey} in Flink state: compact (times as deltas from the user's
 * clock, variable-length integers) and versioned as a whole, so that a savepoint taken by one
 * version can be read by the next: a change to any part, detector states included, raises {@link
 * #VERSION} and keeps a reader for the previous one.
 */
public final class JourneyCodec {
    /** The format written; {@link #read} also accepts every earlier one. */
    static final int VERSION = Formats.CYCLES;

    /** A format of an unreleased build, different from 7's predecessors: never read as one. */
    private static final int NEVER_RELEASED = 6;

    private JourneyCodec() {}

    /**
     * Writes the journey as one length-prefixed block.
     *
     * @param encoder a reusable buffer, owned by the caller's thread
     */
    public static void write(Journey journey, DataOutput target, StateOutput encoder)
            throws IOException {
        encode(journey, encoder);
        target.writeInt(encoder.size());
        target.write(encoder.buffer(), 0, encoder.size());
    }

    /** Writes the journey with a buffer of its own; for tests and tools. */
    public static void write(Journey journey, DataOutput target) throws IOException {
        write(journey, target, new StateOutput(256));
    }

    public static Journey read(DataInput source) throws IOException {
        int length = source.readInt();
        byte[] bytes = new byte[length];
        source.readFully(bytes);
        return decode(new StateInput(bytes, 0, length, 0));
    }

    static void encode(Journey journey, StateOutput out) {
        long base = journey.clock == Times.NONE ? 0 : journey.clock;
        out.reset(base);
        out.writeByte(VERSION);
        out.writeLong(journey.clock);
        out.writeTime(journey.lastEventAt);
        out.writeTime(journey.armedTimer == Long.MAX_VALUE ? Times.NONE : journey.armedTimer);

        // Recent event ids, oldest arrival first: a 4-byte fingerprint and the tick as a delta
        // from the one before (the first from the clock's), one byte while they are within an
        // hour of each other.
        RecentEventIds ids = journey.recentIds;
        out.writeVarInt(ids.size);
        long tick = RecentEventIds.tickOf(base);
        for (int i = 0; i < ids.size; i++) {
            out.writeInt(ids.fingerprintAt(i));
            out.writeSignedVarLong(ids.tickAt(i) - tick);
            tick = ids.tickAt(i);
        }

        journey.pending.write(out);
        journey.matches.write(out);
        journey.profile.writeTo(out);
        journey.policy.writeSends(out);
        journey.policy.writeWaiting(out);

        // A slot with nothing in it is left out: it reads back as a fresh one (Run.alignSlots), so
        // that a pattern costs bytes only for the users it is following.
        int kept = 0;
        for (PatternSlot slot : journey.slots) {
            kept += worthKeeping(slot) ? 1 : 0;
        }
        out.writeVarInt(kept);
        for (PatternSlot slot : journey.slots) {
            if (!worthKeeping(slot)) {
                continue;
            }
            out.writeString(slot.patternId);
            out.writeVarInt(slot.type.code());
            out.writeVarInt(PatternCatalog.stateVersion(slot.type));
            out.writeTime(slot.lastActionAt);
            slot.state.write(out);
        }
    }

    private static boolean worthKeeping(PatternSlot slot) {
        return !slot.state.isIdle() || slot.lastActionAt != Times.NONE;
    }

    static Journey decode(StateInput in) throws IOException {
        int version = in.readByte();
        if (version < 1 || version > VERSION || version == NEVER_RELEASED) {
            throw new IOException(
                    "journey state has format version "
                            + version
                            + "; this build reads 1 to 5, 7 and "
                            + VERSION);
        }
        in.format(version);
        Journey journey = new Journey(null);
        journey.clock = in.readLong();
        long base = journey.clock == Times.NONE ? 0 : journey.clock;
        in.base(base);
        journey.lastEventAt = in.readTime();
        journey.armedTimer = in.readTime();

        RecentEventIds ids = journey.recentIds;
        int count = in.readVarInt();
        if (count < 0 || count > RecentEventIds.CAPACITY) {
            throw new IOException(
                    "journey state holds "
                            + count
                            + " recent event ids; at most "
                            + RecentEventIds.CAPACITY
                            + " are kept");
        }
        ids.room(count);
        if (version >= 7) {
            long tick = RecentEventIds.tickOf(base);
            for (int i = 0; i < count; i++) {
                int fingerprint = in.readInt();
                tick += in.readSignedVarLong();
                ids.add(fingerprint, Math.toIntExact(tick));
            }
        } else {
            // Up to 5: the whole 64-bit hash and the exact time, reduced as new ids are, so that
            // a restored journey still recognises them.
            for (int i = 0; i < count; i++) {
                long hash = in.readLong();
                long time = in.readTime();
                ids.add(RecentEventIds.fingerprint(hash), RecentEventIds.tickOf(time));
            }
        }

        journey.pending.read(in);
        if (version >= 3) {
            journey.matches.read(in);
        }
        journey.profile = version >= 2 ? Profile.readFrom(in) : new Profile();
        if (version >= 4) {
            journey.policy.readSends(in);
        }
        if (version >= 5) {
            journey.policy.readWaiting(in);
        }

        int slots = in.readVarInt();
        for (int i = 0; i < slots; i++) {
            String patternId = in.readString();
            int code = in.readVarInt();
            PatternType type = PatternType.byCode(code);
            int layout = version >= Formats.EXACT ? in.readVarInt() : 1;
            long lastActionAt = in.readTime();
            DetectorState state = type == null ? null : PatternCatalog.readState(type, layout, in);
            if (state == null) {
                throw new IOException(
                        "journey state holds pattern type code "
                                + code
                                + ", unknown to this build");
            }
            journey.slots.add(new PatternSlot(patternId, type, state, lastActionAt));
        }
        return journey;
    }

    static final EventType[] EVENT_TYPES = EventType.values();
    private static final Channel[] CHANNELS = Channel.values();

    private static final int ITEM_ID = 1;
    private static final int CATEGORY_ID = 1 << 1;
    private static final int BRAND = 1 << 2;
    private static final int PRICE = 1 << 3;
    private static final int DISCOUNTED = 1 << 4;
    private static final int ORDER_ID = 1 << 5;
    private static final int SESSION_ID = 1 << 6;
    private static final int QUERY = 1 << 7;
    private static final int RATING = 1 << 8;
    private static final int CHANNEL = 1 << 9;
    private static final int GRANTED = 1 << 10;
    private static final int ACTION_ID = 1 << 11;
    private static final int AGE_BAND = 1 << 12;
    private static final int GENDER = 1 << 13;
    private static final int REGION = 1 << 14;
    private static final int TIMEZONE = 1 << 15;
    private static final int TAG = 1 << 16;
    private static final int TAG_VALUE = 1 << 17;
    private static final int EXPIRES_AT = 1 << 18;

    /** An event but its time and type, which the waiting list keeps beside it. */
    static void writeEventBody(UserEvent e, StateOutput out) {
        int present =
                (e.itemId() != null ? ITEM_ID : 0)
                        | (e.categoryId() != null ? CATEGORY_ID : 0)
                        | (e.brand() != null ? BRAND : 0)
                        | (e.price() != null ? PRICE : 0)
                        | (e.discounted() != null ? DISCOUNTED : 0)
                        | (e.orderId() != null ? ORDER_ID : 0)
                        | (e.sessionId() != null ? SESSION_ID : 0)
                        | (e.query() != null ? QUERY : 0)
                        | (e.rating() != null ? RATING : 0)
                        | (e.channel() != null ? CHANNEL : 0)
                        | (e.granted() != null ? GRANTED : 0)
                        | (e.actionId() != null ? ACTION_ID : 0)
                        | (e.ageBand() != null ? AGE_BAND : 0)
                        | (e.gender() != null ? GENDER : 0)
                        | (e.region() != null ? REGION : 0)
                        | (e.timezone() != null ? TIMEZONE : 0)
                        | (e.tag() != null ? TAG : 0)
                        | (e.tagValue() != null ? TAG_VALUE : 0)
                        | (e.expiresAt() != null ? EXPIRES_AT : 0);
        out.writeVarInt(present);
        out.writeString(e.eventId());
        out.writeString(e.userId());
        out.writeVarInt(e.quantity());
        if ((present & ITEM_ID) != 0) out.writeString(e.itemId());
        if ((present & CATEGORY_ID) != 0) out.writeString(e.categoryId());
        if ((present & BRAND) != 0) out.writeString(e.brand());
        if ((present & PRICE) != 0) out.writeDouble(e.price());
        if ((present & DISCOUNTED) != 0) out.writeBoolean(e.discounted());
        if ((present & ORDER_ID) != 0) out.writeString(e.orderId());
        if ((present & SESSION_ID) != 0) out.writeString(e.sessionId());
        if ((present & QUERY) != 0) out.writeString(e.query());
        if ((present & RATING) != 0) out.writeVarInt(e.rating());
        if ((present & CHANNEL) != 0) out.writeVarInt(e.channel().ordinal());
        if ((present & GRANTED) != 0) out.writeBoolean(e.granted());
        if ((present & ACTION_ID) != 0) out.writeString(e.actionId());
        if ((present & AGE_BAND) != 0) out.writeString(e.ageBand());
        if ((present & GENDER) != 0) out.writeString(e.gender());
        if ((present & REGION) != 0) out.writeString(e.region());
        if ((present & TIMEZONE) != 0) out.writeString(e.timezone());
        if ((present & TAG) != 0) out.writeString(e.tag());
        if ((present & TAG_VALUE) != 0) out.writeString(e.tagValue());
        if ((present & EXPIRES_AT) != 0) out.writeTime(e.expiresAt());
    }

    static UserEvent readEventBody(long ts, EventType type, StateInput in) throws IOException {
        int present = in.readVarInt();
        String eventId = in.readString();
        String userId = in.readString();
        int quantity = in.readVarInt();
        return new UserEvent(
                eventId,
                userId,
                type,
                ts,
                (present & ITEM_ID) != 0 ? in.readString() : null,
                (present & CATEGORY_ID) != 0 ? in.readString() : null,
                (present & BRAND) != 0 ? in.readString() : null,
                (present & PRICE) != 0 ? in.readDouble() : null,
                quantity,
                (present & DISCOUNTED) != 0 ? in.readBoolean() : null,
                (present & ORDER_ID) != 0 ? in.readString() : null,
                (present & SESSION_ID) != 0 ? in.readString() : null,
                (present & QUERY) != 0 ? in.readString() : null,
                (present & RATING) != 0 ? in.readVarInt() : null,
                (present & CHANNEL) != 0 ? CHANNELS[in.readVarInt()] : null,
                (present & GRANTED) != 0 ? in.readBoolean() : null,
                (present & ACTION_ID) != 0 ? in.readString() : null,
                (present & AGE_BAND) != 0 ? in.readString() : null,
                (present & GENDER) != 0 ? in.readString() : null,
                (present & REGION) != 0 ? in.readString() : null,
                (present & TIMEZONE) != 0 ? in.readString() : null,
                (present & TAG) != 0 ? in.readString() : null,
                (present & TAG_VALUE) != 0 ? in.readString() : null,
                (present & EXPIRES_AT) != 0 ? in.readTime() : null);
    }
}
