package dev.nudge.policy;

import dev.nudge.event.Times;
import dev.nudge.pattern.Match;
import dev.nudge.pattern.MatchCodec;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The matches of one user that passed their own rules within one arbitration window (SPEC §6): the
 * window opens at the first of them and closes {@code arbitrationWindow} later (exclusive); then
 * the highest priority goes on to the caps and the rest are {@code LOWER_PRIORITY}.
 */
final class Arbitration {
    private final List<Match> candidates = new ArrayList<>(1);
    private long closesAt = Times.NONE;

    boolean isOpen() {
        return !candidates.isEmpty();
    }

    /** When the window closes, or {@link Long#MAX_VALUE} when none is open. */
    long closesAt() {
        return candidates.isEmpty() ? Long.MAX_VALUE : closesAt;
    }

    void enter(Match match, long window) {
        if (candidates.isEmpty()) {
            closesAt = match.triggeredAt() + window;
        }
        candidates.add(match);
    }

    /**
     * Takes out the candidates {@code gone} accepts, in the order they entered; the window stays
     * open, with its closing time, for those left.
     */
    List<Match> withdraw(Predicate<Match> gone) {
        List<Match> withdrawn = new ArrayList<>(0);
        candidates.removeIf(
                match -> {
                    if (gone.test(match)) {
                        withdrawn.add(match);
                        return true;
                    }
                    return false;
                });
        if (candidates.isEmpty()) {
            closesAt = Times.NONE;
        }
        return withdrawn;
    }

    /** Ends the window: the candidates in the order they entered. */
    List<Match> close() {
        List<Match> closed = List.copyOf(candidates);
        candidates.clear();
        closesAt = Times.NONE;
        return closed;
    }

    void write(StateOutput out) {
        out.writeVarInt(candidates.size());
        if (!candidates.isEmpty()) {
            out.writeTime(closesAt);
            for (Match match : candidates) {
                MatchCodec.write(match, out);
            }
        }
    }

    void read(StateInput in) throws IOException {
        int count = in.readVarInt();
        if (count > 0) {
            closesAt = in.readTime();
            for (int i = 0; i < count; i++) {
                candidates.add(MatchCodec.read(in));
            }
        }
    }
}
