package dev.nudge.sequence;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static dev.nudge.testing.Shopper.THIRTY_MINUTES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.SequenceParams;
import dev.nudge.event.UserEvent;
import dev.nudge.job.JourneyHarness;
import dev.nudge.journey.JourneySettings;
import dev.nudge.pattern.Match;
import dev.nudge.policy.Decision;
import dev.nudge.policy.Outcome;
import dev.nudge.policy.SuppressionReason;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import java.time.Duration;
import java.util.List;
import org.apache.flink.cep.nfa.aftermatch.SkipPastLastStrategy;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.StreamFlatMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * SEQUENCE patterns as operators write them, compiled by {@link SequenceCompiler} and run by the
 * real {@link SequenceOperator} in Flink's operator test harness: events in, watermarks moved,
 * matches and side outputs checked. Around an erasure, the matches go on into the journey operator,
 * as in the job, for what is decided of them.
 */
class CompiledSequenceOperatorTest {
    private static final String PATTERNS =
            """
            version: "sequences-1"
            timezone: UTC
            policy: {quietHours: {start: "00:00", end: "00:00"}, arbitrationWindow: 0s}
            patterns:
              - id: cart-not-bought
                type: SEQUENCE
                params:
                  within: 30m
                  steps:
                    - {name: carted, type: ADD_TO_CART}
                    - {name: bought, type: PURCHASE, after: notFollowedBy}
                action: {channels: [PUSH], template: cart_help_v1, cooldown: 0s}
              - id: searched-twice-no-cart
                type: SEQUENCE
                params:
                  within: 30m
                  steps:
                    - {name: searched, type: SEARCH, times: 2}
                    - {name: no-cart, type: ADD_TO_CART, after: notFollowedBy}
                action: {channels: [PUSH], template: search_help_v1, cooldown: 0s}
              - id: compared-then-carted
                type: SEQUENCE
                params:
                  within: 1h
                  steps:
                    - {name: compared, type: VIEW, times: 3}
                    - {name: carted, type: ADD_TO_CART}
                action: {channels: [PUSH], template: compare_v1, cooldown: 0s}
              - id: searched-then-carted
                type: SEQUENCE
                params:
                  within: 1h
                  steps:
                    - {name: searched, type: SEARCH, oneOrMore: true}
                    - {name: carted, type: ADD_TO_CART}
                action: {channels: [PUSH], template: found_v1, cooldown: 0s}
            """;
    private static final long CART_WINDOW_END = BEGINNING + THIRTY_MINUTES;

    private final Shopper alice = Shopper.named("alice");

    // notFollowedBy as the last step: an absence until the window ends (exclusive)

    @Test
    void aCartNotFollowedByPurchaseMatchesWhenTheWindowEnds() throws Exception {
        try (var harness = SequenceHarness.open(PATTERNS, "cart-not-bought")) {
            UserEvent cart = alice.addsToCart("dress").at(BEGINNING);
            harness.send(cart);

            harness.processWatermark(CART_WINDOW_END - 1);
            assertThat(harness.matches()).as("the window is still open").isEmpty();
            assertThat(harness.partialMatches("alice")).isOne();

            harness.processWatermark(CART_WINDOW_END);
            assertThat(harness.matches())
                    .singleElement()
                    .satisfies(
                            m -> {
                                assertThat(m.userId()).isEqualTo("alice");
                                assertThat(m.anchorAt()).isEqualTo(BEGINNING);
                                assertThat(m.triggeredAt()).isEqualTo(CART_WINDOW_END);
                                assertThat(m.evidence()).containsExactly(cart.eventId());
                                assertThat(m.reason())
                                        .isEqualTo(
                                                "added to cart at 02:00 on 2017-11-25, then did"
                                                        + " not buy within 30 min (UTC)");
                            });
            assertThat(harness.partialMatches("alice")).as("nothing left waiting").isZero();
        }
    }

