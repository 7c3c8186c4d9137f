package dev.nudge.backtest;

import dev.nudge.connect.LineReader;
import dev.nudge.event.DeadLetter;
import dev.nudge.event.EventParser;
import dev.nudge.event.InvalidEventException;
import dev.nudge.event.RejectReason;
import dev.nudge.wire.Json;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Prepares a JSON-lines history for a backtest: valid events sorted by event time (stable, so equal
 * times keep the file's order), rejected lines written as dead letters naming their original line.
 * The job then reads the events in order, so no event is late and the result does not depend on the
 * order of the file.
 */
final class SortedInput {
    /** What the preparation found. */
    record Result(long lines, long events, long deadLetters, long firstTime, long lastTime) {}

    private record Line(long ts, byte[] bytes) {}

    private SortedInput() {}

    static Result prepare(Path input, Path sortedEvents, Path deadLetters, int maxBytes)
            throws IOException {
        EventParser parser = EventParser.forHistory(maxBytes);
        List<Line> events = new ArrayList<>();
        long lines = 0;
        long rejected = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(input), 1 << 16);
                OutputStream dead =
                        new BufferedOutputStream(Files.newOutputStream(deadLetters), 1 << 16)) {
            LineReader reader = new LineReader(in, maxBytes);
            while (reader.next()) {
                if (reader.length() == 0) {
                    continue;
                }
                lines++;
                byte[] bytes = reader.bytes();
                try {
                    if (reader.isOversized()) {
                        throw new InvalidEventException(
                                RejectReason.OVERSIZED,
                                "line is "
                                        + reader.length()
                                        + " bytes; the limit is "
                                        + maxBytes
                                        + " (value truncated)");
                    }
                    events.add(new Line(parser.parse(bytes).ts(), bytes));
                } catch (InvalidEventException e) {
                    rejected++;
                    dead.write(
                            Json.deadLetter(
                                    new DeadLetter(
                                            e.reason(),
                                            e.getMessage(),
                                            input.getFileName().toString(),
                                            0,
                                            reader.lineNumber(),
                                            null,
                                            bytes)));
                    dead.write('\n');
                }
            }
        }
        events.sort(Comparator.comparingLong(Line::ts));
        try (OutputStream out =
                new BufferedOutputStream(Files.newOutputStream(sortedEvents), 1 << 16)) {
            for (Line event : events) {
                out.write(event.bytes());
                out.write('\n');
            }
        }
        long first = events.isEmpty() ? Long.MIN_VALUE : events.get(0).ts();
        long last = events.isEmpty() ? Long.MIN_VALUE : events.get(events.size() - 1).ts();
        return new Result(lines, events.size(), rejected, first, last);
    }
}
