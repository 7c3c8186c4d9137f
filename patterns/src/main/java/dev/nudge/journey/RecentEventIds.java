package dev.nudge.journey;

import java.util.Arrays;

/**
 * The 64-bit hashes of a user's recent event ids, to drop redelivered duplicates (SPEC §3.1).
 * Bounded: at most {@link #CAPACITY} ids, each kept for the dedup horizon of event time. A
 * duplicate of an event older than the horizon, or of one pushed out by {@code CAPACITY} newer
 * events, is not recognised.
 */
final class RecentEventIds {
    static final int CAPACITY = 32;

    /** Grown as ids come, up to {@link #CAPACITY}. */
    long[] hashes = {};

    long[] times = {};
    int size;

    /** Makes room for {@code ids} entries. */
    void room(int ids) {
        if (ids > hashes.length) {
            int length = Math.min(CAPACITY, Math.max(ids, Math.max(4, 2 * hashes.length)));
            hashes = Arrays.copyOf(hashes, length);
            times = Arrays.copyOf(times, length);
        }
    }

    /**
     * Remembers {@code eventId} and tells whether it was already seen within the horizon.
     *
     * @return true if the id is a duplicate (and then nothing changes)
     */
    boolean seenBefore(String eventId, long time, long horizon) {
        forgetOlderThan(Math.max(time, newest()) - horizon);
        long hash = IdHash.of(eventId);
        for (int i = 0; i < size; i++) {
            if (hashes[i] == hash) {
                return true;
            }
        }
        if (size == CAPACITY) {
            removeAt(0);
        }
        room(size + 1);
        hashes[size] = hash;
        times[size] = time;
        size++;
        return false;
    }

    void clear() {
        size = 0;
    }

    private long newest() {
        long newest = Long.MIN_VALUE;
        for (int i = 0; i < size; i++) {
            newest = Math.max(newest, times[i]);
        }
        return newest;
    }

    private void forgetOlderThan(long limit) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            if (times[i] >= limit) {
                hashes[kept] = hashes[i];
                times[kept] = times[i];
                kept++;
            }
        }
        size = kept;
    }

    private void removeAt(int index) {
        System.arraycopy(hashes, index + 1, hashes, index, size - index - 1);
        System.arraycopy(times, index + 1, times, index, size - index - 1);
        size--;
    }
}
