package dev.nudge.job;

import dev.nudge.event.Times;
import dev.nudge.journey.Journey;
import java.util.HashMap;

/**
 * Decoded journeys of one operator instance, in front of RocksDB, written back: a user woken again
 * while cached — by the next event of the session, or by the timer that processes the events
 * waiting for the watermark — skips the state read, the decoding, the encoding and the state write.
 * A changed journey reaches the state backend when it leaves the cache or at the next checkpoint,
 * whichever comes first; {@link #flush()} runs before the state backend takes its snapshot, so
 * every checkpoint and savepoint holds every change, and a restore starts with an empty cache.
 *
 * <p>Which journey gives way when the cache is full: the one whose timer is due last, since the
 * timer is the one wake-up known in advance. A journey without a timer counts as due last: only an
 * event of its user, at an unknown time, wakes it again. The choice is made among {@value
 * #CANDIDATES} journeys drawn at random, which costs a few array reads instead of an ordered index.
 * Least-recently-used would be the usual rule, and it fails exactly when speed matters most: when
 * the job catches up on a backlog, the watermark moves in steps of hours, every user seen in a step
 * is woken by a timer after the step, and once a step's users outnumber the cache, the oldest is
 * always the next one due, so that every timer missed the cache.
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

    /** How many cached journeys are compared to choose the one that gives way. */
    static final int CANDIDATES = 8;

    /** A cached journey, and whether it changed since the state backend last saw it. */
    private static final class Entry {
        final String userId;
        Journey journey;
        boolean dirty;
        int index;

        Entry(String userId, Journey journey, int index) {
            this.userId = userId;
            this.journey = journey;
            this.index = index;
        }
    }

    private final int capacity;
    private final HashMap<String, Entry> byUser;
    private final Entry[] entries;

    /** The time each entry's timer is due, by entry index; no timer is the end of time. */
    private final long[] dueAt;

    private final Writer writer;
    private int size;
    private long random = 0x9E3779B97F4A7C15L;
    private long hits;
    private long misses;
    private long writes;

    JourneyCache(int capacity, Writer writer) {
        this.capacity = capacity;
        this.writer = writer;
        this.byUser = new HashMap<>(capacity * 4 / 3 + 1);
        this.entries = new Entry[capacity];
        this.dueAt = new long[capacity];
    }

    /** The cached journey of the user, or {@code null}. */
    Journey get(String userId) {
        Entry entry = byUser.get(userId);
        if (entry == null) {
            misses++;
            return null;
        }
        hits++;
        return entry.journey;
    }

    /**
     * Keeps the user's changed journey, to be written later, with its timer as armed now; when the
     * cache is full, another journey is written out to make room.
     */
    void put(String userId, Journey journey) throws Exception {
        Entry entry = byUser.get(userId);
        if (entry == null) {
            if (size == capacity) {
                evict();
            }
            entry = new Entry(userId, journey, size);
            entries[size++] = entry;
            byUser.put(userId, entry);
        }
        entry.journey = journey;
        entry.dirty = true;
        long timer = journey.armedTimer();
        dueAt[entry.index] = timer == Times.NONE ? Long.MAX_VALUE : timer;
    }

    /** Forgets the user's journey, whose state was just cleared. */
    void remove(String userId) {
        Entry entry = byUser.remove(userId);
        if (entry != null) {
            detach(entry);
        }
    }

    /** Writes every changed journey to the state backend; they stay cached. */
    void flush() throws Exception {
        for (int i = 0; i < size; i++) {
            if (entries[i].dirty) {
                write(entries[i]);
            }
        }
    }

    /**
     * Writes out (if changed) and forgets the journey due last of a few drawn at random, or of all
     * when there are no more than that.
     */
    private void evict() throws Exception {
        boolean all = size <= CANDIDATES;
        int chosen = all ? 0 : nextIndex();
        for (int i = 1; i < Math.min(CANDIDATES, size); i++) {
            int candidate = all ? i : nextIndex();
            if (dueAt[candidate] > dueAt[chosen]) {
                chosen = candidate;
            }
        }
        Entry leaving = entries[chosen];
        byUser.remove(leaving.userId);
        detach(leaving);
        if (leaving.dirty) {
            write(leaving);
        }
    }

    /** Moves the last entry into the leaving one's place. */
    private void detach(Entry leaving) {
        int last = --size;
        Entry moved = entries[last];
        entries[leaving.index] = moved;
        dueAt[leaving.index] = dueAt[last];
        moved.index = leaving.index;
        entries[last] = null;
    }

    /** A random index of a cached entry (xorshift: cheap, and the same sequence in every run). */
    private int nextIndex() {
        random ^= random << 13;
        random ^= random >>> 7;
        random ^= random << 17;
        return (int) ((random >>> 33) % size);
    }

    private void write(Entry entry) throws Exception {
        writer.write(entry.userId, entry.journey);
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
