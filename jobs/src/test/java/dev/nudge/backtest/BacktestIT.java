package dev.nudge.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternType;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.event.EventParser;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.journey.JourneyReplay;
import dev.nudge.journey.JourneySettings;
import dev.nudge.pattern.Match;
import dev.nudge.policy.Action;
import dev.nudge.policy.Decision;
import dev.nudge.testing.Cli;
import dev.nudge.testing.Shopper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code backtest} command end to end on a local Flink: the production topology over a
 * generated history gives exactly what the domain logic alone decides, each user's final profile
 * included, in any input order and at any parallelism, and stops its clock at the last event or at
 * {@code --until}; so does the same history written as a Taobao UserBehavior file and as a REES46
 * file.
 */
class BacktestIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PATTERNS = Path.of("../config/patterns.yaml");

    /** The event types each CSV format has, with their name there. */
    private static final Map<EventType, String> TAOBAO =
            Map.of(
                    EventType.VIEW, "pv",
                    EventType.ADD_TO_CART, "cart",
                    EventType.FAVORITE, "fav",
                    EventType.PURCHASE, "buy");

    private static final Map<EventType, String> REES46 =
            Map.of(
                    EventType.VIEW, "view",
                    EventType.ADD_TO_CART, "cart",
                    EventType.REMOVE_FROM_CART, "remove_from_cart",
                    EventType.PURCHASE, "purchase");

    private static final DateTimeFormatter REES46_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

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
                .contains("Results in " + out)
                .contains(out.resolve(Backtest.REPORT).toString());
        List<JsonNode> actions = lines(out.resolve(Backtest.ACTIONS));
        List<JsonNode> decisions = lines(out.resolve(Backtest.DECISIONS));
        List<JsonNode> deadLetters = lines(out.resolve(Backtest.DEAD_LETTERS));
        List<JsonNode> open = lines(out.resolve(Backtest.OPEN_EPISODES));

        // The plain-Java journey, given the matches Flink CEP found for the SEQUENCE patterns,
        // decides everything the job decided: the frequency caps count every pattern's actions.
        JourneyReplay expected =
                domainLogic(validEvents(), sequenceMatches(decisions, open), lastEventMillis());
        assertThat(actions)
                .extracting(a -> a.get("actionId").asText())
                .containsExactlyInAnyOrderElementsOf(
                        expected.actions.stream().map(Action::actionId).toList());
        assertThat(outcomes(decisions))
                .containsExactlyInAnyOrderElementsOf(outcomesOf(expected.decisions));
        assertThat(outcomes(decisions))
                .as("the shipped arbitration, caps, quiet hours and holdout are at work")
                .anyMatch(o -> o.contains("LOWER_PRIORITY"))
                .anyMatch(o -> o.contains("FREQUENCY_CAP"))
                .anyMatch(o -> o.contains("HOLDOUT"));
        assertThat(actions)
                .as("some actions were held for the end of quiet hours")
                .anyMatch(a -> !a.get("sendAt").equals(a.get("triggeredAt")));
        List<JsonNode> conversions = lines(out.resolve(Backtest.CONVERSIONS));
        assertThat(conversions)
                .extracting(c -> c.get("decisionId").asText() + " " + c.get("arm").asText())
                .as("purchases attributed as the domain logic attributes them, in both arms")
                .containsExactlyInAnyOrderElementsOf(
                        expected.conversions.stream()
                                .map(c -> c.decisionId() + " " + c.arm())
                                .toList())
                .anyMatch(c -> c.endsWith("TREATMENT"))
                .anyMatch(c -> c.endsWith("HOLDOUT"));
        assertThat(decisions)
                .extracting(d -> d.get("patternType").asText())
                .as("every pattern type of the shipped configuration matched, SEQUENCE too")
                .containsAll(
                        java.util.Arrays.stream(dev.nudge.config.PatternType.values())
                                .map(Enum::name)
                                .toList());
        assertThat(open).hasSize(expected.openEpisodes.size()).isNotEmpty();
        assertThat(Files.readAllLines(out.resolve(Backtest.PROFILES), StandardCharsets.UTF_8))
                .as("each user's profile at the last event, the bytes the domain logic writes")
                .containsExactlyElementsOf(profiles(expected))
                .isNotEmpty();
        assertThat(deadLetters)
                .isNotEmpty()
                .allSatisfy(
                        d -> {
                            assertThat(d.get("source").asText()).isEqualTo("history.jsonl");
                            assertThat(d.get("offset").asLong())
                                    .as("the original line")
                                    .isPositive();
                        });
        String lastEvent = dev.nudge.wire.Json.time(lastEventMillis());
        assertThat(decisions)
                .allSatisfy(
                        d ->
                                assertThat(d.get("triggeredAt").asText())
                                        .isLessThanOrEqualTo(lastEvent));
        assertThat(Files.readString(out.resolve(Backtest.SUMMARY)))
                .contains(String.format("actions: %,d", actions.size()));
        assertThat(Files.readString(out.resolve(Backtest.REPORT)))
                .contains("<td>browse-abandonment</td>");
    }

    @Test
    void untilStopsTheClockThereWithEachUsersProfileAndTheMomentsStillHeldCountedAsMatches()
            throws Exception {
        // 23:30 in Shanghai, the shoppers' time zone: quiet hours hold the evening's moments.
        String until = "2026-11-20T15:30:00Z";
        long stop = Instant.parse(until).toEpochMilli();
        Path out = dir.resolve("until");

        Cli cli = backtest(history, out, "2", "--until", until);

        assertThat(cli.exitCode).as(cli.err).isZero();
        List<UserEvent> upToStop = validEvents().stream().filter(e -> e.ts() <= stop).toList();
        long ignored = validEvents().size() - upToStop.size();
        assertThat(ignored).as("the history goes on after the stop").isPositive();
        assertThat(cli.out)
                .contains(
                        String.format(
                                "The clock stopped at 2026-11-20T15:30:00.000Z (--until); %,d"
                                        + " events after --until ignored.",
                                ignored));
        List<JsonNode> decisions = lines(out.resolve(Backtest.DECISIONS));
        List<JsonNode> open = lines(out.resolve(Backtest.OPEN_EPISODES));
        JourneyReplay expected = domainLogic(upToStop, sequenceMatches(decisions, open), stop);
        assertThat(outcomes(decisions))
                .as("what the domain logic decides with its clock stopped there")
                .containsExactlyInAnyOrderElementsOf(outcomesOf(expected.decisions))
                .isNotEmpty();
        assertThat(decisions)
                .allSatisfy(d -> assertThat(instant(d, "triggeredAt")).isLessThanOrEqualTo(stop));
        assertThat(lines(out.resolve(Backtest.ACTIONS)))
                .allSatisfy(a -> assertThat(instant(a, "sendAt")).isLessThanOrEqualTo(stop));

        List<JsonNode> profiles = lines(out.resolve(Backtest.PROFILES));
        assertThat(profiles)
                .extracting(p -> p.get("userId").asText())
                .as("one line per user, in the order of users")
                .doesNotHaveDuplicates()
                .isSorted()
                .containsExactlyElementsOf(expected.finalProfiles.keySet());
        assertThat(Files.readAllLines(out.resolve(Backtest.PROFILES), StandardCharsets.UTF_8))
                .as("the user-profiles JSON the domain logic writes, byte for byte")
                .containsExactlyElementsOf(profiles(expected));
        assertThat(profiles)
                .allSatisfy(
                        p -> {
                            assertThat(p.get("at").asText()).isEqualTo("2026-11-20T15:30:00.000Z");
                            assertThat(p.fieldNames())
                                    .toIterable()
                                    .contains(
                                            "userId",
                                            "at",
                                            "stage",
                                            "segments",
                                            "rfm",
                                            "attributes",
                                            "counts",
                                            "monetary",
                                            "cycle",
                                            "preferences",
                                            "channels");
                        });

        List<JsonNode> held =
                open.stream().filter(e -> e.get("state").asText().equals("held")).toList();
        assertThat(held)
                .as("moments recognised in the evening wait for the end of quiet hours")
                .isNotEmpty()
                .hasSize(
                        (int) expected.episodesAtEnd.stream().filter(e -> e.isHeldAction()).count())
                .allSatisfy(
                        h -> {
                            assertThat(instant(h, "triggeredAt")).isLessThanOrEqualTo(stop);
                            assertThat(instant(h, "heldUntil")).isGreaterThan(stop);
                            assertThat(h.has("openSince")).isFalse();
                        });
        assertThat(open)
                .filteredOn(e -> e.get("state").asText().equals("open"))
                .allSatisfy(e -> assertThat(e.has("openSince")).isTrue());
        String summary = Files.readString(out.resolve(Backtest.SUMMARY));
        // A flow's send, decided or held, names the pattern that entered the user: not a match.
        List<JsonNode> decidedMatches = decisions.stream().filter(BacktestIT::isMatch).toList();
        List<JsonNode> heldMatches = held.stream().filter(BacktestIT::isMatch).toList();
        for (String pattern : patternsOf(held)) {
            long matches =
                    decidedMatches.stream().filter(d -> patternOf(d).equals(pattern)).count()
                            + heldMatches.stream()
                                    .filter(h -> patternOf(h).equals(pattern))
                                    .count();
            assertThat(summary)
                    .as("held moments of %s counted as its matches", pattern)
                    .contains(String.format("| %s | %,d |", pattern, matches));
        }
        assertThat(summary)
                .contains(
                        String.format(
                                "- Matches: %,d;",
                                decidedMatches.size() + (long) heldMatches.size()));
    }

    @Test
    void linesThatOnceStoppedTheBacktestBecomeDeadLettersWithTheirReason() throws Exception {
        Path input = dir.resolve("poison.jsonl");
        Path out = dir.resolve("poison");
        try (var file = Files.newOutputStream(input)) {
            file.write(
                    ("{\"eventId\":\"v\",\"userId\":\"u\",\"type\":\"VIEW\",\"itemId\":\"i\","
                                    + "\"ts\":1511577600000}\n"
                                    + "{\"eventId\":\"p\",\"userId\":\"p\",\"type\":\"VIEW\","
                                    + "\"itemId\":\"i\",\"ts\":\"+999999999-12-31T23:59:59Z\"}\n"
                                    + "{\"eventId\":\"s\",\"userId\":\"\\ud800u\",\"type\":\"ERASE\","
                                    + "\"ts\":1511577600001}\n")
                            .getBytes(StandardCharsets.UTF_8));
            file.write(
                    "{\"eventId\":\"w\",\"userId\":\"u\",\"type\":\"ERASE\",\"ts\":1511577600002}"
                            .getBytes(StandardCharsets.UTF_16LE));
            file.write('\n');
        }

        Cli cli = backtest(input, out, "1");

        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(lines(out.resolve(Backtest.DEAD_LETTERS)))
                .extracting(d -> d.get("offset").asLong(), d -> d.get("reason").asText())
                .containsExactlyInAnyOrder(
                        tuple(2L, "OUT_OF_RANGE"),
                        tuple(3L, "OUT_OF_RANGE"),
                        tuple(4L, "INVALID_UTF8"));
    }

    @Test
    void theSequenceExampleMatchesOncePerEpisodeOnFlinkCepAndGoesThroughThePolicy()
            throws Exception {
        Shopper alice = Shopper.named("alice");
        Shopper bob = Shopper.named("bob");
        Shopper carol = Shopper.named("carol");
        long t = Shopper.BEGINNING;
        long minute = Shopper.ONE_MINUTE;
        List<UserEvent> events =
                List.of(
                        alice.searches().at(t),
                        alice.searches().at(t + minute),
                        alice.searches().at(t + 2 * minute),
                        bob.searches().at(t),
                        bob.searches().at(t + minute),
                        bob.addsToCart("shoes").at(t + 5 * minute),
                        carol.searches().at(t),
                        Shopper.named("clock").views("x").at(t + 2 * Shopper.ONE_HOUR));
        Path input = dir.resolve("searches.jsonl");
        Files.write(
                input,
                events.stream()
                        .map(e -> new String(dev.nudge.wire.Json.event(e), StandardCharsets.UTF_8))
                        .toList());
        Path out = dir.resolve("searches");

        assertThat(backtest(input, out, "1").exitCode).isZero();

        assertThat(lines(out.resolve(Backtest.DECISIONS)))
                .filteredOn(d -> d.get("patternType").asText().equals("SEQUENCE"))
                .as(
                        "two searches and no add-to-cart within 30 min; the third search is the same"
                                + " episode; bob added to cart; carol searched once")
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.get("userId").asText()).isEqualTo("alice");
                            assertThat(d.get("triggeredAt").asText())
                                    .as("an absence at the end fires at first event + within")
                                    .isEqualTo(dev.nudge.wire.Json.time(t + 30 * minute));
                            assertThat(d.get("evidence"))
                                    .extracting(JsonNode::asText)
                                    .containsExactly(
                                            events.get(0).eventId(), events.get(1).eventId());
                            assertThat(d.get("outcome").asText()).isEqualTo("SENT");
                            assertThat(d.get("reason").asText())
                                    .as("never what the user typed")
                                    .startsWith("searched 2 times at")
                                    .doesNotContain("shoes");
                        });
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

        for (String file :
                List.of(
                        Backtest.ACTIONS,
                        Backtest.DECISIONS,
                        Backtest.OPEN_EPISODES,
                        Backtest.PROFILES)) {
            assertThat(dir.resolve("p2").resolve(file))
                    .as(file)
                    .hasSameBinaryContentAs(dir.resolve("p1").resolve(file));
        }
    }

    @Test
    void backtestsATaobaoUserBehaviorFileInAnyRowOrder() throws Exception {
        List<UserEvent> shopping =
                validEvents().stream().filter(e -> TAOBAO.containsKey(e.type())).toList();
        List<String> rows = new ArrayList<>();
        for (UserEvent e : shopping) {
            rows.add(
                    csv(
                            e.userId(),
                            e.itemId(),
                            e.categoryId(),
                            TAOBAO.get(e.type()),
                            Long.toString(e.ts() / 1000)));
        }
        Collections.shuffle(rows, new Random(3));
        rows.add(100, "u1,10000103,1007919,click," + shopping.get(0).ts() / 1000);
        Path file = dir.resolve("UserBehavior.csv");
        Files.write(file, rows, StandardCharsets.UTF_8);
        Path out = dir.resolve("taobao");

        Cli cli = backtest(file, out, "2", "--format", "taobao", "--chunk-events", "1000");

        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(cli.out)
                .contains("# Backtest of UserBehavior.csv")
                .contains(String.format("%,d rows (taobao)", rows.size()))
                .contains("sorted on disk, ")
                .contains("sorted runs merged");
        List<UserEvent> expected = new ArrayList<>();
        for (int line = 1; line <= rows.size(); line++) {
            List<String> cells = List.of(rows.get(line - 1).split(",", -1));
            if (!cells.get(3).equals("click")) {
                expected.add(
                        UserEvent.builder(
                                        "taobao-" + line,
                                        cells.get(0),
                                        typeOfTaobao(cells.get(3)),
                                        Long.parseLong(cells.get(4)) * 1000)
                                .item(cells.get(1), emptyToNull(cells.get(2)), null)
                                .build());
            }
        }
        assertDecidedAsTheDomainLogic(out, expected);
        assertThat(lines(out.resolve(Backtest.DEAD_LETTERS)))
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.get("reason").asText()).isEqualTo("UNKNOWN_TYPE");
                            assertThat(d.get("offset").asLong()).isEqualTo(101);
                        });
    }

    @Test
    void backtestsAnRees46FileWithBrandPriceAndSession() throws Exception {
        List<UserEvent> shopping =
                validEvents().stream().filter(e -> REES46.containsKey(e.type())).toList();
        List<String> rows = new ArrayList<>();
        rows.add(
                "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,"
                        + "user_session");
        for (UserEvent e : shopping) {
            rows.add(
                    csv(
                            REES46_TIME.format(Instant.ofEpochMilli(e.ts())),
                            REES46.get(e.type()),
                            e.itemId(),
                            e.categoryId(),
                            "",
                            e.brand(),
                            e.price() == null ? null : e.price().toString(),
                            e.userId(),
                            e.sessionId()));
        }
        Collections.shuffle(rows.subList(1, rows.size()), new Random(4));
        Path file = dir.resolve("2026-Nov.csv");
        Files.write(file, rows, StandardCharsets.UTF_8);
        Path out = dir.resolve("rees46");

        Cli cli = backtest(file, out, "2", "--format", "rees46");

        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(cli.out).contains(String.format("%,d rows (rees46)", rows.size() - 1));
        List<UserEvent> expected = new ArrayList<>();
        for (int line = 2; line <= rows.size(); line++) {
            List<String> cells = List.of(rows.get(line - 1).split(",", -1));
            expected.add(
                    UserEvent.builder(
                                    "rees46-" + line,
                                    cells.get(7),
                                    typeOfRees46(cells.get(1)),
                                    Instant.from(REES46_TIME.parse(cells.get(0))).toEpochMilli())
                            .item(
                                    cells.get(2),
                                    emptyToNull(cells.get(3)),
                                    emptyToNull(cells.get(5)))
                            .price(cells.get(6).isEmpty() ? null : Double.valueOf(cells.get(6)))
                            .sessionId(emptyToNull(cells.get(8)))
                            .build());
        }
        assertThat(expected).extracting(UserEvent::brand).doesNotContainNull();
        assertThat(expected).extracting(UserEvent::sessionId).doesNotContainNull();
        assertDecidedAsTheDomainLogic(out, expected);
        assertThat(lines(out.resolve(Backtest.DEAD_LETTERS))).isEmpty();
    }

    /** The backtest's actions and decisions are those of the domain logic, and there are some. */
    private static void assertDecidedAsTheDomainLogic(Path out, List<UserEvent> events)
            throws Exception {
        List<UserEvent> inOrder = new ArrayList<>(events);
        inOrder.sort(java.util.Comparator.comparingLong(UserEvent::ts));
        JourneyReplay expected =
                domainLogic(inOrder, List.of(), inOrder.get(inOrder.size() - 1).ts());
        List<JsonNode> actions = lines(out.resolve(Backtest.ACTIONS));
        assertThat(actions)
                .extracting(a -> a.get("actionId").asText())
                .containsExactlyInAnyOrderElementsOf(
                        expected.actions.stream().map(Action::actionId).toList());
        assertThat(outcomes(lines(out.resolve(Backtest.DECISIONS))))
                .containsExactlyInAnyOrderElementsOf(outcomesOf(expected.decisions))
                .isNotEmpty();
        assertThat(lines(out.resolve(Backtest.OPEN_EPISODES)))
                .hasSize(expected.openEpisodes.size());
    }

    private static Cli backtest(Path input, Path out, String parallelism, String... options) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "backtest",
                                "--input",
                                input.toString(),
                                "--patterns",
                                PATTERNS.toString(),
                                "--out",
                                out.toString(),
                                "--parallelism",
                                parallelism));
        args.addAll(List.of(options));
        return Cli.run(args.toArray(String[]::new));
    }

    private static String csv(String... cells) {
        List<String> quoted = new ArrayList<>();
        for (String cell : cells) {
            String text = cell == null ? "" : cell;
            assertThat(text).as("a cell the test writes without quotes").doesNotContain(",", "\"");
            quoted.add(text);
        }
        return String.join(",", quoted);
    }

    private static String emptyToNull(String cell) {
        return cell.isEmpty() ? null : cell;
    }

    private static EventType typeOfTaobao(String behaviour) {
        return TAOBAO.entrySet().stream()
                .filter(t -> t.getValue().equals(behaviour))
                .findFirst()
                .orElseThrow()
                .getKey();
    }

    private static EventType typeOfRees46(String eventType) {
        return REES46.entrySet().stream()
                .filter(t -> t.getValue().equals(eventType))
                .findFirst()
                .orElseThrow()
                .getKey();
    }

    /** Each decision as "decisionId outcome suppressedBy". */
    private static List<String> outcomes(List<JsonNode> decisions) {
        return decisions.stream()
                .map(
                        d ->
                                d.get("decisionId").asText()
                                        + " "
                                        + d.get("outcome").asText()
                                        + " "
                                        + d.path("suppressedBy").asText("-"))
                .toList();
    }

    private static List<String> outcomesOf(List<Decision> decisions) {
        return decisions.stream()
                .map(
                        d ->
                                d.decisionId()
                                        + " "
                                        + d.outcome()
                                        + " "
                                        + (d.suppressedBy() == null ? "-" : d.suppressedBy()))
                .toList();
    }

    /** The records of every pattern but the SEQUENCE ones, which the journey alone cannot run. */
    private static List<String> sequencePatterns() throws Exception {
        return PatternsConfigReader.read(PATTERNS).patterns().stream()
                .filter(p -> p.type() == PatternType.SEQUENCE)
                .map(PatternSpec::id)
                .toList();
    }

    /**
     * Events in the backtest's order through the plain-Java journey, clock stopped at {@code stop};
     * each SEQUENCE match is delivered as its CEP operator delivers it, before the watermark that
     * passes its trigger time.
     */
    private static JourneyReplay domainLogic(
            List<UserEvent> events, List<Match> sequenceMatches, long stop) throws Exception {
        long bound = 5000;
        JourneyReplay driver =
                new JourneyReplay(
                        PatternsConfigReader.read(PATTERNS),
                        JourneySettings.defaults().withClockLimit(stop),
                        bound);
        List<Match> matches = new ArrayList<>(sequenceMatches);
        matches.sort(java.util.Comparator.comparingLong(Match::triggeredAt));
        int next = 0;
        long newest = Long.MIN_VALUE;
        for (UserEvent event : events) {
            newest = Math.max(newest, event.ts());
            while (next < matches.size() && matches.get(next).triggeredAt() <= newest - bound - 1) {
                driver.sendMatch(matches.get(next++));
            }
            driver.send(event);
        }
        while (next < matches.size()) {
            driver.sendMatch(matches.get(next++));
        }
        return driver.endOfInput();
    }

    /**
     * The matches the job's CEP operators found, rebuilt from their decisions with what the policy
     * reads of them: the episode begins at the first evidence event; and from the moments still
     * held at the end, which have no decision yet but took their place in the frequency caps.
     */
    private static List<Match> sequenceMatches(List<JsonNode> decisions, List<JsonNode> open)
            throws Exception {
        java.util.Map<String, Long> times = new java.util.HashMap<>();
        for (UserEvent event : validEvents()) {
            times.put(event.eventId(), event.ts());
        }
        List<String> sequences = sequencePatterns();
        List<Match> matches = new ArrayList<>();
        for (JsonNode d : decisions) {
            if (!sequences.contains(d.get("patternId").asText())) {
                continue;
            }
            List<String> evidence = new ArrayList<>();
            d.get("evidence").forEach(id -> evidence.add(id.asText()));
            matches.add(
                    new Match(
                            d.get("patternId").asText(),
                            PatternType.SEQUENCE,
                            d.get("userId").asText(),
                            java.time.Instant.parse(d.get("triggeredAt").asText()).toEpochMilli(),
                            times.get(evidence.get(0)),
                            evidence,
                            dev.nudge.pattern.ActionParams.NONE,
                            d.get("reason").asText()));
        }
        for (JsonNode h : open) {
            if (h.get("state").asText().equals("held")
                    && sequences.contains(h.get("patternId").asText())) {
                long triggeredAt = instant(h, "triggeredAt");
                matches.add(
                        new Match(
                                h.get("patternId").asText(),
                                PatternType.SEQUENCE,
                                h.get("userId").asText(),
                                triggeredAt,
                                triggeredAt,
                                List.of(),
                                dev.nudge.pattern.ActionParams.NONE,
                                "held"));
            }
        }
        return matches;
    }

    /** Each user's final profile in the domain logic, in the order of users, as written. */
    private static List<String> profiles(JourneyReplay replay) {
        return replay.finalProfiles.values().stream()
                .map(snapshot -> new String(snapshot, StandardCharsets.UTF_8))
                .toList();
    }

    private static long instant(JsonNode node, String field) {
        return Instant.parse(node.get(field).asText()).toEpochMilli();
    }

    /** A pattern's match, decided or held: not a flow's send, which names its step. */
    private static boolean isMatch(JsonNode decisionOrHeld) {
        return !decisionOrHeld.has("step");
    }

    private static String patternOf(JsonNode node) {
        return node.get("patternId").asText();
    }

    private static java.util.Set<String> patternsOf(List<JsonNode> nodes) {
        return new java.util.TreeSet<>(nodes.stream().map(BacktestIT::patternOf).toList());
    }

    private static long lastEventMillis() throws Exception {
        List<UserEvent> events = validEvents();
        return events.get(events.size() - 1).ts();
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
