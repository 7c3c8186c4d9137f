package dev.nudge.journey;

import dev.nudge.config.PatternType;
import dev.nudge.pattern.ActionParams;
import dev.nudge.pattern.Match;
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

    private static final int CATEGORY = 1;
    private static final int BRAND = 1 << 1;
    private static final int OFFER = 1 << 2;
    private static final int PREDICTED_DATE = 1 << 3;

    void write(StateOutput out) {
        out.writeVarInt(matches.size());
        for (Match match : matches) {
            writeMatch(match, out);
        }
    }

    void read(StateInput in) throws IOException {
        for (int count = in.readVarInt(); count > 0; count--) {
            matches.add(readMatch(in));
        }
        refreshFirst();
    }

    /** One match in journey state; also for the arbitration and the held actions. */
    static void writeMatch(Match match, StateOutput out) {
        out.writeString(match.patternId());
        out.writeVarInt(match.type().code());
        out.writeString(match.userId());
        out.writeTime(match.triggeredAt());
        out.writeTime(match.anchorAt());
        writeStrings(match.evidence(), out);
        ActionParams params = match.params();
        writeStrings(params.items(), out);
        out.writeVarInt(
                (params.category() != null ? CATEGORY : 0)
                        | (params.brand() != null ? BRAND : 0)
                        | (params.offer() != null ? OFFER : 0)
                        | (params.predictedDate() != null ? PREDICTED_DATE : 0));
        writeIfPresent(params.category(), out);
        writeIfPresent(params.brand(), out);
        writeIfPresent(params.offer(), out);
        writeIfPresent(params.predictedDate(), out);
        out.writeString(match.reason());
    }

    static Match readMatch(StateInput in) throws IOException {
        String patternId = in.readString();
        int code = in.readVarInt();
        PatternType type = PatternType.byCode(code);
        if (type == null) {
            throw new IOException("a waiting match has pattern type code " + code);
        }
        String userId = in.readString();
        long triggeredAt = in.readTime();
        long anchorAt = in.readTime();
        List<String> evidence = readStrings(in);
        List<String> items = readStrings(in);
        int present = in.readVarInt();
        ActionParams params =
                new ActionParams(
                        items,
                        (present & CATEGORY) != 0 ? in.readString() : null,
                        (present & BRAND) != 0 ? in.readString() : null,
                        (present & OFFER) != 0 ? in.readString() : null,
                        (present & PREDICTED_DATE) != 0 ? in.readString() : null);
        return new Match(
                patternId, type, userId, triggeredAt, anchorAt, evidence, params, in.readString());
    }

    private static void writeStrings(List<String> values, StateOutput out) {
        out.writeVarInt(values.size());
        for (String value : values) {
            out.writeString(value);
        }
    }

    private static List<String> readStrings(StateInput in) throws IOException {
        int count = in.readVarInt();
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(in.readString());
        }
        return values;
    }

    private static void writeIfPresent(String value, StateOutput out) {
        if (value != null) {
            out.writeString(value);
        }
    }
}
