package dev.nudge.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.event.EventParser;
import dev.nudge.event.UserEvent;
import dev.nudge.journey.JourneyReplay;
import dev.nudge.journey.JourneySettings;
import dev.nudge.policy.Action;
import dev.nudge.testing.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code backtest} command end to end on a local Flink: the production topology over a
 * generated history gives exactly what the domain logic alone decides, in any input order and at
 * any parallelism, and stops its clock at the last event.
 */
class BacktestIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PATTERNS = Path.of("../config/patterns.yaml");

    @TempDir static Path dir;
    private static Path history;

    @BeforeAll
    static void generateHistory() {
        history = dir.resolve("history.jsonl");
        Cli cli =
                Cli.run(
                        "generate",
                        "--users",
                        "300",
                        "--days",
                        "45",
                        "--seed",
                        "11",
                        "--bad-rate",
                        "0.01",
                        "--out",
                        history.toString());
        assertThat(cli.exitCode).isZero();
    }

    @Test
    void decidesExactlyWhatTheDomainLogicDecidesAndStopsTheClockAtTheLastEvent() throws Exception {
        Path out = dir.resolve("run");
        Cli cli = backtest(history, out, "2");

        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(cli.out)
                .contains("# Backtest of history.jsonl")
                .contains("| browse-abandonment |")
                .contains("Results in " + out);
        List<JsonNode> actions = lines(out.resolve(Backtest.ACTIONS));
        List<JsonNode> decisions = lines(out.resolve(Backtest.DECISIONS));
        List<JsonNode> deadLetters = lines(out.resolve(Backtest.DEAD_LETTERS));
        List<JsonNode> open = lines(out.resolve(Backtest.OPEN_EPISODES));

        // The journey alone decides every pattern but the SEQUENCE ones, which run on Flink CEP.
        JourneyReplay expected = domainLogic();
        assertThat(withoutSequences(actions))
                .extracting(a -> a.get("actionId").asText())
                .containsExactlyInAnyOrderElementsOf(
                        expected.actions.stream().map(Action::actionId).toList());
        assertThat(withoutSequences(decisions)).hasSize(expected.decisions.size());
        assertThat(decisions)
                .extracting(d -> d.get("patternType").asText())
                .as("every pattern type of the shipped configuration matched, SEQUENCE too")
                .containsAll(
                        java.util.Arrays.stream(dev.nudge.pattern.PatternType.values())
                                .map(Enum::name)
                                .toList());
        assertThat(open).hasSize(expected.openEpisodes.size()).isNotEmpty();
        assertThat(deadLetters)
                .isNotEmpty()
                .allSatisfy(
                        d -> {
                            assertThat(d.get("source").asText()).isEqualTo("history.jsonl");
                            assertThat(d.get("offset").asLong())
                                    .as("the original line")
                                    .isPositive();
                        });
        String lastEvent = lastEventTime();
        assertThat(decisions)
                .allSatisfy(
                        d ->
                                assertThat(d.get("triggeredAt").asText())
                                        .isLessThanOrEqualTo(lastEvent));
        assertThat(Files.readString(out.resolve(Backtest.SUMMARY)))
                .contains(String.format("actions: %,d", actions.size()));
    }

    @Test
    void givesTheSameResultsInAnyInputOrderAndAtAnyParallelism() throws Exception {
        List<String> shuffled =
                new ArrayList<>(Files.readAllLines(history, StandardCharsets.ISO_8859_1));
        Collections.shuffle(shuffled, new Random(5));
        Path shuffledHistory = dir.resolve("shuffled.jsonl");
        Files.write(shuffledHistory, shuffled, StandardCharsets.ISO_8859_1);

        assertThat(backtest(history, dir.resolve("p1"), "1").exitCode).isZero();
        assertThat(backtest(shuffledHistory, dir.resolve("p2"), "2").exitCode).isZero();

        for (String file : List.of(Backtest.ACTIONS, Backtest.DECISIONS, Backtest.OPEN_EPISODES)) {
            assertThat(dir.resolve("p2").resolve(file))
                    .as(file)
                    .hasSameBinaryContentAs(dir.resolve("p1").resolve(file));
        }
    }

    private static Cli backtest(Path input, Path out, String parallelism) {
        return Cli.run(
                "backtest",
                "--input",
                input.toString(),
                "--patterns",
                PATTERNS.toString(),
                "--out",
                out.toString(),
                "--parallelism",
                parallelism);
    }

    /** The same history through the plain-Java journey, with the same clock limit. */
    private static List<JsonNode> withoutSequences(List<JsonNode> records) {
        return records.stream()
                .filter(r -> !r.get("patternId").asText().equals("search-without-result"))
                .toList();
    }

    private static JourneyReplay domainLogic() throws Exception {
        List<UserEvent> events = validEvents();
        long last = events.get(events.size() - 1).ts();
        JourneyReplay driver =
                new JourneyReplay(
                        PatternsConfigReader.read(PATTERNS),
                        JourneySettings.defaults().withClockLimit(last),
                        5000);
        events.forEach(driver::send);
        return driver.endOfInput();
    }

    private static String lastEventTime() throws Exception {
        List<UserEvent> events = validEvents();
        return dev.nudge.wire.Json.time(events.get(events.size() - 1).ts());
    }

    private static List<UserEvent> validEvents() throws IOException {
        EventParser parser = EventParser.forHistory(65_536);
        List<UserEvent> events = new ArrayList<>();
        for (String line : Files.readAllLines(history, StandardCharsets.ISO_8859_1)) {
            try {
                events.add(parser.parse(line.getBytes(StandardCharsets.ISO_8859_1)));
            } catch (dev.nudge.event.InvalidEventException e) {
                // a spoiled record: the backtest sends it to the dead letters
            }
        }
        events.sort(java.util.Comparator.comparingLong(UserEvent::ts));
        return events;
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }
}