    @Test
    void aPurchaseInTheLastMillisecondOfTheWindowMeansNoMatch() throws Exception {
        try (var harness = SequenceHarness.open(PATTERNS, "cart-not-bought")) {
            harness.send(
                    alice.addsToCart("dress").at(BEGINNING),
                    alice.buys("dress").at(CART_WINDOW_END - 1));
            harness.processWatermark(CART_WINDOW_END + ONE_HOUR);

            assertThat(harness.matches()).isEmpty();
            assertThat(harness.partialMatches("alice")).as("nothing left waiting").isZero();
        }
    }

    @Test
    void aPurchaseAtTheWindowEndComesTooLateToPreventTheMatch() throws Exception {
        try (var harness = SequenceHarness.open(PATTERNS, "cart-not-bought")) {
            harness.send(
                    alice.addsToCart("dress").at(BEGINNING),
                    alice.buys("dress").at(CART_WINDOW_END));
            harness.processWatermark(CART_WINDOW_END + ONE_HOUR);

            assertThat(harness.matches())
                    .as("the window end is exclusive")
                    .singleElement()
                    .extracting(Match::triggeredAt)
                    .isEqualTo(CART_WINDOW_END);
        }
    }

    @Test
    void aPurchaseOfAnotherUserPreventsNothing() throws Exception {
        Shopper bob = Shopper.named("bob");
        try (var harness = SequenceHarness.open(PATTERNS, "cart-not-bought")) {
            harness.send(
                    alice.addsToCart("dress").at(BEGINNING),
                    bob.buys("dress").at(BEGINNING + ONE_MINUTE));
            harness.processWatermark(CART_WINDOW_END);

            assertThat(harness.matches()).extracting(Match::userId).containsExactly("alice");
        }
    }

    // times and oneOrMore

    @Test
    void exactlyThreeViewsThenACartMatchWithAllFourAsEvidence() throws Exception {
        try (var harness = SequenceHarness.open(PATTERNS, "compared-then-carted")) {
            harness.send(
                    alice.views("a").at(BEGINNING),
                    alice.views("b").at(BEGINNING + ONE_MINUTE),
                    alice.views("c").at(BEGINNING + 2 * ONE_MINUTE),
                    alice.addsToCart("c").at(BEGINNING + 3 * ONE_MINUTE));
            harness.processWatermark(BEGINNING + 3 * ONE_MINUTE);

            assertThat(harness.matches())
                    .singleElement()
                    .satisfies(
                            m -> {
                                assertThat(m.anchorAt()).isEqualTo(BEGINNING);
                                assertThat(m.triggeredAt())
                                        .as("at the last event")
                                        .isEqualTo(BEGINNING + 3 * ONE_MINUTE);
                                assertThat(m.evidence())
                                        .containsExactly(
                                                "alice-view-0",
                                                "alice-view-60000",
                                                "alice-view-120000",
                                                "alice-add_to_cart-180000");
                                assertThat(m.params().items()).containsExactly("c", "b", "a");
                                assertThat(m.reason()).startsWith("viewed 3 times at 02:00");
                            });
        }
    }

    @Test
    void twoViewsThenACartAreOneViewShort() throws Exception {
        try (var harness = SequenceHarness.open(PATTERNS, "compared-then-carted")) {
            harness.send(
                    alice.views("a").at(BEGINNING),
                    alice.views("b").at(BEGINNING + ONE_MINUTE),
                    alice.addsToCart("b").at(BEGINNING + 2 * ONE_MINUTE));
            harness.processWatermark(BEGINNING + 2 * ONE_HOUR);

            assertThat(harness.matches()).isEmpty();
        }
    }

    @Test
    void threeViewsSpreadOverMoreThanTheLimitDoNotMatch() throws Exception {
        try (var harness = SequenceHarness.open(PATTERNS, "compared-then-carted")) {
            harness.send(
                    alice.views("a").at(BEGINNING),
                    alice.views("b").at(BEGINNING + ONE_MINUTE),
                    alice.views("c").at(BEGINNING + 2 * ONE_MINUTE),
                    alice.addsToCart("c").at(BEGINNING + ONE_HOUR));
            harness.processWatermark(BEGINNING + 2 * ONE_HOUR);

            assertThat(harness.matches()).as("the cart comes at the limit, exclusive").isEmpty();
        }
    }

