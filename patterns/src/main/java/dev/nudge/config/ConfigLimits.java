package dev.nudge.config;

import java.util.regex.Pattern;

/**
 * Every bound a {@code patterns.yaml} document must keep (README, Patterns, "Limits"), in one
 * place. A document comes from operators but also from whoever can publish on {@code
 * marketing-control}: these bounds keep what it can make the job hold, compute and echo into its
 * outputs small, whatever is written in it.
 */
public final class ConfigLimits {
    /** The largest document read, in bytes; the shipped one has about 4 KB. */
    public static final int MAX_DOCUMENT_BYTES = 256 * 1024;

    /**
     * How deep lists and mappings may nest; a valid document needs 7 (a SEQUENCE step's list of
     * types).
     */
    public static final int MAX_NESTING = 20;

    /**
     * Characters of a document's text shown in an error message (the value found, a key), before it
     * is cut with "…" and its full length.
     */
    public static final int MAX_SHOWN_CHARACTERS = 80;

    /**
     * Errors listed by {@code validate}, {@code diff} and {@code publish} before "... and N more".
     */
    public static final int MAX_LISTED_ERRORS = 100;

    /** The configuration's version: echoed in every action, decision and answer. */
    public static final TextLimit VERSION =
            new TextLimit(64, null, "a version of 1 to 64 characters, e.g. \"2026-11-24.1\"", true);

    private ConfigLimits() {}

    /**
     * How long a text may be and what it may be made of.
     *
     * @param maxLength the most characters (UTF-16 units, as {@link String#length()} counts)
     * @param characters the whole text must match it; {@code null} for any printable text
     * @param expected what an operator must write, for error messages
     * @param mentionControlCharacters whether {@code expected} should add that control characters
     *     are not allowed (for texts of any characters)
     */
    public record TextLimit(
            int maxLength, Pattern characters, String expected, boolean mentionControlCharacters) {

        /** Whether {@code text} may be written. */
        public boolean accepts(String text) {
            if (text.isEmpty() || text.length() > maxLength || !Shown.isPrintable(text)) {
                return false;
            }
            return characters == null || characters.matcher(text).matches();
        }

        /** What is expected, for a {@link ConfigError}. */
        public String describe() {
            return mentionControlCharacters ? expected + ", without control characters" : expected;
        }
    }
}
