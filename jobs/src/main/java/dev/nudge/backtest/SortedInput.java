package dev.nudge.backtest;

import dev.nudge.backtest.BacktestProgress.Phase;
import dev.nudge.connect.LineReader;
import dev.nudge.event.DeadLetter;
import dev.nudge.event.EventParser;
import dev.nudge.event.EventType;
import dev.nudge.event.InvalidEventException;
import dev.nudge.event.RejectReason;
import dev.nudge.wire.Json;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Consumer;

/**
 * Prepares a history for a backtest: reads it in its {@link HistoryFormat}, writes every rejected
 * row as a dead letter naming its original line, counts and leaves out the valid events after the
 * clock's stop ({@link BacktestInput#until()}), and sorts the others by event time with an {@link
 * ExternalSort} into a JSON-lines file for the job. The sort is stable (equal times keep the file's
 * order), so the job reads the events in order, no event is late, and the result depends neither on
 * the order of the file nor on its size.
 */
final class SortedInput {
    /**
     * What the preparation found.
     *
     * @param events the valid events the job reads
     * @param afterUntil the valid events after the clock's stop, left out
     * @param firstTime the time of the first event the job reads
     * @param lastTime the time of the last event the job reads
     * @param inputEvents the types of the events the job reads
     */
    record Result(
            Path sortedEvents,
            long rows,
            long events,
            long deadLetters,
            long afterUntil,
            long firstTime,
            long lastTime,
            int runs,
            InputEvents inputEvents) {}

    /** Rows read, and events merged, between two progress reports. */
    static final int REPORT_EVERY = 50_000;

    private static final int BUFFER_BYTES = 1 << 16;

    private static final EventType[] TYPES = EventType.values();

    /** An event on its way through the sort: its time and its {@code user-events} JSON. */
    private static final ExternalSort.Codec<TimedEvent> CODEC =
            new ExternalSort.Codec<>() {
                @Override
                public void write(DataOutput out, TimedEvent event) throws IOException {
                    out.writeLong(event.ts());
                    out.writeByte(event.type().ordinal());
                    out.writeBoolean(event.priced());
                    out.writeInt(event.json().length);
                    out.write(event.json());
                }

                @Override
                public TimedEvent read(DataInput in) throws IOException {
                    long ts = in.readLong();
                    EventType type = TYPES[in.readUnsignedByte()];
                    boolean priced = in.readBoolean();
                    byte[] json = new byte[in.readInt()];
                    in.readFully(json);
                    return new TimedEvent(ts, json, type, priced);
                }

                @Override
                public long heapBytes(TimedEvent event) {
                    return 56L + event.json().length;
                }
            };

    private final BacktestInput input;
    private final String source;
    private final int maxBytes;
    private final Consumer<BacktestProgress> progress;
    private long rows;
    private long rejected;
    private long valid;
    private long afterUntil;
    private long sorted;
    private long fileBytes;
    private CountingStream file;
    private long firstTime = Long.MIN_VALUE;
    private long lastTime = Long.MIN_VALUE;
    private final InputEvents.Tally types = new InputEvents.Tally();

    private SortedInput(BacktestInput input, int maxBytes, Consumer<BacktestProgress> progress) {
        this.input = input;
        this.source = input.file().getFileName().toString();
        this.maxBytes = maxBytes;
        this.progress = progress;
    }

    /**
     * @param workDir where the sorted events and the sort's run files are written
     * @param maxBytes rows longer than this are dead letters, as records are in the Kafka source
     * @throws HistoryFormatException when the file is not in the format of {@code input}
     */
    static Result prepare(
            BacktestInput input,
            Path workDir,
            Path deadLetters,
            int maxBytes,
            Consumer<BacktestProgress> progress)
            throws IOException, HistoryFormatException {
        return new SortedInput(input, maxBytes, progress).prepare(workDir, deadLetters);
    }

