package dev.nudge.journey;

import dev.nudge.event.Channel;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.pattern.DetectorState;
import dev.nudge.pattern.PatternCatalog;
import dev.nudge.pattern.PatternType;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The binary form of a {@link Journey} in Flink state: compact (times as deltas from the user's
 * clock, variable-length integers) and versioned, so that a savepoint taken by one version can be
 * read by the next. Each pattern slot is length-prefixed, so that state of a pattern type this
 * version does not know is skipped rather than misread.
 */
public final class JourneyCodec {
    /** The format written; {@link #read} also accepts every earlier one. */
    static final int VERSION = 1;

    private JourneyCodec() {}

    public static void write(Journey journey, DataOutput target) throws IOException {
        target.writeByte(VERSION);
        target.writeLong(journey.clock);
        long base = journey.clock == Journey.NONE ? 0 : journey.clock;
        StateOutput out = new StateOutput(target, base);
        out.writeTime(journey.lastEventAt);
        out.writeTime(journey.armedTimer == Long.MAX_VALUE ? Journey.NONE : journey.armedTimer);

        RecentEventIds ids = journey.recentIds;
        out.writeVarInt(ids.size);
        for (int i = 0; i < ids.size; i++) {
            out.writeLong(ids.hashes[i]);
            out.writeTime(ids.times[i]);
        }

        out.writeVarInt(journey.pending.size());
        for (UserEvent event : journey.pending.view()) {
            writeEvent(event, out);
        }

        out.writeVarInt(journey.slots.size());
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(64);
        for (PatternSlot slot : journey.slots) {
            out.writeString(slot.patternId);
            out.writeVarInt(slot.type.code());
            out.writeTime(slot.lastActionAt);
            buffer.reset();
            slot.state.write(new StateOutput(new DataOutputStream(buffer), base));
            out.writeVarInt(buffer.size());
            target.write(buffer.toByteArray());
        }
    }

    public static Journey read(DataInput source) throws IOException {
        int version = source.readByte();
        if (version != VERSION) {
            throw new IOException(
                    "journey state has format version "
                            + version
                            + "; this build reads "
                            + VERSION);
        }
        Journey journey = new Journey();
        journey.clock = source.readLong();
        long base = journey.clock == Journey.NONE ? 0 : journey.clock;
        StateInput in = new StateInput(source, base);
        journey.lastEventAt = in.readTime();
        journey.armedTimer = in.readTime();

        RecentEventIds ids = journey.recentIds;
        ids.size = in.readVarInt();
        for (int i = 0; i < ids.size; i++) {
            ids.hashes[i] = in.readLong();
            ids.times[i] = in.readTime();
        }

        int pending = in.readVarInt();
        for (int i = 0; i < pending; i++) {
            journey.pending.add(readEvent(in));
        }

        int slots = in.readVarInt();
        for (int i = 0; i < slots; i++) {
            String patternId = in.readString();
            PatternType type = PatternType.byCode(in.readVarInt());
            long lastActionAt = in.readTime();
            byte[] bytes = new byte[in.readVarInt()];
            source.readFully(bytes);
            if (type == null) {
                continue;
            }
            DetectorState state =
                    PatternCatalog.readState(
                            type,
                            new StateInput(
                                    new DataInputStream(new ByteArrayInputStream(bytes)), base));
            if (state != null) {
                journey.slots.add(new PatternSlot(patternId, type, state, lastActionAt));
            }
        }
        return journey;
    }

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

    static void writeEvent(UserEvent e, StateOutput out) throws IOException {
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
                        | (e.timezone() != null ? TIMEZONE : 0);
        out.writeVarInt(present);
        out.writeString(e.eventId());
        out.writeString(e.userId());
        out.writeVarInt(e.type().ordinal());
        out.writeTime(e.ts());
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
    }

    static UserEvent readEvent(StateInput in) throws IOException {
        int present = in.readVarInt();
        UserEvent.Builder b =
                UserEvent.builder(
                        in.readString(),
                        in.readString(),
                        EventType.values()[in.readVarInt()],
                        in.readTime());
        b.quantity(in.readVarInt());
        if ((present & ITEM_ID) != 0) b.itemId(in.readString());
        if ((present & CATEGORY_ID) != 0) b.categoryId(in.readString());
        if ((present & BRAND) != 0) b.brand(in.readString());
        if ((present & PRICE) != 0) b.price(in.readDouble());
        if ((present & DISCOUNTED) != 0) b.discounted(in.readBoolean());
        if ((present & ORDER_ID) != 0) b.orderId(in.readString());
        if ((present & SESSION_ID) != 0) b.sessionId(in.readString());
        if ((present & QUERY) != 0) b.query(in.readString());
        if ((present & RATING) != 0) b.rating(in.readVarInt());
        if ((present & CHANNEL) != 0) b.channel(Channel.values()[in.readVarInt()]);
        if ((present & GRANTED) != 0) b.granted(in.readBoolean());
        if ((present & ACTION_ID) != 0) b.actionId(in.readString());
        if ((present & AGE_BAND) != 0) b.ageBand(in.readString());
        if ((present & GENDER) != 0) b.gender(in.readString());
        if ((present & REGION) != 0) b.region(in.readString());
        if ((present & TIMEZONE) != 0) b.timezone(in.readString());
        return b.build();
    }
}
