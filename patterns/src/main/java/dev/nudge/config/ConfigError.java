package dev.nudge.config;

/**
 * One problem in a configuration document: where it is, what was found, and what is expected
 * instead, so that an operator can fix it without reading code.
 *
 * <p>Whatever a document holds, an error stays one short line: text taken from the document (a
 * value, an unknown key in the path) is shown with control characters escaped and cut after {@link
 * ConfigLimits#MAX_SHOWN_CHARACTERS} characters, followed by "…" and its full length.
 *
 * @param path the field path, e.g. {@code patterns[1].params.window}, or where in the text, e.g.
 *     {@code line 4, column 1}; {@code (document)} for the document as a whole
 * @param found the offending value as written, or {@code null} when the field is missing
 * @param expected what would be accepted, and how to fix it
 */
public record ConfigError(String path, String found, String expected) {
    /** The path of an error about the document as a whole. */
    public static final String DOCUMENT = "(document)";

    private static final int MAX_PATH = 2 * ConfigLimits.MAX_SHOWN_CHARACTERS;
    private static final int MAX_EXPECTED = 5 * ConfigLimits.MAX_SHOWN_CHARACTERS;

    public ConfigError {
        path = Shown.abbreviated(path, MAX_PATH);
        found = Shown.abbreviated(found, ConfigLimits.MAX_SHOWN_CHARACTERS);
        expected = Shown.abbreviated(expected, MAX_EXPECTED);
    }

    /** Whether the error is about the document as a whole rather than a place in it. */
    public boolean aboutDocument() {
        return DOCUMENT.equals(path);
    }

    @Override
    public String toString() {
        String what = found == null ? "missing" : found;
        return path + ": " + what + " -- expected " + expected;
    }
}
