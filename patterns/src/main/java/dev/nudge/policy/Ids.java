package dev.nudge.policy;

import dev.nudge.event.IdHash;
import dev.nudge.pattern.Match;
import java.util.UUID;

/**
 * Deterministic identifiers: the same match gives the same ids in every run, replay and backtest,
 * so that downstream consumers can deduplicate. An id is a 128-bit hash of what identifies the
 * match — kind, pattern, user, trigger time, the category it is about (which tells apart the
 * per-category repurchase moments of one user due at the same instant) and first evidence event —
 * written as a UUID (version nibble 8, "custom"); two independent 64-bit hashes with strong
 * finalisers, not MD5, since every match needs two of them.
 */
public final class Ids {
    private Ids() {}

    public static String decisionId(Match match) {
        return name('d', match);
    }

    public static String actionId(Match match) {
        return name('a', match);
    }

    private static String name(char kind, Match match) {
        Hash hash = new Hash();
        hash.add(kind);
        hash.add(match.patternId());
        hash.add(match.userId());
        hash.add(match.triggeredAt());
        String category = match.params().category();
        hash.add(category == null ? "" : category);
        hash.add(match.evidence().isEmpty() ? "" : match.evidence().get(0));
        if (match.flow() != null) {
            // A flow's send: the step, visited once at a time, tells it from the entering moment.
            hash.add(match.flow().flowId());
            hash.add(match.flow().step());
        }
        long high = (hash.first() & ~0xF000L) | 0x8000L;
        long low = (hash.second() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /**
     * Whether the user is in the holdout group of {@code percent} (0–100, to hundredths) under
     * {@code salt}: a hash of both picks one of 10,000 buckets, so the same user stays in the same
     * arm for as long as the salt stays, whatever the pattern; a new salt draws a new group.
     */
    public static boolean inHoldout(String userId, String salt, double percent) {
        if (percent <= 0) {
            return false;
        }
        Hash hash = new Hash();
        hash.add('H');
        hash.add(salt);
        hash.add(userId);
        return Long.remainderUnsigned(hash.first(), 10_000) < Math.round(percent * 100);
    }

    /**
     * Two hashes of the same characters: {@link IdHash} and a second stream with another basis and
     * multiplier, finished with the same mix.
     */
    private static final class Hash {
        private long a = IdHash.START;
        private long b = 0x84222325cbf29ce4L;

        void add(char c) {
            a = IdHash.next(a, c);
            b = (b ^ c) * 0x9E3779B97F4A7C15L;
        }

        void add(String text) {
            for (int i = 0; i < text.length(); i++) {
                add(text.charAt(i));
            }
            add('\u0000');
        }

        void add(long value) {
            for (int shift = 0; shift < 64; shift += 16) {
                add((char) (value >>> shift));
            }
            add('\u0000');
        }

        long first() {
            return IdHash.finish(a);
        }

        long second() {
            return IdHash.finish(b ^ a);
        }
    }
}
