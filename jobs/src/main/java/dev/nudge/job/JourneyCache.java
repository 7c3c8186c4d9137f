package dev.nudge.job;

import dev.nudge.journey.Journey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recently used decoded journeys of one operator instance, in front of RocksDB: a user
 * woken again soon — by the next event, or by the timer that processes the events waiting for the
 * watermark — skips the state read and the decoding. Every change is still written to state at once
 * (write-through), so the state stays the truth and a checkpoint needs nothing from here.
 *
 * <p>Only for a state backend that keeps serialized copies (RocksDB): the heap backend hands out
 * its live objects, which a snapshot in progress may be reading.
 */
final class JourneyCache {
    private final LinkedHashMap<String, Journey> journeys;
    private long hits;
    private long misses;

    JourneyCache(int capacity) {
        this.journeys =
                new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Journey> eldest) {
                        return size() > capacity;
                    }
                };
    }

    /** The cached journey of the user, or {@code null}. */
    Journey get(String userId) {
        Journey journey = journeys.get(userId);
        if (journey == null) {
            misses++;
        } else {
            hits++;
        }
        return journey;
    }

    /** The journey as just written to state; {@code null} when the state was cleared. */
    void put(String userId, Journey journey) {
        if (journey == null) {
            journeys.remove(userId);
        } else {
            journeys.put(userId, journey);
        }
    }

    long hits() {
        return hits;
    }

    long misses() {
        return misses;
    }
}
