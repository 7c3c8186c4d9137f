package dev.nudge.policy;

import dev.nudge.event.Channel;
import dev.nudge.pattern.Match;
import dev.nudge.pattern.MatchCodec;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Actions planned for later (quiet hours, the user's best hour), waiting in the user's state for
 * their send time, earliest deadline first. Each leaves at its send time (released), at its expiry
 * if that comes first (EXPIRED), or earlier when the user buys (CONVERTED_BEFORE_SEND) or is
 * erased. Bounded: the frequency caps keep the list short, and {@link #CAPACITY} bounds it without
 * them.
 */
public final class HeldActions {
    /** More than any sensible caps let wait at once. */
    static final int CAPACITY = 16;

    private static final Channel[] CHANNELS = Channel.values();

    /** A planned action and its send time; it expires at {@code expiresAt} if still waiting. */
    public record Held(Match match, Channel channel, long sendAt, long expiresAt) {
        public long deadline() {
            return Math.min(sendAt, expiresAt);
        }
    }

    private final List<Held> held = new ArrayList<>(1);

    boolean isEmpty() {
        return held.isEmpty();
    }

    boolean isFull() {
        return held.size() >= CAPACITY;
    }

    int size() {
        return held.size();
    }

    void add(Held action) {
        int at = held.size();
        while (at > 0 && held.get(at - 1).deadline() > action.deadline()) {
            at--;
        }
        held.add(at, action);
    }

    /** The earliest deadline, or {@link Long#MAX_VALUE} when nothing is held. */
    long firstDeadline() {
        return held.isEmpty() ? Long.MAX_VALUE : held.get(0).deadline();
    }

    Held poll() {
        return held.remove(0);
    }

    /** Takes every held action out, earliest deadline first. */
    List<Held> drain() {
        List<Held> all = List.copyOf(held);
        held.clear();
        return all;
    }

    /** Takes out the held actions whose match {@code gone} accepts, earliest deadline first. */
    List<Held> withdraw(Predicate<Match> gone) {
        List<Held> withdrawn = new ArrayList<>(0);
        held.removeIf(
                action -> {
                    if (gone.test(action.match())) {
                        withdrawn.add(action);
                        return true;
                    }
                    return false;
                });
        return withdrawn;
    }

    List<Held> view() {
        return held;
    }

    void write(StateOutput out) {
        out.writeVarInt(held.size());
        for (Held action : held) {
            MatchCodec.write(action.match(), out);
            out.writeByte(action.channel().ordinal());
            out.writeTime(action.sendAt());
            out.writeTime(action.expiresAt());
        }
    }

    void read(StateInput in) throws IOException {
        int count = in.readVarInt();
        if (count > CAPACITY) {
            throw new IOException(count + " held actions, more than " + CAPACITY);
        }
        for (int i = 0; i < count; i++) {
            Match match = MatchCodec.read(in);
            int channel = in.readByte();
            if (channel < 0 || channel >= CHANNELS.length) {
                throw new IOException("a held action has channel code " + channel);
            }
            held.add(new Held(match, CHANNELS[channel], in.readTime(), in.readTime()));
        }
    }
}
