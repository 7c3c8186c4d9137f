package dev.nudge.backtest;

import dev.nudge.event.EventType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What the events a backtest's job read were: how many of each type, and how many purchases had a
 * price. The report says from them why a pattern matched nothing ({@link NoMatchReasons}) and
 * whether revenue can be shown at all.
 *
 * @param byType the events of each type, only types that occurred
 * @param pricedPurchases the PURCHASE events with a price
 */
record InputEvents(Map<EventType, Long> byType, long pricedPurchases) {
    static final InputEvents NONE = new InputEvents(Map.of(), 0);

    InputEvents {
        EnumMap<EventType, Long> copy = new EnumMap<>(EventType.class);
        copy.putAll(byType);
        byType = Collections.unmodifiableMap(copy);
    }

    long of(EventType type) {
        return byType.getOrDefault(type, 0L);
    }

    /** Counts events as they are read. */
    static final class Tally {
        private final long[] byType = new long[EventType.values().length];
        private long pricedPurchases;

        void add(TimedEvent event) {
            byType[event.type().ordinal()]++;
            if (event.type() == EventType.PURCHASE && event.priced()) {
                pricedPurchases++;
            }
        }

        InputEvents result() {
            Map<EventType, Long> counts = new EnumMap<>(EventType.class);
            for (EventType type : EventType.values()) {
                if (byType[type.ordinal()] > 0) {
                    counts.put(type, byType[type.ordinal()]);
                }
            }
            return new InputEvents(counts, pricedPurchases);
        }
    }
}
