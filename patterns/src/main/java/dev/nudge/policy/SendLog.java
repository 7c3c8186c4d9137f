package dev.nudge.policy;

import dev.nudge.config.FrequencyCap;
import dev.nudge.event.Channel;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.util.List;

/**
 * The user's recent actions, for frequency caps: when each was decided and on which channel, oldest
 * first. It keeps only what a cap can still count, at most {@link #CAPACITY} entries; a HOLDOUT
 * decision counts like a sent action, so that both arms of the experiment meet the same caps.
 */
public final class SendLog {
    /** More than any sensible cap allows within its window; the oldest entry goes first. */
    public static final int CAPACITY = 32;

    private static final Channel[] CHANNELS = Channel.values();

    private final long[] times = new long[CAPACITY];
    private final byte[] channels = new byte[CAPACITY];
    private int size;

    /** Entries in the log. */
    public int size() {
        return size;
    }

    /**
     * Whether one more action on {@code channel} at {@code time} stays within every cap: each cap
     * counts the actions of its channel (or of all, for ANY) in the rolling window ({@code time -
     * per}, {@code time}].
     */
    boolean allows(List<FrequencyCap> caps, Channel channel, long time) {
        for (FrequencyCap cap : caps) {
            if (cap.channel() != null && cap.channel() != channel) {
                continue;
            }
            if (count(cap.channel(), time - cap.per().toMillis(), time) >= cap.max()) {
                return false;
            }
        }
        return true;
    }

    /** Actions on {@code channel} ({@code null}: any) decided in ({@code after}, {@code upTo}]. */
    int count(Channel channel, long after, long upTo) {
        int count = 0;
        for (int i = 0; i < size; i++) {
            if (times[i] > after
                    && times[i] <= upTo
                    && (channel == null || channels[i] == channel.ordinal())) {
                count++;
            }
        }
        return count;
    }

    /**
     * Records an action, dropping what no cap can count any more: entries at or before {@code time
     * - horizon}, the longest cap window.
     */
    void record(long time, Channel channel, long horizon) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (times[i] > time - horizon) {
                times[kept] = times[i];
                channels[kept] = channels[i];
                kept++;
            }
        }
        size = kept;
        if (size == CAPACITY) {
            System.arraycopy(times, 1, times, 0, size - 1);
            System.arraycopy(channels, 1, channels, 0, size - 1);
            size--;
        }
        // Decisions come in time order per user; an equal or later time goes last.
        times[size] = time;
        channels[size] = (byte) channel.ordinal();
        size++;
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
