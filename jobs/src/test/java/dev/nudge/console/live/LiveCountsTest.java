package dev.nudge.console.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests what the live view counts per pattern, variant and flow over the last hour and day. */
class LiveCountsTest {
    private static final long NOW = Instant.parse("2026-11-25T12:00:30Z").toEpochMilli();

    private final LiveCounts counts = new LiveCounts(NOW);

    private static long ago(Duration age) {
        return NOW - age.toMillis();
    }

    private void sent(long at, String pattern) {
        counts.decision(at, pattern, null, null, null, "SENT", null);
    }

    private LiveCounts.PatternRow hour(String pattern) {
        return counts.window(LiveCounts.HOUR, List.of(), List.of()).pattern(pattern);
    }

    private LiveCounts.PatternRow day(String pattern) {
        return counts.window(LiveCounts.MINUTES, List.of(), List.of()).pattern(pattern);
    }

    @Test
    void aDecisionOf61MinutesAgoCountsInTheDayButNotInTheHour() {
        sent(ago(Duration.ofMinutes(61)), "cart-abandonment");
        sent(ago(Duration.ofMinutes(5)), "cart-abandonment");

        assertThat(hour("cart-abandonment").sent()).isEqualTo(1);
        assertThat(day("cart-abandonment").sent()).isEqualTo(2);
    }

    @Test
    void aDecisionOlderThanADayIsNotCounted() {
        assertThat(
                        counts.decision(
                                ago(Duration.ofHours(25)),
                                "cart-abandonment",
                                null,
                                null,
                                null,
                                "SENT",
                                null))
                .isFalse();

        assertThat(day("cart-abandonment")).isNull();
    }

    @Test
    void theHourMovesOnWithTheClock() {
        sent(ago(Duration.ofMinutes(30)), "cart-abandonment");

        counts.advance(NOW + Duration.ofMinutes(31).toMillis());

        assertThat(hour("cart-abandonment").sent()).isZero();
        assertThat(day("cart-abandonment").sent()).isEqualTo(1);

        counts.advance(NOW + Duration.ofHours(24).toMillis());

        assertThat(day("cart-abandonment").sent()).isZero();
    }

    @Test
    void aDecisionStampedAheadOfTheClockCountsAsNow() {
        sent(NOW + Duration.ofMinutes(3).toMillis(), "cart-abandonment");

        assertThat(hour("cart-abandonment").sent()).isEqualTo(1);
    }

    @Test
    void everyOutcomeOfAPatternIsOneOfItsMatches() {
        long at = ago(Duration.ofMinutes(1));
        sent(at, "browse-abandonment");
        counts.decision(at, "browse-abandonment", null, null, null, "HOLDOUT", null);
        counts.decision(at, "browse-abandonment", null, null, null, "SUPPRESSED", "DISABLED");
        counts.decision(at, "browse-abandonment", null, null, null, "SUPPRESSED", "DISABLED");
        counts.decision(at, "browse-abandonment", null, null, null, "SUPPRESSED", "COOLDOWN");
        counts.decision(at, "browse-abandonment", null, "rescue", null, "ENTERED_FLOW", null);

        LiveCounts.PatternRow row = hour("browse-abandonment");

        assertThat(row.matches()).isEqualTo(6);
        assertThat(row.sent()).isEqualTo(1);
        assertThat(row.heldOut()).isEqualTo(1);
        assertThat(row.enteredFlow()).isEqualTo(1);
        assertThat(row.suppressed()).isEqualTo(3);
        assertThat(row.suppressedBy()).containsOnly(entry("COOLDOWN", 1L), entry("DISABLED", 2L));
    }

