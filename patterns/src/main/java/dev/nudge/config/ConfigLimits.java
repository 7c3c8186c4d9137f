package dev.nudge.config;

import java.util.regex.Pattern;

/**
 * Every bound a {@code patterns.yaml} document must keep (docs/operators.md, Patterns, "Limits"),
 * in one place. A document comes from operators but also from whoever can publish on {@code
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

    /** Patterns in one document. */
    public static final int MAX_PATTERNS = 200;

    /** Offer rules in {@code offers}, and in each action's {@code offers}. */
    public static final int MAX_OFFER_RULES = 50;

    /** Entries of {@code policy.frequencyCaps}. */
    public static final int MAX_FREQUENCY_CAPS = 20;

    /** Steps of one SEQUENCE pattern. */
    public static final int MAX_STEPS = 20;

    /** Custom segment rules in {@code segments}, besides the built-in segments' thresholds. */
    public static final int MAX_SEGMENT_RULES = 100;

    /** Tags declared in {@code tags}. */
    public static final int MAX_OUTSIDE_TAGS = 50;

    /** How deep {@code all}, {@code any} and {@code not} may nest inside one segment rule. */
    public static final int MAX_RULE_DEPTH = 8;

    /**
     * Tests a segment rule may come to with the rules it names written out in its place: what one
     * evaluation of it may cost, however rules refer to each other.
     */
    public static final int MAX_RULE_TESTS = 1000;

    /** Flows in one document ({@code flows}). */
    public static final int MAX_FLOWS = 20;

    /** Steps of one flow. */
    public static final int MAX_FLOW_STEPS = 30;

    /** Variants of one action ({@code action.variants}). */
    public static final int MAX_VARIANTS = 10;

    /** Items of every other list: audience segments, stages and exclusions, a step's types. */
    public static final int MAX_LIST_ITEMS = 32;

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

    /** A pattern's id: in every action, decision, metric and operator uid. */
    public static final TextLimit PATTERN_ID =
            new TextLimit(
                    63,
                    Pattern.compile("[a-z0-9][a-z0-9-]*"),
                    "lower-case letters, digits and -, at most 63",
                    false);

    /**
     * A variant's id in an action's {@code variants}: in every action, decision, conversion and
     * metric of the pattern.
     */
    public static final TextLimit VARIANT_ID =
            new TextLimit(
                    63,
                    Pattern.compile("[a-z0-9][a-z0-9-]*"),
                    "lower-case letters, digits and -, at most 63",
                    false);

    /**
     * The name of a segment rule or of a tag set from outside ({@code segments}, {@code tags}): in
     * audiences, offer rules, goals and the conversions of a goal.
     */
    public static final TextLimit TAG_NAME =
            new TextLimit(
                    63,
                    Pattern.compile("[a-z0-9][a-z0-9-]*"),
                    "lower-case letters, digits and -, at most 63",
                    false);

    /**
     * A value of a tag set from outside ({@code tags.<name>.values}): as long as a TAG event's
     * value may be.
     */
    public static final TextLimit TAG_VALUE =
            new TextLimit(64, null, "a value of 1 to 64 characters, e.g. gold", true);

    /** An action's template: in every action, for the senders. */
    public static final TextLimit TEMPLATE =
            new TextLimit(
                    128,
                    Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:/-]*"),
                    "a template name of 1 to 128 letters, digits and _ . : / -, starting with a"
                            + " letter or digit",
                    false);

    /** An offer code: in the actions of users the rule applies to. */
    public static final TextLimit OFFER =
            new TextLimit(
                    64,
                    Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]*"),
                    "an offer code of 1 to 64 letters, digits and _ . : -, starting with a letter"
                            + " or digit, e.g. COUPON_10",
                    false);

    /**
     * Who published a document ({@code publish --changed-by}, the {@code changedBy} header on
     * {@code marketing-control}): in every answer and log line about it.
     */
    public static final TextLimit CHANGED_BY =
            new TextLimit(64, null, "a name of 1 to 64 characters, e.g. anna", true);

    /** {@code policy.holdoutSalt}: hashed with every user id. */
    public static final TextLimit HOLDOUT_SALT =
            new TextLimit(64, null, "a salt of 1 to 64 characters, e.g. \"2026-q4\"", true);

    /**
     * A SEQUENCE step's name, the name of its Flink CEP state; and a flow step's, in decisions and
     * flow events.
     */
    public static final TextLimit STEP_NAME =
            new TextLimit(
                    64,
                    Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*"),
                    "a step name of 1 to 64 letters, digits, _ and -, starting with a letter or"
                            + " digit",
                    false);

    /**
     * A SEQUENCE step's {@code category}, {@code brand}, {@code item} or {@code query}: compared
     * with the event's field (256 characters at most there, and a longer query could never match
     * the ones that matter), and told in the action's reason.
     */
    public static final TextLimit EVENT_FIELD =
            new TextLimit(256, null, "1 to 256 characters, as in events", true);

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
