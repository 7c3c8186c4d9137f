package dev.nudge.backtest;

import dev.nudge.event.InvalidEventException;
import dev.nudge.event.RejectReason;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the cells of one line of a CSV history: UTF-8, separated by commas, a cell in double quotes
 * may hold commas and doubled quotes (RFC 4180). One instance per file: not thread-safe.
 *
 * <p>Hand-written rather than Jackson's CSV parser, because it is faster on the backtest's way of
 * reading, a line at a time (so that a bad row is one dead letter with its line number): measured
 * on the 212,022 lines of the Taobao and REES46 samples ({@code bench/run.sh codecs}, 2026-12-03,
 * 41 rounds in turns), a {@code jackson-dataformat-csv} 2.19 parser per line splits 0.38 times as
 * many rows per CPU-second (quartiles 0.35–0.40), and even one parser over a whole file 0.64.
 * Splitting is a tenth of a row's cost (the event, its JSON and the parser's check are the rest),
 * so Jackson would make reading a history about 15 % slower. Jackson also reads two rows
 * differently: it accepts spaces between a closing quote and the comma, which is a {@code
 * MALFORMED_ROW} here, and ends the row at a carriage return inside the line.
 */
final class CsvLine {
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();

    /** The cells of the line, or a rejection when it is not UTF-8 or a quote is left open. */
    List<String> cells(byte[] line) throws InvalidEventException {
        return split(text(line));
    }

    /**
     * Where each column is in a file, from its header (a byte order mark before it is skipped):
     * every name's first position. A header that cannot be read, that names one of {@code required}
     * twice or lacks one of them stops the run with a message naming the file, what was found and
     * {@code advice}.
     *
     * @param advice how to fix a missing column, e.g. "--format rees46 needs a header line …"
     */
    Header header(String source, byte[] line, List<String> required, String advice)
            throws HistoryFormatException {
        List<String> names;
        try {
            String text = text(line);
            names =
                    split(
                            !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK
                                    ? text.substring(1)
                                    : text);
        } catch (InvalidEventException e) {
            throw new HistoryFormatException(
                    source + ": the header (the first line) cannot be read: " + e.getMessage());
        }
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim();
            if (positions.putIfAbsent(name, i) != null && required.contains(name)) {
                throw new HistoryFormatException(
                        source
                                + ": the header names the column "
                                + name
                                + " twice; name each column once.");
            }
        }
        List<String> missing = required.stream().filter(c -> !positions.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new HistoryFormatException(
                    source
                            + ": the header has no column "
                            + String.join(", ", missing)
                            + " (found: "
                            + abbreviate(String.join(",", names))
                            + "). "
                            + advice);
        }
        return new Header(positions, names.size());
    }

    /**
     * A file's header as read by {@link #header}.
     *
     * @param positions each name's first position
     * @param columns how many columns it names, which every row must have
     */
    record Header(Map<String, Integer> positions, int columns) {}

    String text(byte[] line) throws InvalidEventException {
        try {
            return utf8.decode(ByteBuffer.wrap(line)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidEventException(RejectReason.INVALID_UTF8, "the row is not UTF-8");
        }
    }

    static List<String> split(String text) throws InvalidEventException {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int i = 0;
        while (true) {
            if (i < text.length() && text.charAt(i) == '"') {
                i = quoted(text, i + 1, cell);
                if (i < text.length() && text.charAt(i) != ',') {
                    throw malformed("text after the closing quote of column " + (cells.size() + 1));
                }
            } else {
                int comma = text.indexOf(',', i);
                int end = comma < 0 ? text.length() : comma;
                cell.append(text, i, end);
                i = end;
            }
            cells.add(cell.toString());
            cell.setLength(0);
            if (i >= text.length()) {
                return cells;
            }
            i++; // the comma
        }
    }

    /** Appends a quoted cell's text from {@code start}; returns the index after its quote. */
    private static int quoted(String text, int start, StringBuilder cell)
            throws InvalidEventException {
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            cell.append(c);
            i++;
        }
        throw malformed("the quote at character " + start + " is not closed");
    }

    /** An empty cell is an absent value. */
    static String orNull(String cell) {
        return cell.isEmpty() ? null : cell;
    }

    /** Whether the cell is a whole number: an optional minus and digits only. */
    static boolean isWholeNumber(String cell) {
        int start = cell.startsWith("-") ? 1 : 0;
        if (cell.length() == start) {
            return false;
        }
        for (int i = start; i < cell.length(); i++) {
            char c = cell.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** A cell or line as quoted in a message: at most 60 characters. */
    static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }

    static InvalidEventException malformed(String detail) {
        return new InvalidEventException(RejectReason.MALFORMED_ROW, detail);
    }
}
