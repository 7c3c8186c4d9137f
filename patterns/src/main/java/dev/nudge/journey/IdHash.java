package dev.nudge.journey;

/**
 * A 64-bit hash of an id, for sets of ids kept in state: collisions are negligible at that size.
 */
final class IdHash {
    private IdHash() {}

    /** FNV-1a over the characters, finished with a strong 64-bit mix. Part of the state format. */
    static long of(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