    private Result prepare(Path workDir, Path deadLetters)
            throws IOException, HistoryFormatException {
        Path sortedEvents = workDir.resolve("events-sorted.jsonl");
        try (ExternalSort<TimedEvent> sort =
                new ExternalSort<>(
                        Comparator.comparingLong(TimedEvent::ts),
                        CODEC,
                        input.sort(),
                        workDir,
                        runs -> report(Phase.MERGING, runs))) {
            read(sort, deadLetters);
            if (sort.runsWritten() == 0) {
                report(Phase.SORTING, 0);
            }
            try (OutputStream out =
                    new BufferedOutputStream(Files.newOutputStream(sortedEvents), BUFFER_BYTES)) {
                sort.finish(event -> write(event, out, sort));
            }
            return new Result(
                    sortedEvents,
                    rows,
                    sorted,
                    rejected,
                    afterUntil,
                    firstTime,
                    lastTime,
                    sort.runsWritten(),
                    types.result());
        }
    }

    private void read(ExternalSort<TimedEvent> sort, Path deadLetters)
            throws IOException, HistoryFormatException {
        EventParser validator = EventParser.forHistory(maxBytes);
        HistoryFormat format = input.format();
        HistoryFormat.Rows reader = null;
        fileBytes = Files.size(input.file());
        file = new CountingStream(Files.newInputStream(input.file()));
        try (InputStream in = new BufferedInputStream(file, BUFFER_BYTES);
                OutputStream dead =
                        new BufferedOutputStream(
                                Files.newOutputStream(deadLetters), BUFFER_BYTES)) {
            LineReader lines = new LineReader(in, maxBytes);
            report(Phase.READING, 0);
            while (lines.next()) {
                if (lines.length() == 0) {
                    continue;
                }
                byte[] bytes = lines.bytes();
                if (reader == null) {
                    reader = format.open(source, bytes, validator);
                    if (format.hasHeader()) {
                        continue;
                    }
                }
                rows++;
                try {
                    TimedEvent event = event(reader, lines, bytes);
                    if (event.ts() > input.until()) {
                        afterUntil++;
                    } else {
                        sort.add(event);
                        types.add(event);
                        valid++;
                    }
                } catch (InvalidEventException e) {
                    rejected++;
                    dead.write(
                            Json.deadLetter(
                                    new DeadLetter(
                                            e.reason(),
                                            e.getMessage(),
                                            source,
                                            0,
                                            lines.lineNumber(),
                                            null,
                                            bytes)));
                    dead.write('\n');
                }
                if (rows % REPORT_EVERY == 0) {
                    report(Phase.READING, sort.runsWritten());
                }
            }
        }
    }

    private TimedEvent event(HistoryFormat.Rows reader, LineReader lines, byte[] bytes)
            throws InvalidEventException {
        if (lines.isOversized()) {
            throw new InvalidEventException(
                    RejectReason.OVERSIZED,
                    "line is "
                            + lines.length()
                            + " bytes; the limit is "
                            + maxBytes
                            + " (value truncated)");
        }
        return reader.event(bytes, lines.lineNumber());
    }

    private void write(TimedEvent event, OutputStream out, ExternalSort<TimedEvent> sort)
            throws IOException {
        out.write(event.json());
        out.write('\n');
        if (sorted == 0) {
            firstTime = event.ts();
        }
        lastTime = event.ts();
        sorted++;
        if (sorted % REPORT_EVERY == 0) {
            int runs = sort.runsWritten();
            report(runs == 0 ? Phase.SORTING : Phase.MERGING, runs);
        }
    }

    private void report(Phase phase, int runs) {
        progress.accept(
                phase == Phase.READING
                        ? BacktestProgress.reading(
                                rows, file == null ? 0 : file.count, fileBytes, rejected, runs)
                        : BacktestProgress.events(phase, sorted, valid, rejected, runs));
    }

    /** The bytes read from the history so far, for how much of it has been read. */
    private static final class CountingStream extends java.io.FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
