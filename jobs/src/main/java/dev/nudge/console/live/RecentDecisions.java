package dev.nudge.console.live;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The {@value #MAX} newest decisions read, by the time they were written: the page's "just now"
 * list. A heap of at most {@value #MAX}, so that reading a day of decisions at start keeps only the
 * last ones, whichever partition they came from; each text is clipped (a reason to {@value
 * #MAX_REASON} characters), so the list stays small. Not thread-safe: its owner locks.
 */
final class RecentDecisions {
    static final int MAX = 50;
    static final int MAX_REASON = 300;
    private static final int MAX_TEXT = 128;

    /**
     * One decision as the page lists it.
     *
     * @param at when it was written (the Kafka timestamp), epoch millis
     */
    record Recent(
            long at,
            String userId,
            String patternId,
            String flowId,
            String step,
            String outcome,
            String suppressedBy,
            String channel,
            String variant,
            String reason) {
        Recent {
            userId = clip(userId, MAX_TEXT);
            patternId = clip(patternId, MAX_TEXT);
            flowId = clip(flowId, MAX_TEXT);
            step = clip(step, MAX_TEXT);
            outcome = clip(outcome, MAX_TEXT);
            suppressedBy = clip(suppressedBy, MAX_TEXT);
            channel = clip(channel, MAX_TEXT);
            variant = clip(variant, MAX_TEXT);
            reason = clip(reason, MAX_REASON);
        }
    }

    private record Entry(Recent decision, long order) {}

    private static final Comparator<Entry> OLDEST_FIRST =
            Comparator.comparingLong((Entry e) -> e.decision().at())
                    .thenComparingLong(Entry::order);

    private final PriorityQueue<Entry> newest = new PriorityQueue<>(MAX + 1, OLDEST_FIRST);
    private long read;

    void add(Recent decision) {
        Entry entry = new Entry(decision, read++);
        if (newest.size() < MAX) {
            newest.add(entry);
        } else if (OLDEST_FIRST.compare(entry, newest.peek()) > 0) {
            newest.poll();
            newest.add(entry);
        }
    }

    /** The newest first. */
    List<Recent> newestFirst() {
        List<Entry> entries = new ArrayList<>(newest);
        entries.sort(OLDEST_FIRST.reversed());
        return entries.stream().map(Entry::decision).toList();
    }

    private static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
