package dev.nudge.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.event.EventParser;
import dev.nudge.event.EventType;
import dev.nudge.event.InvalidEventException;
import dev.nudge.event.UserEvent;
import dev.nudge.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link ShopperGenerator} and the {@code generate} command. */
class ShopperGeneratorTest {
    @TempDir Path dir;

    @Test
    void theSameSeedGivesTheSameFileAndAnotherSeedAnother() throws IOException {
        Path a = generate("a.jsonl", "--seed", "3");
        Path b = generate("b.jsonl", "--seed", "3");
        Path c = generate("c.jsonl", "--seed", "4");

        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
        assertThat(Files.readAllBytes(a)).isNotEqualTo(Files.readAllBytes(c));
    }

    @Test
    void journeysAreValidTimeOrderedAndLookLikeAShop() throws Exception {
        List<UserEvent> events = parse(generate("events.jsonl", "--users", "500", "--days", "30"));

        assertThat(events).isSortedAccordingTo((x, y) -> Long.compare(x.ts(), y.ts()));
        assertThat(events)
                .allSatisfy(e -> assertThat(e.ts()).isBetween(start(), start() + 30 * 86_400_000L));
        Map<String, Integer> purchases = new HashMap<>();
        Map<String, Integer> views = new HashMap<>();
        for (UserEvent e : events) {
            if (e.type() == EventType.PURCHASE) {
                purchases.merge(e.userId(), 1, Integer::sum);
                assertThat(e.price()).isPositive();
                assertThat(e.orderId()).isNotNull();
            }
            if (e.type() == EventType.VIEW) {
                views.merge(e.userId(), 1, Integer::sum);
            }
        }
        long browsersWhoNeverBuy =
                views.keySet().stream().filter(u -> !purchases.containsKey(u)).count();
        long repeatBuyers = purchases.values().stream().filter(n -> n >= 3).count();
        assertThat(views).hasSizeGreaterThan(400);
        assertThat(browsersWhoNeverBuy).as("shoppers who browse and never buy").isGreaterThan(100);
        assertThat(repeatBuyers).as("shoppers with a repeat cycle").isGreaterThan(30);
        assertThat(events)
                .extracting(UserEvent::type)
                .contains(
                        EventType.values()[0],
                        EventType.SEARCH,
                        EventType.ADD_TO_CART,
                        EventType.REMOVE_FROM_CART,
                        EventType.FAVORITE,
                        EventType.CONSENT);
    }

    @Test
    void theBadRateSpoilsAndDuplicatesAShareOfRecords() throws IOException {
        Path file = generate("dirty.jsonl", "--users", "200", "--bad-rate", "0.05");
        EventParser parser = EventParser.forHistory(65_536);
        int rejected = 0;
        List<String> lines = Files.readAllLines(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String line : lines) {
            try {
                parser.parse(line.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            } catch (InvalidEventException e) {
                rejected++;
            }
        }
        long redelivered = lines.size() - lines.stream().distinct().count();
        assertThat(rejected).as("spoiled records").isBetween(lines.size() / 100, lines.size() / 20);
        assertThat(redelivered)
                .as("redelivered records")
                .isBetween(lines.size() / 100L, lines.size() / 20L);
    }

    @Test
    void memoryGrowsWithShoppersNotEvents() {
        ShopperGenerator events =
                new ShopperGenerator(
                        20_000,
                        Instant.parse("2026-11-01T00:00:00Z"),
                        Duration.ofDays(60),
                        1,
                        ZoneId.of("UTC"));
        long count = 0;
        while (events.hasNext() && count < 100_000) {
            events.next();
            count++;
        }
        assertThat(count).isEqualTo(100_000);
    }

    private Path generate(String name, String... options) {
        Path file = dir.resolve(name);
        Map<String, String> chosen =
                new java.util.LinkedHashMap<>(Map.of("--users", "100", "--days", "7"));
        for (int i = 0; i < options.length; i += 2) {
            chosen.put(options[i], options[i + 1]);
        }
        List<String> args = new ArrayList<>(List.of("generate", "--out", file.toString()));
        chosen.forEach((option, value) -> args.addAll(List.of(option, value)));
        Cli cli = Cli.run(args.toArray(String[]::new));
        assertThat(cli.exitCode).as(cli.err).isZero();
        return file;
    }

    private static long start() {
        return ShopperGenerator.DEFAULT_START.toEpochMilli();
    }

    private static List<UserEvent> parse(Path file) throws Exception {
        EventParser parser = EventParser.forHistory(65_536);
        List<UserEvent> events = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            events.add(parser.parse(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return events;
    }
}
