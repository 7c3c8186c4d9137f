package dev.nudge.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: {@code 500ms}, {@code 30s}, {@code 30m}, {@code 2h}, {@code
 * 3d}.
 */
public final class Durations {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    /** What an accepted duration looks like, for error messages. */
    public static final String EXPECTED = "a duration such as 30s, 30m, 2h or 3d";

    private Durations() {}

    /** The duration written as {@code text}, or {@code null} when it is not one. */
    public static Duration parseOrNull(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** The shortest way to write {@code duration} in the same notation. */
    public static String format(Duration duration) {
        long ms = duration.toMillis();
        if (ms != 0 && ms % 86_400_000L == 0) {
            return ms / 86_400_000L + "d";
        } else if (ms != 0 && ms % 3_600_000L == 0) {
            return ms / 3_600_000L + "h";
        } else if (ms != 0 && ms % 60_000L == 0) {
            return ms / 60_000L + "m";
        } else if (ms % 1000L == 0) {
            return ms / 1000L + "s";
        }
        return ms + "ms";
    }

    /** The duration in words for sentences read by people, e.g. "30 min", "2 h", "3 days". */
    public static String inWords(Duration duration) {
        long ms = duration.toMillis();
        if (ms != 0 && ms % 86_400_000L == 0) {
            long days = ms / 86_400_000L;
            return days == 1 ? "1 day" : days + " days";
        } else if (ms != 0 && ms % 3_600_000L == 0) {
            return ms / 3_600_000L + " h";
        } else if (ms != 0 && ms % 60_000L == 0) {
            return ms / 60_000L + " min";
        } else if (ms % 1000L == 0) {
            return ms / 1000L + " s";
        }
        return ms + " ms";
    }
}
