package dev.nudge.policy;

import dev.nudge.config.PatternSpec;
import dev.nudge.config.PolicySpec;
import dev.nudge.config.Variant;
import dev.nudge.event.IdHash;

/**
 * Who is in a pattern's experiment, and in which arm: a function of the user id and the
 * configuration alone, so that a user stays in the same arm in every run, after every restart and
 * in every backtest, and nothing about it is kept in state.
 *
 * <ol>
 *   <li><b>Holdout</b> first: {@link Ids#inHoldout} with the pattern's {@code holdoutPercent}, else
 *       {@code policy.holdoutPercent}, under {@code policy.holdoutSalt}. One hash of salt and user
 *       for every pattern, so a pattern that holds out more holds out the same users and more.
 *       Held-out users are in no variant.
 *   <li><b>Variant</b> by weighted rendezvous hashing: for each variant {@code v} with weight
 *       {@code w > 0}, {@code u} is a hash of (user, pattern id, salt, {@code v}'s id) mapped into
 *       (0, 1), its score is {@code -ln(u) / w}, and the lowest score wins. Each score is an
 *       exponential draw of rate {@code w}, so a variant wins for {@code w / Σw} of the users; and
 *       since a user's score for a variant depends on nothing but that variant, changing one weight
 *       moves users only into or out of that variant, adding one moves users only into it, and
 *       removing one moves only its users (to where they would have gone without it).
 * </ol>
 *
 * The variant's hash has inputs of its own (the pattern and variant ids) and is mixed by a strong
 * finaliser, so it does not depend on whether the user is held out: the variants split the users
 * who are not held out in their weights.
 */
public final class Assignment {
    private Assignment() {}

    /** Whether the user is held out of {@code pattern}: sent nothing, in no variant. */
    public static boolean inHoldout(String userId, PatternSpec pattern, PolicySpec policy) {
        double percent =
                pattern.holdoutPercent() != null
                        ? pattern.holdoutPercent()
                        : policy.holdoutPercent();
        return Ids.inHoldout(userId, policy.holdoutSalt(), percent);
    }

    /**
     * The variant of {@code pattern} the user is in, whether held out or not; {@code null} for a
     * pattern without variants.
     */
    public static Variant variant(String userId, PatternSpec pattern, String salt) {
        Variant best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (Variant variant : pattern.action().variants()) {
            if (variant.weight() <= 0) {
                continue;
            }
            double score =
                    -Math.log(uniform(userId, pattern.id(), salt, variant.id())) / variant.weight();
            if (score < bestScore) {
                best = variant;
                bestScore = score;
            }
        }
        return best;
    }

    /**
     * The variant the user is in for the policy's rules and the action: {@code null} for a pattern
     * without variants and for a user held out of it.
     */
    public static Variant assigned(String userId, PatternSpec pattern, PolicySpec policy) {
        if (pattern.action().variants().isEmpty() || inHoldout(userId, pattern, policy)) {
            return null;
        }
        return variant(userId, pattern, policy.holdoutSalt());
    }

    /**
     * A number in (0, 1) drawn by the hash of user, experiment, salt and variant: the top 53 bits
     * of the finished hash, offset by half a step so that neither 0 nor 1 occurs. The variant goes
     * in first, so that a user's draws for two variants differ from the first character on and are
     * as good as independent; users, whose ids often differ only at the end, are told apart by the
     * finishing mix, as in {@link Ids#inHoldout}.
     */
    static double uniform(String userId, String experiment, String salt, String variant) {
        long hash = IdHash.next(IdHash.START, 'V');
        hash = add(hash, variant);
        hash = add(hash, experiment);
        hash = add(hash, salt);
        hash = add(hash, userId);
        return ((IdHash.finish(hash) >>> 11) + 0.5) / (1L << 53);
    }

    /** Adds {@code text} and a separator, so that ("ab", "c") and ("a", "bc") differ. */
    private static long add(long hash, String text) {
        long h = hash;
        for (int i = 0; i < text.length(); i++) {
            h = IdHash.next(h, text.charAt(i));
        }
        return IdHash.next(h, '\u0000');
    }
}
