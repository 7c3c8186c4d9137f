package dev.nudge.config;

/**
 * One difference between two pattern configurations, and whether the running job can take it from
 * the control topic or only from a restart with a savepoint (SPEC §6). An operator reads it before
 * publishing; the job reads {@link #live} to decide whether a published document can be applied.
 *
 * @param path where the difference is, as in the document: {@code policy.quietHours.start}, {@code
 *     patterns[cart-abandonment].action.priority}, {@code flows[cart-rescue].steps[email]}, or
 *     {@code patterns[id]} and {@code flows[id]} for a pattern or a flow added or removed
 * @param before the value before, as an operator would write it; {@link #NONE} for a pattern that
 *     was not there
 * @param after the value after; {@link #NONE} for a pattern removed, its type for one added
 * @param live whether publishing the new document applies it without a restart
 */
public record ConfigChange(String path, String before, String after, boolean live) {

    /** The value of something that is not there: a pattern added or removed, an unset field. */
    public static final String NONE = "(none)";

    /** The change in one line, e.g. {@code policy.holdoutPercent: 5 -> 10 (live)}. */
    @Override
    public String toString() {
        return path + ": " + before + " -> " + after + (live ? " (live)" : " (needs a restart)");
    }
}
