package dev.nudge.policy;

import dev.nudge.event.Channel;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;

/**
 * The user's last {@link #CAPACITY} SENT actions, so that the senders' feedback (MESSAGE_DELIVERED,
 * MESSAGE_OPENED, MESSAGE_CLICKED with the action's id) is linked to the pattern, variant and
 * channel that sent it; each with the steps already reported, so that each step of an action is
 * linked once. A new action pushes the oldest out. HOLDOUT decisions send nothing and are not kept.
 *
 * <p>In state, an entry takes the action id as 8 bytes, one byte of flags (channel, steps seen,
 * whether there is a variant, whether pattern and configuration version are those of the entry
 * before), the send time as a delta from the user's clock (about 5 bytes), and the pattern id,
 * variant and version as length-prefixed UTF-8 only where they differ from the entry before: about
 * 48 bytes for the first entry, 14 for each further one of the same pattern and version; at most
 * 212 bytes an entry with the longest ids. The 8 bytes are the low half of the UUID the id is
 * written as, 62 bits of the hash it comes from ({@link Ids}): feedback on an action that is not
 * remembered is taken for one that is with odds of 1 in 2⁶² per entry.
 */
final class RecentSends {
    /**
     * The most actions remembered: feedback mostly comes within hours of a send, and the caps let
     * few actions go to one user in that time.
     */
    static final int CAPACITY = 4;

    private static final Channel[] CHANNELS = Channel.values();
    private static final int CHANNEL_BITS = 0b11;
    private static final int STEPS_SHIFT = 2;
    private static final int HAS_VARIANT = 1 << 5;
    private static final int SAME_PATTERN = 1 << 6;
    private static final int SAME_VERSION = 1 << 7;

    /** One action sent. */
    static final class Sent {
        /** The low half of the action id's UUID. */
        final long id;

        final String patternId;
        final String variant;
        final String configVersion;
        final Channel channel;
        final long sentAt;

        /** The steps reported so far, a bit for each {@link Engagement.Step}. */
        private int seen;

        Sent(
                long id,
                String patternId,
                String variant,
                String configVersion,
                Channel channel,
                long sentAt,
                int seen) {
            this.id = id;
            this.patternId = patternId;
            this.variant = variant;
            this.configVersion = configVersion;
            this.channel = channel;
            this.sentAt = sentAt;
            this.seen = seen;
        }

        /** Marks {@code step} reported; whether it was not before. */
        boolean see(Engagement.Step step) {
            int bit = 1 << step.ordinal();
            boolean first = (seen & bit) == 0;
            seen |= bit;
            return first;
        }

        boolean saw(Engagement.Step step) {
            return (seen & (1 << step.ordinal())) != 0;
        }
    }

    /** Oldest first; grown as actions come, up to {@link #CAPACITY}. */
    private Sent[] sent = new Sent[0];

    private int size;

    int size() {
        return size;
    }

    /** Remembers a SENT action, forgetting the oldest when full; one whose id is no UUID is not. */
    void add(Action action) {
        long[] id = uuid(action.actionId());
        if (id == null || find(id[1]) != null) {
            return;
        }
        append(
                new Sent(
                        id[1],
                        action.patternId(),
                        action.variant(),
                        action.configVersion(),
                        action.channel(),
                        action.sendAt(),
                        0));
    }

    private void append(Sent entry) {
        if (size == CAPACITY) {
            System.arraycopy(sent, 1, sent, 0, size - 1);
            size--;
        }
        if (size == sent.length) {
            sent = java.util.Arrays.copyOf(sent, Math.min(CAPACITY, Math.max(2, 2 * size)));
        }
        sent[size++] = entry;
    }

    /** The remembered action with this id, or {@code null}. */
    Sent find(String actionId) {
        long[] id = uuid(actionId);
        return id == null ? null : find(id[1]);
    }

    private Sent find(long low) {
        for (int i = size - 1; i >= 0; i--) {
            if (sent[i].id == low) {
                return sent[i];
            }
        }
        return null;
    }

    /** The entry at {@code index}, oldest first. */
    Sent at(int index) {
        return sent[index];
    }

    void clear() {
        java.util.Arrays.fill(sent, 0, size, null);
        size = 0;
    }

    void write(StateOutput out) {
        out.writeVarInt(size);
        Sent before = null;
        for (int i = 0; i < size; i++) {
            Sent entry = sent[i];
            boolean samePattern = before != null && before.patternId.equals(entry.patternId);
            boolean sameVersion =
                    before != null && before.configVersion.equals(entry.configVersion);
            out.writeLong(entry.id);
            out.writeByte(
                    entry.channel.ordinal()
                            | entry.seen << STEPS_SHIFT
                            | (entry.variant != null ? HAS_VARIANT : 0)
                            | (samePattern ? SAME_PATTERN : 0)
                            | (sameVersion ? SAME_VERSION : 0));
            out.writeTime(entry.sentAt);
            if (!samePattern) {
                out.writeString(entry.patternId);
            }
            if (entry.variant != null) {
                out.writeString(entry.variant);
            }
            if (!sameVersion) {
                out.writeString(entry.configVersion);
            }
            before = entry;
        }
    }

    void read(StateInput in) throws IOException {
        int entries = in.readVarInt();
        if (entries < 0 || entries > CAPACITY) {
            throw new IOException("recent sends of " + entries + " entries, more than " + CAPACITY);
        }
        clear();
        Sent before = null;
        for (int i = 0; i < entries; i++) {
            long id = in.readLong();
            int flags = in.readByte() & 0xFF;
            int channel = flags & CHANNEL_BITS;
            if (channel >= CHANNELS.length
                    || (flags & (SAME_PATTERN | SAME_VERSION)) != 0 && before == null) {
                throw new IOException("recent sends hold flags " + flags + " at entry " + i);
            }
            long sentAt = in.readTime();
            String patternId = (flags & SAME_PATTERN) != 0 ? before.patternId : in.readString();
            String variant = (flags & HAS_VARIANT) != 0 ? in.readString() : null;
            String version = (flags & SAME_VERSION) != 0 ? before.configVersion : in.readString();
            if (patternId == null || version == null) {
                throw new IOException("recent sends hold an entry without pattern or version");
            }
            Sent entry =
                    new Sent(
                            id,
                            patternId,
                            variant,
                            version,
                            CHANNELS[channel],
                            sentAt,
                            (flags >>> STEPS_SHIFT) & 0b111);
            append(entry);
            before = entry;
        }
    }

    /** The two halves of an id written as a lower-case UUID, or {@code null} for any other id. */
    /**
     * The low half of an action id's UUID, as remembered here and in a flow's sends; 0 (which no
     * action id has: its variant bits are set) for anything else.
     */
    static long lowHalf(String actionId) {
        long[] id = uuid(actionId);
        return id == null ? 0 : id[1];
    }

    static long[] uuid(String id) {
        if (id == null || id.length() != 36) {
            return null;
        }
        long high = 0;
        long low = 0;
        int digits = 0;
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return null;
                }
                continue;
            }
            int value = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
            if (value < 0) {
                return null;
            }
            if (digits < 16) {
                high = high << 4 | value;
            } else {
                low = low << 4 | value;
            }
            digits++;
        }
        return new long[] {high, low};
    }
}
