package dev.nudge.config;

import java.util.Locale;

/**
 * Text from a document as it may appear in a message: on one line, with control and invisible
 * characters escaped, and cut to a bounded length. A message about a document must stay short and
 * printable whatever the document holds, since it goes to terminals, logs and the acks topic.
 */
public final class Shown {
    private Shown() {}

    /**
     * {@code text} escaped and, when longer than {@code max} characters, cut there and followed by
     * "…" and the full length, e.g. {@code "aaaa… (400,002 characters)"}.
     */
    public static String abbreviated(String text, int max) {
        if (text == null || (text.length() <= max && isPlainAscii(text))) {
            return text;
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 32);
        int end = append(text, max, out);
        if (end < text.length()) {
            out.append("… (")
                    .append(String.format(Locale.ROOT, "%,d", text.length()))
                    .append(" characters)");
        }
        return out.toString();
    }

    /** {@code text} escaped and at most {@code max} characters long, cut with "…" if need be. */
    public static String clipped(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
        int end = append(text, max + 1, out);
        if (end == text.length() && out.length() <= max) {
            return out.toString();
        }
        out.setLength(max - 1);
        if (Character.isHighSurrogate(out.charAt(out.length() - 1))) {
            out.setLength(out.length() - 1);
        }
        return out.append('…').toString();
    }

    /** Whether {@code text} is printable ASCII only: the common case, told quickly. */
    private static boolean isPlainAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** Whether every character of {@code text} can be shown as it is. */
    static boolean isPrintable(String text) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (!isPrintable(codePoint)) {
                return false;
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }

    /**
     * Whether a code point shows as itself: not a control character, a line or paragraph separator,
     * an invisible format character (such as a bidirectional override) or half of a surrogate pair.
     */
    static boolean isPrintable(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL,
                    Character.FORMAT,
                    Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR,
                    Character.SURROGATE ->
                    false;
            default -> true;
        };
    }

    /** The code point as a message names it, e.g. {@code U+0009}. */
    static String codePoint(int codePoint) {
        return String.format(Locale.ROOT, "U+%04X", codePoint);
    }

    /**
     * Appends {@code text} escaped until {@code out} holds {@code max} characters or more.
     *
     * @return the index in {@code text} where it stopped
     */
    private static int append(String text, int max, StringBuilder out) {
        int i = 0;
        while (i < text.length() && out.length() < max) {
            int codePoint = text.codePointAt(i);
            if (isPrintable(codePoint)) {
                out.appendCodePoint(codePoint);
            } else {
                switch (codePoint) {
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default ->
                            out.append(
                                    codePoint > 0xFFFF
                                            ? String.format(Locale.ROOT, "\\U%08X", codePoint)
                                            : String.format(Locale.ROOT, "\\u%04X", codePoint));
                }
            }
            i += Character.charCount(codePoint);
        }
        return i;
    }
}
