package dev.nudge.config;

import java.math.BigInteger;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The order of configuration versions, so that the job applies a document published on the control
 * topic only when it is newer than the one it runs (SPEC §6). Versions are compared as operators
 * write them, by their runs of digits as numbers and everything else as text: {@code
 * "2026-11-24.10"} is newer than {@code "2026-11-24.9"}, {@code "v2"} newer than {@code "v1"}.
 */
public final class ConfigVersions {
    /** Oldest first. */
    public static final Comparator<String> ORDER = ConfigVersions::compare;

    private static final Pattern LAST_NUMBER = Pattern.compile("(\\d+)(\\D*)$");

    private ConfigVersions() {}

    /**
     * A version newer than {@code version}, written the way operators write theirs: its last number
     * plus one ({@code 2026-12-03.2} to {@code 2026-12-03.3}, {@code v9} to {@code v10}), or {@code
     * .1} appended when it has none. The demo suggests it, and the console's kill switch publishes
     * under it, so that the job takes the document as newer than the one in force.
     */
    public static String next(String version) {
        Matcher last = LAST_NUMBER.matcher(version);
        if (!last.find()) {
            return version + ".1";
        }
        return version.substring(0, last.start())
                + new BigInteger(last.group(1)).add(BigInteger.ONE)
                + last.group(2);
    }

    /**
     * Negative, zero or positive as {@code a} is older than, the same as or newer than {@code b}.
     */
    public static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char x = a.charAt(i);
            char y = b.charAt(j);
            if (isDigit(x) && isDigit(y)) {
                int endA = digitsEnd(a, i);
                int endB = digitsEnd(b, j);
                int byNumber = compareNumbers(a.substring(i, endA), b.substring(j, endB));
                if (byNumber != 0) {
                    return byNumber;
                }
                i = endA;
                j = endB;
            } else {
                if (x != y) {
                    return Character.compare(x, y);
                }
                i++;
                j++;
            }
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** Whether {@code candidate} is newer than {@code current}. */
    public static boolean isNewer(String candidate, String current) {
        return compare(candidate, current) > 0;
    }

    private static int compareNumbers(String a, String b) {
        String x = stripLeadingZeros(a);
        String y = stripLeadingZeros(b);
        if (x.length() != y.length()) {
            return Integer.compare(x.length(), y.length());
        }
        return x.compareTo(y);
    }

    private static String stripLeadingZeros(String digits) {
        int start = 0;
        while (start < digits.length() - 1 && digits.charAt(start) == '0') {
            start++;
        }
        return digits.substring(start);
    }

    private static int digitsEnd(String text, int from) {
        int end = from;
        while (end < text.length() && isDigit(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
