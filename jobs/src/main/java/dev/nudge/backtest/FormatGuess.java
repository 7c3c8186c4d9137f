package dev.nudge.backtest;

import dev.nudge.connect.LineReader;
import dev.nudge.event.InvalidEventException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The {@link HistoryFormat} a history file seems to be in, judged by its first non-blank line: so
 * that a CSV given without {@code --format} is read as what it is instead of becoming a dead letter
 * per row, and so that a run whose every row was refused can name the format that would have read
 * it.
 *
 * @param format the format that reads such a file
 * @param looksLike what the file looks like, in words, e.g. "Instacart's orders.csv"
 */
public record FormatGuess(HistoryFormat format, String looksLike) {
    /** The longest first line looked at: a header or a row is far shorter. */
    private static final int MAX_LINE_BYTES = 1 << 16;

    private static final Set<String> TAOBAO_BEHAVIOURS = Set.of("pv", "buy", "cart", "fav");
    private static final int TAOBAO_COLUMNS = 5;
    private static final int TAOBAO_BEHAVIOUR = 3;

    /** The format of the file's first non-blank line, or {@code null} when none fits it. */
    public static FormatGuess of(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            LineReader lines = new LineReader(in, MAX_LINE_BYTES);
            while (lines.next()) {
                if (lines.length() > 0) {
                    return lines.isOversized()
                            ? null
                            : ofLine(new String(lines.bytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return null;
    }

    /**
     * JSON lines when the line starts with {@code {}; Instacart or REES46 when it is a header that
     * names every column the format reads; Taobao when it is a row of five cells with a behaviour
     * ({@code pv}, {@code buy}, {@code cart}, {@code fav}) fourth; else {@code null}.
     */
    static FormatGuess ofLine(String line) {
        String text = line.strip();
        if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        if (text.startsWith("{")) {
            return new FormatGuess(new JsonLinesHistory(), "JSON lines");
        }
        List<String> cells;
        try {
            cells = CsvLine.split(text).stream().map(String::strip).toList();
        } catch (InvalidEventException notCsv) {
            return null;
        }
        if (cells.containsAll(InstacartHistory.COLUMNS)) {
            return new FormatGuess(new InstacartHistory(), "Instacart's orders.csv");
        }
        if (cells.containsAll(Rees46History.COLUMNS)) {
            return new FormatGuess(new Rees46History(), "the REES46 e-commerce behaviour CSV");
        }
        if (cells.size() == TAOBAO_COLUMNS
                && TAOBAO_BEHAVIOURS.contains(cells.get(TAOBAO_BEHAVIOUR))) {
            return new FormatGuess(new TaobaoHistory(), "the Taobao UserBehavior CSV");
        }
        return null;
    }
}
