package dev.nudge.journey;

import dev.nudge.event.IdHash;
import java.util.Arrays;

/**
 * A user's recent event ids, to drop redelivered duplicates (SPEC §3.1): the ids that arrived
 * within the dedup horizon of event time, at most {@link #CAPACITY} of them. A duplicate of an
 * event older than the horizon, or of one that {@code CAPACITY} or more newer arrivals pushed out
 * (the oldest arrival goes first), is not recognised.
 *
 * <p>Kept small, since a busy user holds hundreds of ids (JourneyCodec writes 5 bytes per id):
 *
 * <ul>
 *   <li>An id is a {@link #fingerprint} of 32 bits. A new id is taken for one of the {@code n} ids
 *       held when its fingerprint equals one of theirs: with the fingerprint the top half of a
 *       well-mixed 64-bit hash, that happens with probability at most {@code n / 2^32} per event,
 *       5.96e-8 (one event in 16.8 million) for a user holding 256 ids. Such an event is dropped as
 *       a duplicate.
 *   <li>Its time is kept in whole {@link #TICK ticks} (minutes), rounded up, and the horizon is
 *       rounded up to whole ticks too: an id is remembered at least the horizon and at most two
 *       minutes longer. The rounding is done here, not in the encoding, so that a journey behaves
 *       the same whether it stays in memory (heap state) or is written and read back (RocksDB).
 * </ul>
 *
 * <p>The ids are a ring in arrival order; its arrays grow as ids come, up to {@code CAPACITY}.
 * Checking an event scans the fingerprints once and allocates nothing.
 */
final class RecentEventIds {
    /** At most this many ids are kept (a power of two). */
    static final int CAPACITY = 256;

    /** The unit of the times kept, in milliseconds: one minute. Part of the state format. */
    static final long TICK = 60_000;

    /**
     * The ring: entry {@code i} (0 the oldest arrival) is at {@code (first + i) & (length - 1)}.
     */
    private int[] fingerprints = {};

    private int[] ticks = {};
    private int first;
    int size;

    /** The latest tick held (meaningful while {@code size > 0}). */
    private int newest;

    /** At most the earliest tick held, so that forgetting is skipped when nothing is due. */
    private int oldest;

    /** The fingerprint kept for an id with this {@link IdHash}. Part of the state format. */
    static int fingerprint(long idHash) {
        return (int) (idHash >>> 32);
    }

    /** The tick of an event time: rounded up, so that an id is never forgotten early. */
    static int tickOf(long time) {
        return Math.toIntExact(-Math.floorDiv(-time, TICK));
    }

    /** The horizon in whole ticks, rounded up. */
    static long ticksOf(long horizon) {
        return -Math.floorDiv(-Math.max(0, horizon), TICK);
    }

    /**
     * Remembers {@code eventId} and tells whether it was already seen within the horizon, counted
     * back from the latest event time seen (this one or an earlier arrival).
     *
     * @return true if the id is a duplicate (and then nothing is added)
     */
    boolean seenBefore(String eventId, long time, long horizon) {
        int fingerprint = fingerprint(IdHash.of(eventId));
        int tick = tickOf(time);
        if (size > 0) {
            forgetBefore((long) Math.max(tick, newest) - ticksOf(horizon));
            int mask = fingerprints.length - 1;
            for (int i = 0; i < size; i++) {
                if (fingerprints[(first + i) & mask] == fingerprint) {
                    return true;
                }
            }
        }
        add(fingerprint, tick);
        return false;
    }

    /** Adds an id as the newest arrival; the oldest goes if {@link #CAPACITY} are held. */
    void add(int fingerprint, int tick) {
        if (size == CAPACITY) {
            first = (first + 1) & (CAPACITY - 1);
            size--;
        }
        room(size + 1);
        int at = (first + size) & (fingerprints.length - 1);
        fingerprints[at] = fingerprint;
        ticks[at] = tick;
        if (size == 0) {
            newest = tick;
            oldest = tick;
        } else {
            newest = Math.max(newest, tick);
            oldest = Math.min(oldest, tick);
        }
        size++;
    }

    /** The fingerprint of the {@code i}-th id, 0 the oldest arrival. */
    int fingerprintAt(int i) {
        return fingerprints[(first + i) & (fingerprints.length - 1)];
    }

    /** The tick of the {@code i}-th id, 0 the oldest arrival. */
    int tickAt(int i) {
        return ticks[(first + i) & (ticks.length - 1)];
    }

    /** Makes room for {@code ids} entries, keeping their order. */
    void room(int ids) {
        if (ids <= fingerprints.length) {
            return;
        }
        int length = fingerprints.length == 0 ? 4 : fingerprints.length;
        while (length < ids) {
            length *= 2;
        }
        length = Math.min(CAPACITY, length);
        int[] grownFingerprints = new int[length];
        int[] grownTicks = new int[length];
        for (int i = 0; i < size; i++) {
            grownFingerprints[i] = fingerprintAt(i);
            grownTicks[i] = tickAt(i);
        }
        fingerprints = grownFingerprints;
        ticks = grownTicks;
        first = 0;
    }

    void clear() {
        size = 0;
        first = 0;
    }

    /** Forgets the ids with a tick before {@code limit}, keeping the others in order. */
    private void forgetBefore(long limit) {
        if (oldest >= limit) {
            return;
        }
        int mask = fingerprints.length - 1;
        int kept = 0;
        int earliest = Integer.MAX_VALUE;
        for (int i = 0; i < size; i++) {
            int from = (first + i) & mask;
            int tick = ticks[from];
            if (tick >= limit) {
                int to = (first + kept) & mask;
                fingerprints[to] = fingerprints[from];
                ticks[to] = tick;
                earliest = Math.min(earliest, tick);
                kept++;
            }
        }
        size = kept;
        oldest = earliest;
    }

    @Override
    public String toString() {
        int[] held = new int[size];
        Arrays.setAll(held, this::tickAt);
        return size + " ids, ticks " + Arrays.toString(held);
    }
}