    @Test
    void fiveViewsThenACartMatchOnceWithTheFirstThree() throws Exception {
        try (var harness = SequenceHarness.open(PATTERNS, "compared-then-carted")) {
            for (int i = 0; i < 5; i++) {
                harness.send(alice.views("item-" + i).at(BEGINNING + i * ONE_MINUTE));
            }
            harness.send(alice.addsToCart("item-4").at(BEGINNING + 5 * ONE_MINUTE));
            harness.processWatermark(BEGINNING + 2 * ONE_HOUR);

            assertThat(harness.matches())
                    .as("one of the ten ways to pick three views, the earliest")
                    .singleElement()
                    .extracting(Match::evidence)
                    .isEqualTo(
                            List.of(
                                    "alice-view-0",
                                    "alice-view-60000",
                                    "alice-view-120000",
                                    "alice-add_to_cart-300000"));
            assertThat(harness.partialMatches("alice")).as("the others were skipped").isZero();
        }
    }

    @Test
    void oneOrMoreSearchesThenACartMatchOnceWithEverySearch() throws Exception {
        try (var harness = SequenceHarness.open(PATTERNS, "searched-then-carted")) {
            harness.send(
                    alice.searches().at(BEGINNING),
                    alice.searches().at(BEGINNING + ONE_MINUTE),
                    alice.searches().at(BEGINNING + 2 * ONE_MINUTE),
                    alice.addsToCart("shoes").at(BEGINNING + 3 * ONE_MINUTE));
            harness.processWatermark(BEGINNING + 2 * ONE_HOUR);

            assertThat(harness.matches())
                    .singleElement()
                    .satisfies(
                            m -> {
                                assertThat(m.evidence())
                                        .containsExactly(
                                                "alice-search-0",
                                                "alice-search-60000",
                                                "alice-search-120000",
                                                "alice-add_to_cart-180000");
                                assertThat(m.reason()).startsWith("searched 3 times at 02:00");
                            });
        }
    }

    @Test
    void oneSearchIsEnoughForOneOrMoreAndNoneIsNot() throws Exception {
        try (var harness = SequenceHarness.open(PATTERNS, "searched-then-carted")) {
            Shopper bob = Shopper.named("bob");
            harness.send(
                    alice.searches().at(BEGINNING),
                    alice.addsToCart("shoes").at(BEGINNING + ONE_MINUTE),
                    bob.addsToCart("shoes").at(BEGINNING + ONE_MINUTE));
            harness.processWatermark(BEGINNING + 2 * ONE_HOUR);

            assertThat(harness.matches())
                    .singleElement()
                    .satisfies(
                            m -> {
                                assertThat(m.userId()).isEqualTo("alice");
                                assertThat(m.evidence()).hasSize(2);
                            });
        }
    }

    // one match per episode

    @Test
    void afterAMatchCepSkipsPastItsLastEvent() {
        SequenceParams params =
                (SequenceParams) Configs.parse(PATTERNS).pattern("searched-twice-no-cart").params();

        assertThat(SequenceCompiler.compile(params).getAfterMatchSkipStrategy())
                .isInstanceOf(SkipPastLastStrategy.class);
    }

    @Test
    void threeSearchesInOneWindowGiveOneMatchNotOneForEveryPair() throws Exception {
        try (var harness = SequenceHarness.open(PATTERNS, "searched-twice-no-cart")) {
            harness.send(
                    alice.searches().at(BEGINNING),
                    alice.searches().at(BEGINNING + ONE_MINUTE),
                    alice.searches().at(BEGINNING + 2 * ONE_MINUTE));
            harness.processWatermark(BEGINNING + 3 * ONE_HOUR);

            assertThat(harness.matches())
                    .as("[1st, 2nd], not also [1st, 3rd] and [2nd, 3rd]")
                    .singleElement()
                    .satisfies(
                            m -> {
                                assertThat(m.evidence())
                                        .containsExactly("alice-search-0", "alice-search-60000");
                                assertThat(m.triggeredAt()).isEqualTo(CART_WINDOW_END);
                            });
        }
    }