    @Test
    void conversionsCountByArmWithTheirRevenue() {
        long at = ago(Duration.ofMinutes(2));
        counts.conversion(at, "cart-abandonment", null, "TREATMENT", 129_500);
        counts.conversion(at, "cart-abandonment", null, "TREATMENT", 20_000);
        counts.conversion(at, "cart-abandonment", null, "HOLDOUT", 10_250);

        LiveCounts.PatternRow row = hour("cart-abandonment");

        assertThat(row.conversions()).containsEntry("TREATMENT", 2L).containsEntry("HOLDOUT", 1L);
        assertThat(row.revenue()).containsEntry("TREATMENT", 149.5).containsEntry("HOLDOUT", 10.25);
    }

    @Test
    void eachVariantHasItsDecisionsByOutcomeAndItsConversions() {
        long at = ago(Duration.ofMinutes(3));
        counts.decision(at, "winback", "push-first", null, null, "SENT", null);
        counts.decision(at, "winback", "push-first", null, null, "SENT", null);
        counts.decision(at, "winback", "email-first", null, null, "SUPPRESSED", "FREQUENCY_CAP");
        counts.decision(at, "winback", null, null, null, "HOLDOUT", null);
        counts.conversion(at, "winback", "push-first", "TREATMENT", 5_000);

        LiveCounts.PatternRow row = hour("winback");

        assertThat(row.matches()).isEqualTo(4);
        assertThat(row.variants())
                .extracting(
                        LiveCounts.VariantRow::variant,
                        LiveCounts.VariantRow::sent,
                        LiveCounts.VariantRow::suppressed,
                        LiveCounts.VariantRow::conversions)
                .containsExactlyInAnyOrder(
                        tuple("push-first", 2L, 0L, 1L), tuple("email-first", 0L, 1L, 0L));
    }

    @Test
    void aFlowsStepsCountInTheFlowAndNotAsThePatternsMatches() {
        long at = ago(Duration.ofMinutes(4));
        counts.decision(at, "cart-abandonment", null, "cart-rescue", null, "ENTERED_FLOW", null);
        counts.decision(at, "cart-abandonment", null, "cart-rescue", "remind", "SENT", null);
        counts.decision(at, "cart-abandonment", null, "cart-rescue", "remind", "HOLDOUT", null);
        counts.decision(
                at,
                "cart-abandonment",
                null,
                "cart-rescue",
                "discount",
                "SUPPRESSED",
                "FLOW_EXITED");

        LiveCounts.Window hour = counts.window(LiveCounts.HOUR, List.of(), List.of());

        assertThat(hour.pattern("cart-abandonment").matches()).isEqualTo(1);
        assertThat(hour.pattern("cart-abandonment").sent()).isZero();
        LiveCounts.FlowRow flow = hour.flow("cart-rescue");
        assertThat(flow.entries()).isEqualTo(1);
        assertThat(flow.steps())
                .extracting(
                        LiveCounts.StepRow::step,
                        LiveCounts.StepRow::sent,
                        LiveCounts.StepRow::heldOut,
                        LiveCounts.StepRow::suppressed)
                .containsExactly(tuple("remind", 1L, 1L, 0L), tuple("discount", 0L, 0L, 1L));
        assertThat(flow.steps().get(1).suppressedBy()).containsOnlyKeys("FLOW_EXITED");
    }

    @Test
    void configuredPatternsHaveRowsBeforeTheyDecideAndComeFirst() {
        sent(ago(Duration.ofMinutes(1)), "zz-seen");

        LiveCounts.Window hour =
                counts.window(
                        LiveCounts.HOUR, List.of("winback", "cart-abandonment"), List.of("rescue"));

        assertThat(hour.patterns())
                .extracting(LiveCounts.PatternRow::patternId)
                .containsExactly("winback", "cart-abandonment", "zz-seen");
        assertThat(hour.pattern("winback").matches()).isZero();
        assertThat(hour.flows()).extracting(LiveCounts.FlowRow::flowId).containsExactly("rescue");
    }

