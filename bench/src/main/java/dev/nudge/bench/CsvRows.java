package dev.nudge.bench;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.nudge.backtest.CsvCells;
import dev.nudge.backtest.HistoryFormat;
import dev.nudge.connect.LineReader;
import dev.nudge.event.EventParser;
import dev.nudge.event.InvalidEventException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The backtest's CSV reader ({@code CsvLine}) against Jackson's CSV parser, on the sample files of
 * the real data sets: the lines of every file in memory, each split into its cells (a file's first
 * line too: the REES46 header is split like a row). Jackson runs two ways: a parser per line, as
 * the backtest reads a history (line by line, so that a bad row is one dead letter with its line
 * number), and one parser over a whole file, its best case, which the backtest cannot use.
 */
final class CsvRows {
    private static final int MAX_LINE_BYTES = 65_536;

    private final List<byte[]> lines = new ArrayList<>();
    private final List<byte[]> files = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final List<History> histories = new ArrayList<>();

    /** The non-blank lines of one file and the backtest's format for it. */
    private record History(String name, HistoryFormat format, List<byte[]> lines) {}

    CsvRows(Path data) throws IOException {
        for (String format : List.of("taobao", "rees46")) {
            String set = format.equals("taobao") ? "taobao-userbehavior" : "rees46-multicategory";
            try (Stream<Path> found = Files.list(data.resolve(set))) {
                for (Path file :
                        found.filter(f -> f.toString().endsWith(".csv")).sorted().toList()) {
                    List<byte[]> read = read(file);
                    lines.addAll(read);
                    files.add(Files.readAllBytes(file));
                    names.add(set + "/" + file.getFileName());
                    histories.add(new History(file.toString(), HistoryFormat.named(format), read));
                }
            }
        }
    }

    private static List<byte[]> read(Path file) throws IOException {
        List<byte[]> read = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            LineReader reader = new LineReader(in, MAX_LINE_BYTES);
            while (reader.next()) {
                if (reader.length() > 0) {
                    read.add(reader.bytes());
                }
            }
        }
        return read;
    }

    int rows() {
        return lines.size();
    }

    List<String> files() {
        return names;
    }

    /** Splits every line with {@code CsvLine}; returns the number of cells. */
    long csvLine() throws InvalidEventException {
        CsvCells csv = new CsvCells();
        long cells = 0;
        for (byte[] line : lines) {
            cells += csv.of(line).size();
        }
        return cells;
    }

    /**
     * Every line as the backtest reads it: the history format's rows (cells, the event, its JSON
     * and the parser's check); a file's first line opens it. Returns the number of events.
     */
    long wholeRows() throws Exception {
        EventParser validator = EventParser.forHistory(MAX_LINE_BYTES);
        long events = 0;
        for (History history : histories) {
            HistoryFormat.Rows rows =
                    history.format().open(history.name(), history.lines().get(0), validator);
            for (int i = history.format().hasHeader() ? 1 : 0; i < history.lines().size(); i++) {
                try {
                    events += rows.event(history.lines().get(i), i + 1) != null ? 1 : 0;
                } catch (InvalidEventException e) {
                    events += 2; // a header, or a dead letter
                }
            }
        }
        return events;
    }

    /** Splits every line with a Jackson parser of its own, after the same strict UTF-8 check. */
    long jacksonPerLine() throws IOException {
        JacksonLine jackson = new JacksonLine();
        long cells = 0;
        for (byte[] line : lines) {
            cells += jackson.cells(line).size();
        }
        return cells;
    }

    /** One Jackson parser over each whole file (Jackson decoding the UTF-8): cells counted. */
    long jacksonPerFile() throws IOException {
        CsvFactory factory = new CsvFactory();
        long cells = 0;
        for (byte[] file : files) {
            try (CsvParser parser = factory.createParser(file)) {
                JsonToken token;
                while ((token = parser.nextToken()) != null) {
                    if (token == JsonToken.VALUE_STRING) {
                        cells++; // the parser has made the cell's String already
                    }
                }
            }
        }
        return cells;
    }

    /** The first line on which the two readers disagree, or {@code null}. */
    String firstDifference() throws Exception {
        CsvCells csv = new CsvCells();
        JacksonLine jackson = new JacksonLine();
        for (byte[] line : lines) {
            if (!Objects.equals(csv.of(line), jackson.cells(line))) {
                return new String(line, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** A row read as the backtest would read it with Jackson: the cells of one line. */
    static final class JacksonLine {
        private final CsvFactory factory = new CsvFactory();
        private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();

        List<String> cells(byte[] line) throws IOException {
            String text;
            try {
                text = utf8.decode(ByteBuffer.wrap(line)).toString();
            } catch (CharacterCodingException e) {
                throw new IOException("the row is not UTF-8");
            }
            List<String> cells = new ArrayList<>();
            try (CsvParser parser = factory.createParser(text)) {
                JsonToken token = parser.nextToken(); // the row's START_ARRAY
                while ((token = parser.nextToken()) == JsonToken.VALUE_STRING) {
                    cells.add(parser.getText());
                }
            }
            return cells;
        }
    }
}
