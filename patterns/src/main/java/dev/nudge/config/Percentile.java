package dev.nudge.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A percentile of a user's gaps between purchase occasions, written {@code p30}: the moment when 30
 * % of the user's (recency-weighted) gaps would have ended since the last occasion.
 *
 * @param value 1–99
 */
public record Percentile(int value) {
    private static final Pattern WRITTEN = Pattern.compile("p([1-9][0-9]?)");

    /** What a document may write. */
    static final String ALLOWED = "`p1`–`p99`, a percentile of the user's own gaps";

    public Percentile {
        if (value < 1 || value > 99) {
            throw new IllegalArgumentException("percentile " + value + " is not 1–99");
        }
    }

    /** The percentile {@code text} names, or {@code null} if it names none. */
    static Percentile parse(String text) {
        Matcher matcher = WRITTEN.matcher(text);
        return matcher.matches() ? new Percentile(Integer.parseInt(matcher.group(1))) : null;
    }

    @Override
    public String toString() {
        return "p" + value;
    }
}
