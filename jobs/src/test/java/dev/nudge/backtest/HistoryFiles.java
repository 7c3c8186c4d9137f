package dev.nudge.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.event.EventParser;
import dev.nudge.event.InvalidEventException;
import dev.nudge.event.UserEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test helper: writes a history file from inline rows, prepares it as a backtest does, and reads
 * back the sorted events and the dead letters.
 */
final class HistoryFiles {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BYTES = 65_536;

    private final Path dir;

    HistoryFiles(Path dir) {
        this.dir = dir;
    }

    /** The rows as the lines of a file, each ended by LF. */
    Path write(String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    Prepared prepare(Path file, HistoryFormat format) throws Exception {
        return prepare(file, format, SortLimits.defaults());
    }

    Prepared prepare(Path file, HistoryFormat format, SortLimits limits) throws Exception {
        return prepare(
                BacktestInput.of(file).withFormat(format).withSort(limits),
                BacktestInput.LAST_EVENT);
    }

    /** Prepares {@code input} with its clock stopping at {@code until}. */
    Prepared prepare(BacktestInput history, long until) throws Exception {
        Path work = Files.createTempDirectory(dir, "work-");
        Path dead = dir.resolve("dead-" + history.file().getFileName() + ".jsonl");
        List<BacktestProgress> reports = new ArrayList<>();
        BacktestInput input = history.withTempDir(work).withUntil(until);
        SortedInput.Result result = SortedInput.prepare(input, work, dead, MAX_BYTES, reports::add);
        return new Prepared(
                result, events(result.sortedEvents()), deadLetters(dead), reports, work);
    }

    /** What {@link SortedInput} made of a file. */
    record Prepared(
            SortedInput.Result result,
            List<UserEvent> events,
            List<JsonNode> deadLetters,
            List<BacktestProgress> reports,
            Path work) {

        UserEvent event(String eventId) {
            return events.stream()
                    .filter(e -> e.eventId().equals(eventId))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no event " + eventId + " in " + events));
        }

        JsonNode deadLetterOfLine(long line) {
            return deadLetters.stream()
                    .filter(d -> d.get("offset").asLong() == line)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no dead letter of line " + line));
        }

        /** Files in the work directory besides the sorted events: run files left behind. */
        List<Path> leftovers() {
            try (Stream<Path> files = Files.walk(work)) {
                return files.filter(Files::isRegularFile)
                        .filter(f -> !f.equals(result.sortedEvents()))
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static List<UserEvent> events(Path sorted) throws IOException {
        EventParser parser = EventParser.forHistory(MAX_BYTES);
        List<UserEvent> events = new ArrayList<>();
        for (String line : Files.readAllLines(sorted, StandardCharsets.UTF_8)) {
            try {
                events.add(parser.parse(line.getBytes(StandardCharsets.UTF_8)));
            } catch (InvalidEventException e) {
                throw new AssertionError("the job's input holds an invalid event: " + line, e);
            }
        }
        return events;
    }

    private static List<JsonNode> deadLetters(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }
}
