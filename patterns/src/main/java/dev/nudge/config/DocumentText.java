package dev.nudge.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The text of a document, before it is parsed: at most {@link ConfigLimits#MAX_DOCUMENT_BYTES},
 * strict UTF-8 (never silently repaired with U+FFFD, and without U+FFFD, the mark of such a
 * repair), and text (no control characters but tab and line breaks, no lone surrogates). A byte
 * order mark at the start is dropped, as editors write one. Each failure is one error about the
 * whole document, saying where it is.
 */
final class DocumentText {
    private DocumentText() {}

    /** The text of {@code document}, or {@code null} once {@code errors} says why there is none. */
    static String decode(byte[] document, List<ConfigError> errors) {
        if (document.length > ConfigLimits.MAX_DOCUMENT_BYTES) {
            errors.add(tooLarge(document.length));
            return null;
        }
        CharsetDecoder decoder =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(document);
        CharBuffer out = CharBuffer.allocate(document.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            errors.add(notUtf8(document, in.position()));
            return null;
        }
        return checked(out.flip().toString(), errors);
    }

    /**
     * {@code text} as a document, or {@code null} once {@code errors} says why it is not one: for a
     * document that arrives as a Java string, which may be too large or hold lone surrogates.
     */
    static String check(String text, List<ConfigError> errors) {
        long bytes = utf8Length(text);
        if (bytes > ConfigLimits.MAX_DOCUMENT_BYTES) {
            errors.add(tooLarge(bytes));
            return null;
        }
        return checked(text, errors);
    }

    /** The error of a document of {@code bytes} bytes, more than a document may have. */
    static ConfigError tooLarge(long bytes) {
        return tooLarge(String.format(Locale.ROOT, "%,d bytes", bytes));
    }

    /** The error of a document whose end was not read, such as an endless stream. */
    static ConfigError tooLargeStream() {
        return tooLarge(
                String.format(Locale.ROOT, "more than %,d bytes", ConfigLimits.MAX_DOCUMENT_BYTES));
    }

    private static ConfigError tooLarge(String size) {
        return new ConfigError(
                ConfigError.DOCUMENT,
                "too large: " + size,
                String.format(
                        Locale.ROOT,
                        "at most %,d bytes (%d KiB) for a patterns document",
                        ConfigLimits.MAX_DOCUMENT_BYTES,
                        ConfigLimits.MAX_DOCUMENT_BYTES / 1024));
    }

    private static String checked(String text, List<ConfigError> errors) {
        String withoutMark = text.startsWith("\uFEFF") ? text.substring(1) : text;
        int line = 1;
        int column = 1;
        for (int i = 0; i < withoutMark.length(); ) {
            int codePoint = withoutMark.codePointAt(i);
            if (!allowed(codePoint)) {
                errors.add(notText(codePoint, line, column));
                return null;
            }
            if (codePoint == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
            i += Character.charCount(codePoint);
        }
        return withoutMark;
    }

    /**
     * What YAML allows in a document (YAML 1.2, 5.1) but the next line U+0085 and the replacement
     * character U+FFFD: tab, line feed, carriage return and printable characters.
     */
    private static boolean allowed(int codePoint) {
        return codePoint == '\t'
                || codePoint == '\n'
                || codePoint == '\r'
                || (codePoint >= 0x20 && codePoint <= 0x7E)
                || (codePoint >= 0xA0 && codePoint <= 0xD7FF)
                || (codePoint >= 0xE000 && codePoint <= 0xFFFC)
                || (codePoint >= 0x10000 && codePoint <= 0x10FFFF);
    }

    private static ConfigError notText(int codePoint, int line, int column) {
        String where = " at line " + line + ", column " + column;
        if (codePoint == 0xFFFD) {
            return new ConfigError(
                    ConfigError.DOCUMENT,
                    "the replacement character U+FFFD" + where,
                    "text without U+FFFD, which stands for bytes that were not UTF-8: publish the"
                            + " document's bytes as they are, not decoded and encoded again");
        }
        if (codePoint <= 0xFFFF && Character.isSurrogate((char) codePoint)) {
            return new ConfigError(
                    ConfigError.DOCUMENT,
                    "a lone surrogate " + Shown.codePoint(codePoint) + where,
                    "well-formed Unicode text");
        }
        return new ConfigError(
                ConfigError.DOCUMENT,
                "not text: control character " + Shown.codePoint(codePoint) + where,
                "a YAML or JSON text, with no control characters but tabs and line breaks");
    }

    private static ConfigError notUtf8(byte[] document, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset; i++) {
            if (document[i] == '\n') {
                line++;
                column = 1;
            } else if ((document[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        return new ConfigError(
                ConfigError.DOCUMENT,
                String.format(
                        Locale.ROOT,
                        "not valid UTF-8: byte 0x%02X at line %d, column %d (offset %d)",
                        document[offset] & 0xFF,
                        line,
                        column,
                        offset),
                "UTF-8 text; save the file as UTF-8");
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
