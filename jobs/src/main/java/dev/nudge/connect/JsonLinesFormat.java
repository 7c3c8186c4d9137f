package dev.nudge.connect;

import dev.nudge.event.DeadLetter;
import dev.nudge.event.EventParser;
import dev.nudge.event.Ingested;
import dev.nudge.event.InvalidEventException;
import dev.nudge.event.RejectReason;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
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
        return new IngestReader(new BufferedInputStream(stream, 1 << 16));
    }

    @Override
    public TypeInformation<Ingested> getProducedType() {
        return TypeInformation.of(Ingested.class);
    }

    /** Turns each line into an event or a dead letter naming the file and the line number. */
    private final class IngestReader implements Reader<Ingested> {
        private final InputStream in;
        private final LineReader lines;
        private final EventParser parser = EventParser.forHistory(maxBytes);

        IngestReader(InputStream in) {
            this.in = in;
            this.lines = new LineReader(in, maxBytes);
        }

        @Override
        public Ingested read() throws IOException {
            while (lines.next()) {
                if (lines.length() == 0) {
                    continue;
                }
                byte[] bytes = lines.bytes();
                if (lines.isOversized()) {
                    return Ingested.rejected(
                            deadLetter(
                                    RejectReason.OVERSIZED,
                                    "line is "
                                            + lines.length()
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
            return null;
        }

        private DeadLetter deadLetter(RejectReason reason, String detail, byte[] value) {
            return new DeadLetter(reason, detail, sourceName, 0, lines.lineNumber(), null, value);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