    @Test
    void aSecondCartWithinTheWindowJoinsTheEpisodeAndOneAtItsEndBeginsTheNext() throws Exception {
        try (var harness = SequenceHarness.open(PATTERNS, "cart-not-bought")) {
            harness.send(
                    alice.addsToCart("dress").at(BEGINNING),
                    alice.addsToCart("shoes").at(CART_WINDOW_END - 1),
                    alice.addsToCart("hat").at(CART_WINDOW_END));
            harness.processWatermark(CART_WINDOW_END + ONE_HOUR);

            assertThat(harness.matches())
                    .as("the cart of 02:00 and the one at 02:30, the end of its episode")
                    .extracting(Match::anchorAt)
                    .containsExactly(BEGINNING, CART_WINDOW_END);
        }
    }

    @Test
    void aSecondComparisonWithinTheHourIsTheSameEpisode() throws Exception {
        try (var harness = SequenceHarness.open(PATTERNS, "compared-then-carted")) {
            comparesThreeAndCarts(harness, BEGINNING);
            comparesThreeAndCarts(harness, BEGINNING + 10 * ONE_MINUTE);
            comparesThreeAndCarts(harness, BEGINNING + ONE_HOUR);
            harness.processWatermark(BEGINNING + 2 * ONE_HOUR);

            assertThat(harness.matches())
                    .extracting(Match::anchorAt)
                    .containsExactly(BEGINNING, BEGINNING + ONE_HOUR);
        }
    }

    @Test
    void anErasureEndsTheEpisodeItFollows() throws Exception {
        try (var harness = SequenceHarness.open(PATTERNS, "compared-then-carted")) {
            comparesThreeAndCarts(harness, BEGINNING);
            harness.send(alice.erases(BEGINNING + 5 * ONE_MINUTE));
            comparesThreeAndCarts(harness, BEGINNING + 10 * ONE_MINUTE);
            harness.processWatermark(BEGINNING + 2 * ONE_HOUR);

            assertThat(harness.matches())
                    .as("what the user does after the erasure is a new episode")
                    .extracting(Match::anchorAt)
                    .containsExactly(BEGINNING, BEGINNING + 10 * ONE_MINUTE);
        }
    }