    @Test
    void patternsBeyondTheBoundCountTogetherAsOther() {
        long at = ago(Duration.ofMinutes(1));
        for (int i = 0; i < LiveCounts.MAX_PATTERNS + 20; i++) {
            sent(at, "pattern-" + i);
        }

        LiveCounts.Window hour = counts.window(LiveCounts.HOUR, List.of(), List.of());

        assertThat(hour.patterns()).hasSize(LiveCounts.MAX_PATTERNS + 1);
        assertThat(hour.patterns().get(hour.patterns().size() - 1).patternId())
                .isEqualTo(LiveCounts.OTHER);
        assertThat(hour.pattern(LiveCounts.OTHER).sent()).isEqualTo(20);
        assertThat(hour.patterns().stream().mapToLong(LiveCounts.PatternRow::sent).sum())
                .isEqualTo(LiveCounts.MAX_PATTERNS + 20);
    }

    @Test
    void variantsAndReasonsBeyondTheirBoundsCountAsOther() {
        long at = ago(Duration.ofMinutes(1));
        for (int i = 0; i < LiveCounts.MAX_VARIANTS + 3; i++) {
            counts.decision(at, "winback", "v" + i, null, null, "SENT", null);
        }
        for (int i = 0; i < LiveCounts.MAX_REASONS + 2; i++) {
            counts.decision(at, "winback", null, null, null, "SUPPRESSED", "REASON_" + i);
        }

        LiveCounts.PatternRow row = hour("winback");

        assertThat(row.variants()).hasSize(LiveCounts.MAX_VARIANTS + 1);
        assertThat(row.variants().get(row.variants().size() - 1).variant())
                .isEqualTo(LiveCounts.OTHER);
        assertThat(row.suppressedBy()).hasSize(LiveCounts.MAX_REASONS + 1);
        assertThat(row.suppressedBy()).containsEntry(LiveCounts.OTHER, 2L);
        assertThat(row.suppressed()).isEqualTo(LiveCounts.MAX_REASONS + 2);
    }

    @Test
    void onceEveryCounterIsUsedNewOnesCountInTheOtherRow() {
        long at = ago(Duration.ofMinutes(1));
        int patterns = LiveCounts.MAX_PATTERNS;
        // Each pattern's first SENT uses two counters (matches and sent), a reason one more each.
        for (int i = 0; i < patterns; i++) {
            sent(at, "p" + i);
            counts.decision(at, "p" + i, null, null, null, "SUPPRESSED", "COOLDOWN");
            counts.decision(at, "p" + i, null, null, null, "SUPPRESSED", "DISABLED");
            counts.decision(at, "p" + i, null, null, null, "HOLDOUT", null);
            counts.decision(at, "p" + i, null, null, null, "SUPPRESSED", "NO_CONSENT");
        }

        LiveCounts.Window hour = counts.window(LiveCounts.HOUR, List.of(), List.of());

        long matches = hour.patterns().stream().mapToLong(LiveCounts.PatternRow::matches).sum();
        assertThat(matches).isEqualTo(5L * patterns);
        assertThat(hour.pattern(LiveCounts.OTHER)).isNotNull();
    }

    @Test
    void recentDecisionsKeepTheNewestFiftyNewestFirst() {
        RecentDecisions recent = new RecentDecisions();
        for (int i = 0; i < 120; i++) {
            // Read out of order, as from several partitions.
            long at = NOW - ((i * 37L) % 120) * 1000;
            recent.add(
                    new RecentDecisions.Recent(
                            at, "u" + i, "p", null, null, "SENT", null, "PUSH", null, "r"));
        }

        List<RecentDecisions.Recent> newest = recent.newestFirst();

        assertThat(newest).hasSize(RecentDecisions.MAX);
        assertThat(newest.get(0).at()).isEqualTo(NOW);
        assertThat(newest).isSortedAccordingTo((a, b) -> Long.compare(b.at(), a.at()));
        assertThat(newest.get(RecentDecisions.MAX - 1).at()).isEqualTo(NOW - 49_000);
    }
}
