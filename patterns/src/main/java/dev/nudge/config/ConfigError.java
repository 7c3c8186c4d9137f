package dev.nudge.config;

/**
 * One problem in a configuration document: where it is, what was found, and what is expected
 * instead, so that an operator can fix it without reading code.
 *
 * @param path the field path, e.g. {@code patterns[1].params.window}
 * @param found the offending value as written, or {@code null} when the field is missing
 * @param expected what would be accepted, and how to fix it
 */
public record ConfigError(String path, String found, String expected) {

    @Override
    public String toString() {
        String what = found == null ? "missing" : found;
        return path + ": " + what + " -- expected " + expected;
    }
}
