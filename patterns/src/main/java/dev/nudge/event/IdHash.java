package dev.nudge.event;

/**
 * The hash of ids, the one Nudge has: FNV-1a over an id's characters, finished with a strong 64-bit
 * mix (MurmurHash3's). Collisions are negligible for sets of ids kept in state. Part of the state
 * format (recent event ids, erasure markers) and of the output ids and holdout groups, which hash
 * several values in a row with {@link #START}, {@link #next} and {@link #finish}: a change to it
 * changes stored state, ids and who is held out.
 */
public final class IdHash {
    /** The running hash before any character: FNV-1a's 64-bit offset basis. */
    public static final long START = 0xcbf29ce484222325L;

    private static final long PRIME = 0x100000001b3L;

    private IdHash() {}

    /** The hash of one id. */
    public static long of(String id) {
        long h = START;
        for (int i = 0; i < id.length(); i++) {
            h = next(h, id.charAt(i));
        }
        return finish(h);
    }

    /** The running hash {@code hash} with the character {@code c} added (FNV-1a). */
    public static long next(long hash, char c) {
        return (hash ^ c) * PRIME;
    }

    /** A running hash mixed so that every bit of it depends on every bit of the input. */
    public static long finish(long hash) {
        long h = hash;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
