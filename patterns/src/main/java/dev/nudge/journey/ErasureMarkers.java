package dev.nudge.journey;

import dev.nudge.event.IdHash;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The users erased recently, remembered for a while after their state is gone (SPEC §7): a match
 * that a SEQUENCE pattern's CEP operator built from events before the erasure can still arrive
 * afterwards, and must be suppressed as {@code ERASED}.
 *
 * <p>A marker holds a 64-bit hash of the user id and the erasure's event time, nothing else, so
 * that the user's keyed state really is empty. Markers live in the operator instance, not per key,
 * expire {@code keep} of event time after the erasure, and are bounded: beyond {@code capacity} the
 * oldest goes first (it is the nearest to expiring anyway) and is counted.
 */
public final class ErasureMarkers {
    private static final int FORMAT = 1;

    private final long keep;
    private final int capacity;

    /** Hash of the user id to erasure time, oldest erasure first. */
    private final LinkedHashMap<Long, Long> erasedAt = new LinkedHashMap<>();

    private long evicted;

    public ErasureMarkers(long keep, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.keep = keep;
        this.capacity = capacity;
    }

    /** The user was erased at {@code at}; a later erasure of the same user replaces an earlier. */
    public void record(String userId, long at) {
        Long key = IdHash.of(userId);
        Long previous = erasedAt.remove(key);
        erasedAt.put(key, previous == null ? at : Math.max(previous, at));
        trim();
    }

    /**
     * Whether the user was erased at or after {@code time}, i.e. whether something that began at
     * {@code time} was built from the user's state before an erasure. Equal times count as before
     * the erasure: ERASE comes last among events of the same time (session order).
     */
    public boolean erasedSince(String userId, long time) {
        Long at = erasedAt.get(IdHash.of(userId));
        return at != null && at >= time;
    }

    /** Forgets the markers that are {@code keep} older than the watermark. */
    public void expire(long watermark) {
        Iterator<Map.Entry<Long, Long>> entries = erasedAt.entrySet().iterator();
        while (entries.hasNext()) {
            long at = entries.next().getValue();
            if (at + keep >= watermark) {
                return;
            }
            entries.remove();
        }
    }

    public int size() {
        return erasedAt.size();
    }

    /** Markers dropped because more users were erased than {@code capacity}, since start. */
    public long evicted() {
        return evicted;
    }

    /** The markers in a compact, versioned form for the operator's checkpoint. */
    public byte[] toBytes() {
        StateOutput out = new StateOutput(16 * erasedAt.size() + 8).reset(0);
        out.writeByte(FORMAT);
        out.writeVarInt(erasedAt.size());
        for (Map.Entry<Long, Long> marker : erasedAt.entrySet()) {
            out.writeLong(marker.getKey());
            out.writeLong(marker.getValue());
        }
        return Arrays.copyOf(out.buffer(), out.size());
    }

    /**
     * Adds markers from a checkpoint; each instance may receive the markers of every instance
     * (after a rescale), which is harmless: a lookup is by user.
     */
    public void addAll(byte[] bytes) throws IOException {
        StateInput in = new StateInput(bytes, 0, bytes.length, 0);
        int format = in.readByte();
        if (format != FORMAT) {
            throw new IOException("unknown erasure marker format " + format);
        }
        for (int count = in.readVarInt(); count > 0; count--) {
            long key = in.readLong();
            long at = in.readLong();
            erasedAt.merge(key, at, Math::max);
        }
        trim();
    }

    private void trim() {
        Iterator<Long> oldest = erasedAt.keySet().iterator();
        while (erasedAt.size() > capacity) {
            oldest.next();
            oldest.remove();
            evicted++;
        }
    }
}