    @Test
    void theEpisodeOutlivesARestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (var harness = SequenceHarness.open(PATTERNS, "compared-then-carted")) {
            comparesThreeAndCarts(harness, BEGINNING);
            harness.processWatermark(BEGINNING + 5 * ONE_MINUTE);
            assertThat(harness.matches()).hasSize(1);
            snapshot = harness.snapshot(1L, 1L);
        }
        try (var restored = SequenceHarness.restore(PATTERNS, "compared-then-carted", snapshot)) {
            comparesThreeAndCarts(restored, BEGINNING + 10 * ONE_MINUTE);
            restored.processWatermark(BEGINNING + 2 * ONE_HOUR);

            assertThat(restored.matches()).isEmpty();
        }
    }

    // out-of-order and late input

    @Test
    void aPurchaseArrivingBeforeItsCartStillPreventsTheMatch() throws Exception {
        try (var harness = SequenceHarness.open(PATTERNS, "cart-not-bought")) {
            harness.send(
                    alice.buys("dress").at(BEGINNING + 5 * ONE_MINUTE),
                    alice.addsToCart("dress").at(BEGINNING));
            harness.processWatermark(CART_WINDOW_END + ONE_HOUR);

            assertThat(harness.matches()).as("taken in event-time order").isEmpty();
        }
    }

    @Test
    void viewsArrivingAfterTheirCartAreMatchedAsIfSorted() throws Exception {
        try (var harness = SequenceHarness.open(PATTERNS, "compared-then-carted")) {
            harness.send(
                    alice.addsToCart("c").at(BEGINNING + 3 * ONE_MINUTE),
                    alice.views("c").at(BEGINNING + 2 * ONE_MINUTE),
                    alice.views("a").at(BEGINNING),
                    alice.views("b").at(BEGINNING + ONE_MINUTE));
            harness.processWatermark(BEGINNING + 3 * ONE_MINUTE);

            assertThat(harness.matches())
                    .singleElement()
                    .satisfies(
                            m -> {
                                assertThat(m.anchorAt()).isEqualTo(BEGINNING);
                                assertThat(m.evidence())
                                        .containsExactly(
                                                "alice-view-0",
                                                "alice-view-60000",
                                                "alice-view-120000",
                                                "alice-add_to_cart-180000");
                            });
        }
    }

    @Test
    void eventsWithEqualTimesAreTakenInSessionOrder() throws Exception {
        try (var harness = SequenceHarness.open(PATTERNS, "cart-not-bought")) {
            // The purchase arrives first but comes after the cart of the same millisecond.
            harness.send(
                    alice.buys("dress").at(BEGINNING), alice.addsToCart("dress").at(BEGINNING));
            harness.processWatermark(CART_WINDOW_END);

            assertThat(harness.matches())
                    .as("a purchase taken before the cart would have let the cart match")
                    .isEmpty();
        }
    }

    @Test
    void anEventAtOrBehindTheWatermarkIsPutAsideAsLateAndNeverMatched() throws Exception {
        try (var harness = SequenceHarness.open(PATTERNS, "cart-not-bought")) {
            long watermark = BEGINNING + 10 * ONE_MINUTE;
            harness.processWatermark(watermark);
            UserEvent atTheWatermark = alice.addsToCart("dress").at(watermark);
            UserEvent justAfter = alice.addsToCart("shoes").at(watermark + 1);
            harness.send(atTheWatermark, justAfter);
            harness.processWatermark(watermark + 2 * ONE_HOUR);

            assertThat(harness.late()).containsExactly(atTheWatermark);
            assertThat(harness.matches())
                    .singleElement()
                    .extracting(Match::anchorAt)
                    .isEqualTo(watermark + 1);
        }
    }

    @Test
    void aLatePurchaseDoesNotTakeBackTheCartsMatch() throws Exception {
        try (var harness = SequenceHarness.open(PATTERNS, "cart-not-bought")) {
            harness.send(alice.addsToCart("dress").at(BEGINNING));
            harness.processWatermark(BEGINNING + 10 * ONE_MINUTE);
            UserEvent purchase = alice.buys("dress").at(BEGINNING + 5 * ONE_MINUTE);
            harness.send(purchase);
            harness.processWatermark(CART_WINDOW_END);

            assertThat(harness.late()).containsExactly(purchase);
            assertThat(harness.matches()).hasSize(1);
        }
    }

    @Test
    void aLateEventIsOnlyCountedOnItsWayOutOfThePattern() throws Exception {
        UserEvent late = alice.addsToCart("dress").at(BEGINNING);
        try (var lateEvents =
                new OneInputStreamOperatorTestHarness<>(
                        new StreamFlatMap<>(new LateForSequence("cart-not-bought")))) {
            lateEvents.open();
            lateEvents.processElement(new StreamRecord<>(late, late.ts()));

            assertThat(lateEvents.extractOutputValues())
                    .as("no match of it; the journey makes it a dead letter")
                    .isEmpty();
        }
    }

    // an erasure: nothing built before it is acted on, what comes after it is

    @Test
    void anErasureDropsWhatTheUserBeganBeforeItWhenTheWatermarkPassesIt() throws Exception {
        try (var harness = SequenceHarness.open(PATTERNS, "compared-then-carted")) {
            harness.send(
                    alice.views("a").at(BEGINNING),
                    alice.views("b").at(BEGINNING + ONE_MINUTE),
                    alice.erases(BEGINNING + 2 * ONE_MINUTE),
                    alice.views("c").at(BEGINNING + 3 * ONE_MINUTE),
                    alice.addsToCart("c").at(BEGINNING + 4 * ONE_MINUTE));
            harness.processWatermark(BEGINNING + 2 * ONE_MINUTE - 1);
            assertThat(harness.partialMatches("alice")).as("not yet").isEqualTo(2);

            harness.processWatermark(BEGINNING + 2 * ONE_HOUR);

            assertThat(harness.matches())
                    .as("three views and a cart, but two views were before the erasure")
                    .isEmpty();
            assertThat(harness.partialMatches("alice")).isZero();
        }
    }

    @Test
    void anErasureArrivingAfterTheEventsItFollowsStillDropsThem() throws Exception {
        try (var harness = SequenceHarness.open(PATTERNS, "cart-not-bought")) {
            harness.send(
                    alice.erases(BEGINNING + ONE_MINUTE),
                    alice.addsToCart("dress").at(BEGINNING),
                    alice.addsToCart("shoes").at(BEGINNING + ONE_MINUTE));
            harness.processWatermark(BEGINNING + 2 * ONE_HOUR);

            assertThat(harness.matches())
                    .as("both carts are at or before the erasure (ERASE comes last at equal times)")
                    .isEmpty();
        }
    }

    @Test
    void aSequenceBegunBeforeAnErasureAndCompletedAfterItIsNeverActedOn() throws Exception {
        List<Decision> decisions =
                decide(
                        "searched-twice-no-cart",
                        SequenceLimits.DEFAULTS,
                        alice.searches().at(BEGINNING),
                        alice.erases(BEGINNING + ONE_MINUTE),
                        alice.searches().at(BEGINNING + 2 * ONE_MINUTE));

        assertThat(decisions).as("no match, so nothing to decide").isEmpty();
    }

    @Test
    void anErasureTheOperatorRefusedStillKeepsTheEpisodeBeforeItFromBeingActedOn()
            throws Exception {
        // Two events at once, then one a minute: the erasure a second later is over the budget.
        List<Decision> decisions =
                decide(
                        "searched-twice-no-cart",
                        new SequenceLimits(2, 1, 100),
                        alice.searches().at(BEGINNING),
                        alice.searches().at(BEGINNING + 1000),
                        alice.erases(BEGINNING + 2000));

        assertThat(decisions)
                .as("the journey remembers the erasure and suppresses the match CEP still made")
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.outcome()).isEqualTo(Outcome.SUPPRESSED);
                            assertThat(d.suppressedBy()).isEqualTo(SuppressionReason.ERASED);
                        });
    }

    @Test
    void aSequenceBegunAfterAnErasureIsActedOn() throws Exception {
        List<Decision> decisions =
                decide(
                        "searched-twice-no-cart",
                        SequenceLimits.DEFAULTS,
                        alice.searches().at(BEGINNING),
                        alice.erases(BEGINNING + ONE_MINUTE),
                        alice.searches().at(BEGINNING + 2 * ONE_MINUTE),
                        alice.searches().at(BEGINNING + 3 * ONE_MINUTE));

        assertThat(decisions)
                .filteredOn(d -> d.outcome() == Outcome.SENT)
                .singleElement()
                .extracting(Decision::evidence)
                .isEqualTo(List.of("alice-search-120000", "alice-search-180000"));
    }

    /**
     * Runs the events through the pattern's operator and the journey operator as the job chains
     * them, moving both watermarks a minute at a time until an hour after the last event, and
     * returns the journey's decisions.
     */
    private static List<Decision> decide(
            String patternId, SequenceLimits limits, UserEvent... events) throws Exception {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (UserEvent event : events) {
            first = Math.min(first, event.ts());
            last = Math.max(last, event.ts());
        }
        try (var sequence = SequenceHarness.open(PATTERNS, patternId, limits);
                var journey =
                        JourneyHarness.open(
                                PATTERNS,
                                JourneySettings.defaults().withReleaseDelay(Duration.ZERO),
                                "heap",
                                null)) {
            sequence.send(events);
            journey.send(events);
            int forwarded = 0;
            for (long time = first; time <= last + ONE_HOUR; time += ONE_MINUTE) {
                sequence.processWatermark(time);
                List<Match> matches = sequence.matches();
                for (Match match : matches.subList(forwarded, matches.size())) {
                    journey.sendMatch(match);
                }
                forwarded = matches.size();
                journey.processWatermark(time);
            }
            return journey.extractOutputValues();
        }
    }

    /** Three views, a minute apart, and the third item added to the cart a minute later. */
    private void comparesThreeAndCarts(SequenceHarness harness, long from) throws Exception {
        harness.send(
                alice.views("a").at(from),
                alice.views("b").at(from + ONE_MINUTE),
                alice.views("c").at(from + 2 * ONE_MINUTE),
                alice.addsToCart("c").at(from + 3 * ONE_MINUTE));
    }
}
