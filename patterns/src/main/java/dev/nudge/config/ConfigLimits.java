package dev.nudge.config;

/**
 * Every bound a {@code patterns.yaml} document must keep (README, Patterns, "Limits"), in one
 * place. A document comes from operators but also from whoever can publish on {@code
 * marketing-control}: these bounds keep what it can make the job hold, compute and echo into its
 * outputs small, whatever is written in it.
 */
public final class ConfigLimits {
    /**
     * Characters of a document's text shown in an error message (the value found, a key), before it
     * is cut with "…" and its full length.
     */
    public static final int MAX_SHOWN_CHARACTERS = 80;

    /**
     * Errors listed by {@code validate}, {@code diff} and {@code publish} before "... and N more".
     */
    public static final int MAX_LISTED_ERRORS = 100;

    private ConfigLimits() {}
}
