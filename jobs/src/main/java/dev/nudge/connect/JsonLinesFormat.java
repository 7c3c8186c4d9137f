package dev.nudge.connect;

import dev.nudge.event.DeadLetter;
import dev.nudge.event.EventParser;
import dev.nudge.event.Ingested;
import dev.nudge.event.InvalidEventException;
import dev.nudge.event.RejectReason;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads a file of JSON lines (one {@code user-events} record per line) for the file source of
 * backtests. Lines are read as raw bytes, so that invalid UTF-8 is reported, not replaced; a line
 * that is not a valid event becomes a dead letter naming the file and the line number. Blank lines
 * are skipped.
 */
public final class JsonLinesFormat extends SimpleStreamFormat<Ingested> {
    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final int maxBytes;

    /**
     * @param sourceName named as the source of dead letters (usually the original input file)
     */
    public JsonLinesFormat(String sourceName, int maxBytes) {
        this.sourceName = sourceName;
        this.maxBytes = maxBytes;
    }

    @Override
    public Reader<Ingested> createReader(Configuration config, FSDataInputStream stream) {
        return new LineReader(new BufferedInputStream(stream, 1 << 16));
    }

    @Override
    public TypeInformation<Ingested> getProducedType() {
        return TypeInformation.of(Ingested.class);
    }

    private final class LineReader implements Reader<Ingested> {
        private final InputStream in;
        private final EventParser parser = EventParser.forHistory(maxBytes);
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        private long lineNumber;

        LineReader(InputStream in) {
            this.in = in;
        }

        @Override
        public Ingested read() throws IOException {
            while (true) {
                int length = nextLine();
                if (length < 0) {
                    return null;
                }
                if (length == 0) {
                    continue;
                }
                byte[] bytes = line.toByteArray();
                if (length > bytes.length) {
                    return Ingested.rejected(
                            deadLetter(
                                    RejectReason.OVERSIZED,
                                    "line is "
                                            + length
                                            + " bytes; the limit is "
                                            + maxBytes
                                            + " (value truncated)",
                                    bytes));
                }
                try {
                    return Ingested.of(parser.parse(bytes));
                } catch (InvalidEventException e) {
                    return Ingested.rejected(deadLetter(e.reason(), e.getMessage(), bytes));
                }
            }
        }

        /**
         * Reads the next line into {@code line}, keeping at most one byte beyond the limit.
         *
         * @return the full line length without the line end, or -1 at the end of the file
         */
        private int nextLine() throws IOException {
            line.reset();
            int length = 0;
            int b = in.read();
            if (b < 0) {
                return -1;
            }
            lineNumber++;
            while (b >= 0 && b != '\n') {
                if (length <= maxBytes) {
                    line.write(b);
                }
                length++;
                b = in.read();
            }
            if (length > 0 && length <= maxBytes + 1 && endsWithCarriageReturn()) {
                length--;
                byte[] trimmed = Arrays.copyOf(line.toByteArray(), line.size() - 1);
                line.reset();
                line.write(trimmed);
            }
            return length;
        }

        private boolean endsWithCarriageReturn() {
            byte[] bytes = line.toByteArray();
            return bytes.length > 0 && bytes[bytes.length - 1] == '\r';
        }

        private DeadLetter deadLetter(RejectReason reason, String detail, byte[] value) {
            return new DeadLetter(reason, detail, sourceName, 0, lineNumber, null, value);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
