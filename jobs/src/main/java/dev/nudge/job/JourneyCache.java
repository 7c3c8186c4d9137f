package dev.nudge.job;

import dev.nudge.journey.Journey;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recently used decoded journeys of one operator instance, in front of RocksDB, written
 * back: a user woken again soon — by the next event of the session, or by the timer that processes
 * the events waiting for the watermark — skips the state read, the decoding, the encoding and the
 * state write. A changed journey reaches the state backend when it leaves the cache (least recently
 * used first) or at the next checkpoint, whichever comes first; {@link #flush()} runs before the
 * state backend takes its snapshot, so every checkpoint and savepoint holds every change, and a
 * restore starts with an empty cache.
 *
 * <p>Only for a state backend that keeps serialized copies (RocksDB): the heap backend hands out
 * its live objects, which a snapshot in progress may be reading.
 */
final class JourneyCache {
    /** Writes one user's journey to the state backend. */
    @FunctionalInterface
    interface Writer {
        void write(String userId, Journey journey) throws Exception;
    }

    /** A cached journey, and whether it changed since the state backend last saw it. */
    private static final class Entry {
        final Journey journey;
        boolean dirty;

        Entry(Journey journey, boolean dirty) {
            this.journey = journey;
            this.dirty = dirty;
        }
    }

    private final int capacity;
    private final LinkedHashMap<String, Entry> journeys;
    private final Writer writer;
    private long hits;
    private long misses;
    private long writes;

    JourneyCache(int capacity, Writer writer) {
        this.capacity = capacity;
        this.writer = writer;
        this.journeys = new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true);
    }

    /** The cached journey of the user, or {@code null}. */
    Journey get(String userId) {
        Entry entry = journeys.get(userId);
        if (entry == null) {
            misses++;
            return null;
        }
        hits++;
        return entry.journey;
    }

    /**
     * Keeps the user's changed journey, to be written later; writes the least recently used one out
     * if the cache is full.
     */
    void put(String userId, Journey journey) throws Exception {
        Entry entry = journeys.get(userId);
        if (entry != null && entry.journey == journey) {
            entry.dirty = true;
        } else {
            journeys.put(userId, new Entry(journey, true));
        }
        if (journeys.size() > capacity) {
            Iterator<Map.Entry<String, Entry>> eldest = journeys.entrySet().iterator();
            Map.Entry<String, Entry> evicted = eldest.next();
            eldest.remove();
            if (evicted.getValue().dirty) {
                write(evicted.getKey(), evicted.getValue());
            }
        }
    }

    /** Forgets the user's journey, whose state was just cleared. */
    void remove(String userId) {
        journeys.remove(userId);
    }

    /** Writes every changed journey to the state backend; they stay cached. */
    void flush() throws Exception {
        for (Map.Entry<String, Entry> entry : journeys.entrySet()) {
            if (entry.getValue().dirty) {
                write(entry.getKey(), entry.getValue());
            }
        }
    }

    private void write(String userId, Entry entry) throws Exception {
        writer.write(userId, entry.journey);
        entry.dirty = false;
        writes++;
    }

    long hits() {
        return hits;
    }

    long misses() {
        return misses;
    }

    /** Journeys written to the state backend, on eviction or at checkpoints. */
    long writes() {
        return writes;
    }
}
