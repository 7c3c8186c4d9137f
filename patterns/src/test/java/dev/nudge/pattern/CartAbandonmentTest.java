package dev.nudge.pattern;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.journey.JourneyReplay;
import dev.nudge.policy.Decision;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import org.junit.jupiter.api.Test;

/** Tests for {@link CartAbandonment}, through the journey in event time. */
class CartAbandonmentTest {
    private static final long BOUND = 5_000;
    private static final long WINDOW_END = BEGINNING + 2 * ONE_HOUR;
    private final Shopper alice = Shopper.named("alice");

    private JourneyReplay journey() {
        return new JourneyReplay(
                Configs.parse(
                        """
                        version: "t"
                        policy: {quietHours: {start: "00:00", end: "00:00"}, arbitrationWindow: 0s}
                        timezone: UTC
                        patterns:
                          - id: cart
                            type: CART_ABANDONMENT
                            params: {window: 2h}
                            action: {channels: [PUSH], template: cart_v1, cooldown: 0s}
                        """),
                BOUND);
    }

    @Test
    void itemsLeftInTheCartForTheWindowAreListedMostRecentFirst() {
        JourneyReplay journey =
                journey()
                        .send(
                                alice.addsToCart("shoes").at(BEGINNING),
                                alice.addsToCart("socks").at(BEGINNING + ONE_MINUTE),
                                alice.addsToCart("hat").at(BEGINNING + 2 * ONE_MINUTE),
                                alice.removesFromCart("socks").at(BEGINNING + 3 * ONE_MINUTE));

        journey.advanceWatermark(WINDOW_END - 1);
        assertThat(journey.decisions).isEmpty();
        journey.advanceWatermark(WINDOW_END);

        assertThat(journey.actions)
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.triggeredAt()).isEqualTo(WINDOW_END);
                            assertThat(a.params().items()).containsExactly("hat", "shoes");
                            assertThat(a.reason())
                                    .isEqualTo(
                                            "added 2 items to the cart at 02:00 on 2017-11-25"
                                                    + " (UTC) and did not buy within 2 h;"
                                                    + " still in the cart: hat, shoes");
                            assertThat(a.evidence()).hasSize(4);
                        });
    }

    @Test
    void aPurchaseWithinTheWindowMeansNoReminder() {
        JourneyReplay journey =
                journey()
                        .send(
                                alice.addsToCart("shoes").at(BEGINNING),
                                alice.buys("shoes").at(WINDOW_END - 1))
                        .endOfInput();

        assertThat(journey.decisions).isEmpty();
    }

    @Test
    void anEmptiedCartSaysNothing() {
        JourneyReplay journey =
                journey()
                        .send(
                                alice.addsToCart("shoes").at(BEGINNING),
                                alice.removesFromCart("shoes").at(BEGINNING + ONE_MINUTE))
                        .endOfInput();

        assertThat(journey.decisions).isEmpty();
    }

    @Test
    void aPurchaseExactlyAtTheWindowEndIsTooLateAndTheNextAddStartsANewEpisode() {
        JourneyReplay journey =
                journey()
                        .send(
                                alice.addsToCart("shoes").at(BEGINNING),
                                alice.addsToCart("hat").at(BEGINNING + ONE_HOUR),
                                alice.buys("shoes").at(WINDOW_END),
                                alice.addsToCart("belt").at(WINDOW_END + ONE_MINUTE))
                        .endOfInput();

        assertThat(journey.decisions)
                .as("one episode, one match; the belt opens the next")
                .extracting(Decision::triggeredAt)
                .containsExactly(WINDOW_END, WINDOW_END + ONE_MINUTE + 2 * ONE_HOUR);
        assertThat(journey.actions.get(0).params().items()).containsExactly("hat", "shoes");
        assertThat(journey.actions.get(1).params().items()).containsExactly("belt");
    }

    @Test
    void outOfOrderEventsWithinTheBoundGiveTheSameMatches() {
        var inOrder =
                journey()
                        .send(
                                alice.addsToCart("shoes").at(BEGINNING),
                                alice.addsToCart("hat").at(BEGINNING + 1000),
                                alice.removesFromCart("hat").at(BEGINNING + 2000))
                        .endOfInput();
        var shuffled =
                journey()
                        .send(
                                alice.removesFromCart("hat").at(BEGINNING + 2000),
                                alice.addsToCart("hat").at(BEGINNING + 1000),
                                alice.addsToCart("shoes").at(BEGINNING))
                        .endOfInput();

        assertThat(shuffled.actions).isEqualTo(inOrder.actions);
        assertThat(inOrder.actions.get(0).params().items()).containsExactly("shoes");
    }

    @Test
    void aCartOfTwelveItemsLessTenRemovedStillHoldsTheOtherTwo() {
        JourneyReplay journey = journey();
        for (int i = 0; i < 12; i++) {
            journey.send(alice.addsToCart("item-" + i).at(BEGINNING + i * ONE_MINUTE));
        }
        for (int i = 2; i < 12; i++) {
            journey.send(alice.removesFromCart("item-" + i).at(BEGINNING + (20 + i) * ONE_MINUTE));
        }
        journey.endOfInput();

        assertThat(journey.actions)
                .singleElement()
                .satisfies(a -> assertThat(a.params().items()).containsExactly("item-1", "item-0"));
    }

    @Test
    void aCartBeyondItsBoundIsNeverTakenForEmpty() {
        int added = CartAbandonment.MAX_ITEMS + 5;
        JourneyReplay journey = journey();
        for (int i = 0; i < added; i++) {
            journey.send(alice.addsToCart("item-" + i).at(BEGINNING + i * 1000L));
        }
        // Every item still tracked is removed; the five least recent, no longer tracked, may be
        // in the cart still.
        for (int i = 5; i < added; i++) {
            journey.send(alice.removesFromCart("item-" + i).at(BEGINNING + ONE_HOUR + i * 1000L));
        }
        journey.endOfInput();

        assertThat(journey.actions)
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.params().items()).isEmpty();
                            assertThat(a.reason())
                                    .startsWith("added more than 50 items to the cart")
                                    .endsWith("still in the cart: up to 5 items added first");
                        });
    }

    @Test
    void unitsAddUpPerItemAndAnItemLeavesWhenItsUnitsAreRemoved() {
        JourneyReplay journey =
                journey()
                        .send(
                                alice.addsToCart("shoes").at(BEGINNING),
                                alice.addsToCart("shoes").at(BEGINNING + ONE_MINUTE),
                                alice.addsToCart("hat").at(BEGINNING + 2 * ONE_MINUTE),
                                alice.removesFromCart("shoes").at(BEGINNING + 3 * ONE_MINUTE),
                                alice.removesFromCart("hat").at(BEGINNING + 4 * ONE_MINUTE))
                        .endOfInput();

        assertThat(journey.actions)
                .singleElement()
                .satisfies(
                        a -> {
                            assertThat(a.params().items()).containsExactly("shoes");
                            assertThat(a.reason()).startsWith("added 1 item to the cart");
                        });
    }
}
