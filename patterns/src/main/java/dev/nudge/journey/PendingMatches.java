package dev.nudge.journey;

import dev.nudge.pattern.Match;
import dev.nudge.pattern.MatchCodec;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Matches waiting for the watermark to pass the time they were triggered (those of SEQUENCE
 * patterns, from their CEP operators, and those a detector found in events processed ahead of the
 * watermark), so that they are decided after every event of the user up to then and in the same
 * order at any parallelism. Ordered by trigger time, then pattern id and decision id; bounded by
 * {@code journey.maxPendingEvents}.
 */
final class PendingMatches {
    private final List<Match> matches = new ArrayList<>(1);

    /** The first match's trigger time, kept beside the list, as in {@link PendingEvents}. */
    private long first = Long.MAX_VALUE;

    /**
     * Keeps matches in trigger-time order, equal times by pattern id then decision id: the order
     * they are decided in must not depend on the order they arrived in.
     */
    void add(Match match) {
        int at = matches.size();
        while (at > 0 && ORDER.compare(match, matches.get(at - 1)) < 0) {
            at--;
        }
        matches.add(at, match);
        if (at == 0) {
            first = match.triggeredAt();
        }
    }

    private static final java.util.Comparator<Match> ORDER =
            java.util.Comparator.comparingLong(Match::triggeredAt)
                    .thenComparing(Match::patternId)
                    .thenComparing(dev.nudge.policy.Ids::decisionId);

    /** The trigger time of the first waiting match, or {@link Long#MAX_VALUE} if none. */
    long firstTime() {
        return first;
    }

    Match poll() {
        Match polled = matches.remove(0);
        refreshFirst();
        return polled;
    }

    private void refreshFirst() {
        first = matches.isEmpty() ? Long.MAX_VALUE : matches.get(0).triggeredAt();
    }

    int size() {
        return matches.size();
    }

    boolean isEmpty() {
        return matches.isEmpty();
    }

    /** Removes the matches whose episode began at or before {@code time}, oldest first. */
    void removeAnchoredUpTo(long time, Consumer<Match> removed) {
        Iterator<Match> waiting = matches.iterator();
        while (waiting.hasNext()) {
            Match match = waiting.next();
            if (match.anchorAt() <= time) {
                waiting.remove();
                removed.accept(match);
            }
        }
        refreshFirst();
    }

    void write(StateOutput out) {
        out.writeVarInt(matches.size());
        for (Match match : matches) {
            MatchCodec.write(match, out);
        }
    }

    void read(StateInput in) throws IOException {
        for (int count = in.readVarInt(); count > 0; count--) {
            matches.add(MatchCodec.read(in));
        }
        refreshFirst();
    }
}
