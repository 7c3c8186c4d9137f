package dev.nudge.job;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static dev.nudge.testing.Shopper.THIRTY_MINUTES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.event.RejectReason;
import dev.nudge.event.UserEvent;
import dev.nudge.journey.JourneySettings;
import dev.nudge.policy.Action;
import dev.nudge.policy.Decision;
import dev.nudge.testing.Shopper;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The semantics of {@code BROWSE_WITHOUT_BUY} pinned at the operator: events are delivered in the
 * order given, each followed by the watermark of a bounded-out-of-orderness source (5 s), then the
 * input ends.
 */
class BrowseWithoutBuyOperatorTest {
    private static final long BOUND = 5_000;
    private static final long WINDOW_END = BEGINNING + THIRTY_MINUTES;
    private static final String PATTERNS =
            """
            version: "pinned"
            timezone: Asia/Shanghai
            patterns:
              - id: browse
                type: BROWSE_WITHOUT_BUY
                params: {minViews: 2, window: 30m}
                action: {channels: [PUSH], template: browse_v1, cooldown: 0s}
            """;
    private static final Shopper ALICE = Shopper.named("alice");

    static Stream<Arguments> scenarios() {
        UserEvent dress = ALICE.views("dress").at(BEGINNING);
        UserEvent skirt = ALICE.views("skirt").at(BEGINNING + 2000);
        UserEvent scarf = ALICE.views("scarf").at(BEGINNING + 4000);
        return Stream.of(
                scenario(
                        "a purchase at +10 min: nothing",
                        List.of(),
                        dress,
                        skirt,
                        ALICE.buys("dress").at(BEGINNING + 10 * ONE_MINUTE)),
                scenario(
                        "no purchase: one match at first view + window",
                        List.of(WINDOW_END),
                        dress,
                        skirt),
                scenario(
                        "a purchase exactly at + window: match (end exclusive), cancelled unsent",
                        List.of(WINDOW_END),
                        dress,
                        skirt,
                        ALICE.buys("dress").at(WINDOW_END)),
                scenario(
                        "a purchase at + window - 1 ms: nothing",
                        List.of(),
                        dress,
                        skirt,
                        ALICE.buys("dress").at(WINDOW_END - 1)),
                scenario(
                        "three views in one episode: one match",
                        List.of(WINDOW_END),
                        dress,
                        skirt,
                        scarf),
                scenario(
                        "views out of order within the bound: as in order",
                        List.of(WINDOW_END),
                        scarf,
                        dress,
                        skirt),
                scenario(
                        "a view later than the bound: dropped, no match",
                        List.of(),
                        dress,
                        ALICE.searches().at(BEGINNING + ONE_MINUTE),
                        skirt),
                scenario(
                        "equal times in session order: the purchase closes both views",
                        List.of(),
                        dress,
                        ALICE.buys("skirt").at(BEGINNING + 2000),
                        skirt,
                        ALICE.views("hat").at(BEGINNING + 3000)),
                scenario(
                        "the next episode starts after the first closes",
                        List.of(WINDOW_END, WINDOW_END + THIRTY_MINUTES),
                        dress,
                        skirt,
                        ALICE.views("hat").at(WINDOW_END),
                        ALICE.views("cap").at(WINDOW_END + 1000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void matchesAtTheExpectedTimes(String name, List<Long> expected, List<UserEvent> events)
            throws Exception {
        try (var harness =
                JourneyHarness.open(PATTERNS, JourneySettings.defaults(), "heap", null)) {
            long newest = Long.MIN_VALUE;
            long watermark = Long.MIN_VALUE;
            for (UserEvent event : events) {
                harness.send(event);
                newest = Math.max(newest, event.ts());
                if (newest - BOUND - 1 > watermark) {
                    watermark = newest - BOUND - 1;
                    harness.processWatermark(watermark);
                }
            }
            harness.processWatermark(Long.MAX_VALUE);

            List<Decision> decisions = harness.extractOutputValues();
            assertThat(decisions)
                    .extracting(Decision::triggeredAt)
                    .containsExactlyElementsOf(expected);
            assertThat(values(harness.getSideOutput(Outputs.ACTIONS.tag())))
                    .extracting(Action::actionId)
                    .containsExactlyElementsOf(
                            decisions.stream()
                                    .map(Decision::actionId)
                                    .filter(java.util.Objects::nonNull)
                                    .toList());
            assertThat(values(harness.getSideOutput(Outputs.DEAD_LETTERS.tag())))
                    .as("late events")
                    .hasSize(name.contains("later than the bound") ? 1 : 0)
                    .allSatisfy(d -> assertThat(d.reason()).isEqualTo(RejectReason.LATE));
        }
    }

    private static Arguments scenario(String name, List<Long> expected, UserEvent... events) {
        return Arguments.of(name, expected, List.of(events));
    }

    private static <T> List<T> values(java.util.Collection<StreamRecord<T>> records) {
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }
}
