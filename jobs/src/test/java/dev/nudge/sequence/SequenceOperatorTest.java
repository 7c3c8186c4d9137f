package dev.nudge.sequence;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.event.UserEvent;
import dev.nudge.pattern.Match;
import dev.nudge.testing.Shopper;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link SequenceOperator}: the shipped {@code search-without-result} pattern (two
 * searches, then no cart within 30 minutes) on Flink CEP, with a user who floods it.
 */
class SequenceOperatorTest {
    private static final long WITHIN = 30 * ONE_MINUTE;

    private final Shopper alice = Shopper.named("alice");
    private final Shopper mallory = Shopper.named("mallory");

    @Test
    void aShopperWhoSearchesTwiceAndAddsNothingIsMatchedOnceAtTheLimit() throws Exception {
        try (var harness = harness(SequenceLimits.DEFAULTS)) {
            harness.send(alice.searches().at(BEGINNING), alice.searches().at(BEGINNING + 1000));
            harness.processWatermark(BEGINNING + WITHIN + ONE_MINUTE);

            assertThat(harness.matches())
                    .singleElement()
                    .satisfies(
                            m -> {
                                assertThat(m.userId()).isEqualTo("alice");
                                assertThat(m.triggeredAt()).isEqualTo(BEGINNING + WITHIN);
                            });
            assertThat(harness.refused()).isEmpty();
        }
    }

    @Test
    void aUserFloodingThePatternIsHeldToItsBudgetAndOthersAreMatchedAsUsual() throws Exception {
        SequenceLimits limits = SequenceLimits.DEFAULTS;
        try (var harness = harness(limits)) {
            // 10,000 searches within 0.15 s, as a runaway client sends them.
            List<UserEvent> flood = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                flood.add(mallory.searches().at(BEGINNING + i * 15L / 1000, "flood-" + i));
            }
            harness.send(flood.toArray(UserEvent[]::new));
            harness.send(alice.searches().at(BEGINNING), alice.searches().at(BEGINNING + 1000));
            harness.processWatermark(BEGINNING + 1000);

            assertThat(harness.refused())
                    .as("every event over the burst is refused, none silently")
                    .hasSize(10_000 - limits.maxBurst())
                    .allMatch(e -> e.userId().equals("mallory"));
            assertThat(harness.partialMatches("mallory"))
                    .isLessThanOrEqualTo(limits.maxPartialMatches());

            harness.processWatermark(BEGINNING + WITHIN + ONE_MINUTE);
            assertThat(harness.matches())
                    .extracting(Match::userId)
                    .contains("alice", "mallory")
                    .filteredOn("alice"::equals)
                    .hasSize(1);
        }
    }

    @Test
    void aQuietMinuteRefillsTheBudget() throws Exception {
        SequenceLimits limits = new SequenceLimits(3, 60, 100);
        try (var harness = harness(limits)) {
            harness.send(
                    alice.searches().at(BEGINNING, "s1"),
                    alice.searches().at(BEGINNING + 1, "s2"),
                    alice.searches().at(BEGINNING + 2, "s3"),
                    alice.searches().at(BEGINNING + 3, "s4"),
                    alice.searches().at(BEGINNING + 3 + 1000, "s5"));

            assertThat(harness.refused()).extracting(UserEvent::eventId).containsExactly("s4");
        }
    }

    private static SequenceHarness harness(SequenceLimits limits) throws Exception {
        PatternSpec spec =
                PatternsConfigReader.read(Path.of("../config/patterns.yaml"))
                        .pattern("search-without-result");
        return SequenceHarness.open(spec, ZoneId.of("UTC"), limits);
    }
}
