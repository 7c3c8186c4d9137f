package dev.nudge.policy;

import dev.nudge.config.FrequencyCap;
import dev.nudge.event.Channel;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The user's recent and planned actions, for frequency caps: the send time of each and its channel,
 * in time order. An action held for quiet hours or the user's best hour is entered at its future
 * send time when it is decided, so that the actions decided after it see it, and leaves again if it
 * is cancelled before it is sent. A HOLDOUT decision counts like a sent action, so that both arms
 * of the experiment meet the same caps. It keeps only what a cap can still count, at most {@link
 * #CAPACITY} entries.
 */
public final class SendLog {
    /** More than any sensible cap allows within its window; the oldest entry goes first. */
    public static final int CAPACITY = 32;

    private static final Channel[] CHANNELS = Channel.values();

    /** Grown as entries come, up to {@link #CAPACITY}: most users have few or none. */
    private long[] times = {};

    private byte[] channels = {};
    private int size;

    private void room(int entries) {
        if (entries > times.length) {
            int length = Math.min(CAPACITY, Math.max(entries, 2 * times.length));
            times = Arrays.copyOf(times, length);
            channels = Arrays.copyOf(channels, length);
        }
    }

    /** Entries in the log. */
    public int size() {
        return size;
    }

    /**
     * Whether one more action on {@code channel} at {@code time} keeps every cap: each cap counts
     * the actions of its channel (or of all, for ANY) in every rolling window ({@code s - per},
     * {@code s}]. With actions planned after {@code time} in the log, the windows that end at those
     * actions count too, not only the one that ends at {@code time}.
     */
    boolean allows(List<FrequencyCap> caps, Channel channel, long time) {
        for (FrequencyCap cap : caps) {
            Channel counted = cap.channel();
            if (counted != null && counted != channel) {
                continue;
            }
            long per = cap.per().toMillis();
            if (count(counted, time - per, time) >= cap.max()) {
                return false;
            }
            for (int i = 0; i < size; i++) {
                long later = times[i];
                if (later > time
                        && later < time + per
                        && counts(counted, i)
                        && count(counted, later - per, later) >= cap.max()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Actions on {@code channel} ({@code null}: any) at times in ({@code after}, {@code upTo}]. */
    int count(Channel channel, long after, long upTo) {
        int count = 0;
        for (int i = 0; i < size; i++) {
            if (times[i] > after && times[i] <= upTo && counts(channel, i)) {
                count++;
            }
        }
        return count;
    }

    private boolean counts(Channel channel, int entry) {
        return channel == null || channels[entry] == channel.ordinal();
    }

    /**
     * Enters an action at its send time, dropping what no cap can count any more: entries at or
     * before {@code now - horizon}, where {@code now} is the time of the decision and {@code
     * horizon} the longest cap window.
     */
    void record(long now, long sendAt, Channel channel, long horizon) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (times[i] > now - horizon) {
                times[kept] = times[i];
                channels[kept] = channels[i];
                kept++;
            }
        }
        size = kept;
        if (size == CAPACITY) {
            remove(0);
        }
        room(size + 1);
        int at = size;
        while (at > 0 && times[at - 1] > sendAt) {
            at--;
        }
        System.arraycopy(times, at, times, at + 1, size - at);
        System.arraycopy(channels, at, channels, at + 1, size - at);
        times[at] = sendAt;
        channels[at] = (byte) channel.ordinal();
        size++;
    }

    /** Takes back a planned action that was not sent after all. */
    public void cancel(long sendAt, Channel channel) {
        for (int i = size - 1; i >= 0; i--) {
            if (times[i] == sendAt && channels[i] == channel.ordinal()) {
                remove(i);
                return;
            }
        }
    }

    private void remove(int entry) {
        System.arraycopy(times, entry + 1, times, entry, size - entry - 1);
        System.arraycopy(channels, entry + 1, channels, entry, size - entry - 1);
        size--;
    }

    public void clear() {
        size = 0;
    }

    public void write(StateOutput out) {
        out.writeVarInt(size);
        for (int i = 0; i < size; i++) {
            out.writeTime(times[i]);
            out.writeByte(channels[i]);
        }
    }

    public void read(StateInput in) throws IOException {
        int entries = in.readVarInt();
        if (entries > CAPACITY) {
            throw new IOException("send log of " + entries + " entries, more than " + CAPACITY);
        }
        size = 0;
        room(entries);
        for (int i = 0; i < entries; i++) {
            long time = in.readTime();
            int channel = in.readByte();
            if (channel < 0 || channel >= CHANNELS.length) {
                throw new IOException("send log holds channel code " + channel);
            }
            times[size] = time;
            channels[size] = (byte) channel;
            size++;
        }
    }
}
