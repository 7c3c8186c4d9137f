package dev.nudge.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.wire.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What a backtest found, counted from its output files: per pattern the matches, how each was
 * decided, and the episodes still open when the input ended.
 */
public record BacktestSummary(
        String input,
        String format,
        long rows,
        long events,
        long firstTime,
        long lastTime,
        Map<String, Long> deadLetters,
        Map<String, PatternCounts> patterns,
        long actions,
        Map<String, Long> actionsByChannel,
        int sortedRuns) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The counts of one pattern. */
    public record PatternCounts(
            long matches, long sent, long holdout, Map<String, Long> suppressed, long open) {

        public long suppressedTotal() {
            return suppressed.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public long deadLetterTotal() {
        return deadLetters.values().stream().mapToLong(Long::longValue).sum();
    }

    public long matches() {
        return patterns.values().stream().mapToLong(PatternCounts::matches).sum();
    }

    static BacktestSummary of(BacktestInput input, SortedInput.Result prepared, Path outDir)
            throws IOException {
        Map<String, Long> deadLetters = new TreeMap<>();
        forEachLine(
                outDir.resolve(Backtest.DEAD_LETTERS),
                dead -> deadLetters.merge(dead.get("reason").asText(), 1L, Long::sum));
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, Map<String, Long>> suppressed = new TreeMap<>();
        forEachLine(
                outDir.resolve(Backtest.DECISIONS),
                decision -> {
                    String pattern = decision.get("patternId").asText();
                    long[] c = counts.computeIfAbsent(pattern, p -> new long[4]);
                    c[0]++;
                    switch (decision.get("outcome").asText()) {
                        case "SENT" -> c[1]++;
                        case "HOLDOUT" -> c[2]++;
                        default ->
                                suppressed
                                        .computeIfAbsent(pattern, p -> new TreeMap<>())
                                        .merge(
                                                decision.get("suppressedBy").asText(),
                                                1L,
                                                Long::sum);
                    }
                });
        forEachLine(
                outDir.resolve(Backtest.OPEN_EPISODES),
                open -> {
                    String pattern = open.get("patternId").asText();
                    counts.computeIfAbsent(pattern, p -> new long[4])[3]++;
                });
        Map<String, PatternCounts> patterns = new TreeMap<>();
        counts.forEach(
                (pattern, c) ->
                        patterns.put(
                                pattern,
                                new PatternCounts(
                                        c[0],
                                        c[1],
                                        c[2],
                                        suppressed.getOrDefault(pattern, Map.of()),
                                        c[3])));
        Map<String, Long> byChannel = new TreeMap<>();
        forEachLine(
                outDir.resolve(Backtest.ACTIONS),
                action -> byChannel.merge(action.get("channel").asText(), 1L, Long::sum));
        long actions = byChannel.values().stream().mapToLong(Long::longValue).sum();
        return new BacktestSummary(
                input.file().getFileName().toString(),
                input.format().name(),
                prepared.rows(),
                prepared.events(),
                prepared.firstTime(),
                prepared.lastTime(),
                deadLetters,
                patterns,
                actions,
                byChannel,
                prepared.runs());
    }

    /** The summary as Markdown, also printed by the command line. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Backtest of ").append(input).append("\n\n");
        md.append(String.format("- Input: %,d rows (%s), %,d valid events", rows, format, events));
        if (events > 0) {
            md.append(" from ")
                    .append(Json.time(firstTime))
                    .append(" to ")
                    .append(Json.time(lastTime));
        }
        md.append(
                sortedRuns == 0
                        ? "; sorted in memory\n"
                        : "; sorted on disk, " + BacktestProgress.runs(sortedRuns) + " merged\n");
        md.append(
                String.format(
                        "- Dead letters: %,d%s%n", deadLetterTotal(), breakdown(deadLetters)));
        md.append(
                String.format(
                        "- Matches: %,d; actions: %,d%s%n",
                        matches(), actions, breakdown(actionsByChannel)));
        md.append(
                "- The clock stopped at the last event: episodes still open then are counted, not fired.\n\n");
        md.append("| pattern | matches | sent | holdout | suppressed | open at end |\n");
        md.append("|---|---:|---:|---:|---|---:|\n");
        patterns.forEach(
                (pattern, c) ->
                        md.append(
                                String.format(
                                        "| %s | %,d | %,d | %,d | %,d%s | %,d |%n",
                                        pattern,
                                        c.matches(),
                                        c.sent(),
                                        c.holdout(),
                                        c.suppressedTotal(),
                                        breakdown(c.suppressed()),
                                        c.open())));
        return md.toString();
    }

    private static String breakdown(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(" (");
        counts.forEach(
                (key, count) -> {
                    if (text.length() > 2) {
                        text.append(", ");
                    }
                    text.append(key).append(' ').append(String.format("%,d", count));
                });
        return text.append(')').toString();
    }

    /** Reads a result file line by line, so that its size does not matter. */
    private static void forEachLine(Path file, Consumer<JsonNode> action) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    action.accept(JSON.readTree(line));
                }
            }
        }
    }
}
