package dev.nudge.backtest;

import dev.nudge.event.DeadLetter;
import dev.nudge.event.EventParser;
import dev.nudge.event.InvalidEventException;
import dev.nudge.event.UserEvent;
import dev.nudge.wire.Json;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
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
            ByteArrayOutputStream line = new ByteArrayOutputStream(512);
            int b;
            do {
                b = in.read();
                if (b != '\n' && b >= 0) {
                    line.write(b);
                    continue;
                }
                byte[] bytes = stripCarriageReturn(line.toByteArray());
                line.reset();
                if (bytes.length == 0) {
                    continue;
                }
                lines++;
                try {
                    UserEvent event = parser.parse(bytes);
                    events.add(new Line(event.ts(), bytes));
                } catch (InvalidEventException e) {
                    rejected++;
                    dead.write(
                            Json.deadLetter(
                                    new DeadLetter(
                                            e.reason(),
                                            e.getMessage(),
                                            input.getFileName().toString(),
                                            0,
                                            lines,
                                            null,
                                            bytes)));
                    dead.write('\n');
                }
            } while (b >= 0);
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

    private static byte[] stripCarriageReturn(byte[] bytes) {
        if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 0, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }
}
