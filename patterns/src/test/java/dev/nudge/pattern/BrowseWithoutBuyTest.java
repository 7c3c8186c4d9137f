package dev.nudge.pattern;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static dev.nudge.testing.Shopper.THIRTY_MINUTES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.PatternsConfig;
import dev.nudge.event.UserEvent;
import dev.nudge.journey.JourneyReplay;
import dev.nudge.policy.Action;
import dev.nudge.policy.Outcome;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link BrowseWithoutBuy}, run through the journey as the job runs it: events in event
 * time, a watermark five seconds behind the newest event, one timer per user.
 */
class BrowseWithoutBuyTest {
    private static final long OUT_OF_ORDERNESS = Duration.ofSeconds(5).toMillis();
    private static final long WINDOW_END = BEGINNING + THIRTY_MINUTES;

    private final PatternsConfig twoViewsIn30Minutes = Configs.browse(2, "30m");
    private final Shopper alice = Shopper.named("alice");

    @Test
    void aPurchaseTenMinutesAfterTheFirstViewMeansNothingToSay() {
        JourneyReplay journey =
                drive(
                        alice.views("dress").at(BEGINNING),
                        alice.views("skirt").at(BEGINNING + ONE_MINUTE),
                        alice.buys("dress").at(BEGINNING + 10 * ONE_MINUTE));

        assertThat(journey.endOfInput().decisions).isEmpty();
    }

    @Test
    void withoutAPurchaseItMatchesOnceAtTheFirstViewPlusTheWindow() {
        JourneyReplay journey =
                drive(
                        alice.views("dress").at(BEGINNING),
                        alice.views("skirt").at(BEGINNING + ONE_MINUTE));

        journey.advanceWatermark(WINDOW_END - 1);
        assertThat(journey.decisions).as("nothing before the window ends").isEmpty();

        journey.advanceWatermark(WINDOW_END);
        assertThat(journey.decisions)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.triggeredAt()).isEqualTo(WINDOW_END);
                            assertThat(d.outcome()).isEqualTo(Outcome.SENT);
                            assertThat(d.evidence())
                                    .containsExactly("alice-view-0", "alice-view-" + ONE_MINUTE);
                        });
        assertThat(journey.endOfInput().decisions).hasSize(1);
    }

    @Test
    void aPurchaseExactlyAtTheWindowEndComesTooLateToPreventTheMatch() {
        JourneyReplay journey =
                drive(
                        alice.views("dress").at(BEGINNING),
                        alice.views("skirt").at(BEGINNING + ONE_MINUTE),
                        alice.buys("dress").at(WINDOW_END));

        assertThat(journey.endOfInput().decisions)
                .singleElement()
                .extracting(d -> d.triggeredAt())
                .isEqualTo(WINDOW_END);
    }

    @Test
    void aPurchaseOneMillisecondBeforeTheWindowEndPreventsTheMatch() {
        JourneyReplay journey =
                drive(
                        alice.views("dress").at(BEGINNING),
                        alice.views("skirt").at(BEGINNING + ONE_MINUTE),
                        alice.buys("dress").at(WINDOW_END - 1));

        assertThat(journey.endOfInput().decisions).isEmpty();
    }

    @Test
    void addingToCartPreventsTheMatchLikeAPurchase() {
        JourneyReplay journey =
                drive(
                        alice.views("dress").at(BEGINNING),
                        alice.views("skirt").at(BEGINNING + ONE_MINUTE),
                        alice.addsToCart("skirt").at(BEGINNING + 2 * ONE_MINUTE));

        assertThat(journey.endOfInput().decisions).isEmpty();
    }

    @Test
    void threeViewsInOneEpisodeGiveOneMatchListingTheItemsMostRecentFirst() {
        JourneyReplay journey =
                drive(
                        alice.views("dress", "2520377").at(BEGINNING),
                        alice.views("skirt", "2520377").at(BEGINNING + 2 * ONE_MINUTE),
                        alice.views("scarf", "4181361").at(BEGINNING + 15 * ONE_MINUTE));

        journey.endOfInput();

        assertThat(journey.actions)
                .singleElement()
                .satisfies(
                        action -> {
                            assertThat(action.params().items())
                                    .containsExactly("scarf", "skirt", "dress");
                            assertThat(action.params().category()).isEqualTo("2520377");
                            assertThat(action.evidence()).hasSize(3);
                            assertThat(action.reason())
                                    .isEqualTo(
                                            "viewed 3 items mostly in category 2520377 between 10:00 and 10:15"
                                                    + " on 2017-11-25 (Asia/Shanghai) and did not add to cart or"
                                                    + " buy within 30 min");
                        });
    }

    @Test
    void viewsOutOfOrderWithinTheWatermarkBoundGiveTheSameResultAsInOrder() {
        UserEvent first = alice.views("dress").at(BEGINNING);
        UserEvent second = alice.views("skirt").at(BEGINNING + 1000);
        UserEvent third = alice.views("scarf").at(BEGINNING + 3000);
        UserEvent purchase = alice.buys("scarf").at(BEGINNING + 4000);
        UserEvent laterView = alice.views("hat").at(BEGINNING + ONE_MINUTE);
        UserEvent laterView2 = alice.views("gloves").at(BEGINNING + ONE_MINUTE + 2000);

        JourneyReplay inOrder =
                drive(first, second, third, purchase, laterView, laterView2).endOfInput();
        JourneyReplay shuffled =
                drive(third, first, purchase, second, laterView2, laterView).endOfInput();

        assertThat(inOrder.decisions).hasSize(1);
        assertThat(shuffled.decisions).isEqualTo(inOrder.decisions);
        assertThat(shuffled.actions).isEqualTo(inOrder.actions);
        assertThat(shuffled.late).isEmpty();
    }

    @Test
    void eventsLaterThanTheWatermarkBoundAreCountedAndCreateNoMatch() {
        JourneyReplay journey =
                drive(
                        alice.views("dress").at(BEGINNING),
                        alice.searches().at(BEGINNING + 10 * ONE_MINUTE),
                        alice.views("skirt").at(BEGINNING + ONE_MINUTE));

        assertThat(journey.late).extracting(UserEvent::itemId).containsExactly("skirt");
        assertThat(journey.endOfInput().decisions).as("one view is not enough").isEmpty();
    }

    @Test
    void eventsWithEqualTimestampsAreTakenInSessionOrder() {
        // The purchase arrives first, but a VIEW at the same time comes before it in a session:
        // the purchase closes the episode of both views, and the view after it is alone.
        JourneyReplay journey =
                drive(
                        alice.views("dress").at(BEGINNING),
                        alice.buys("skirt").at(BEGINNING + 5 * ONE_MINUTE),
                        alice.views("skirt").at(BEGINNING + 5 * ONE_MINUTE),
                        alice.views("hat").at(BEGINNING + 6 * ONE_MINUTE));

        assertThat(journey.endOfInput().decisions).isEmpty();
    }

    @Test
    void fewerViewsThanMinViewsCloseTheEpisodeWithoutAMatch() {
        JourneyReplay journey = drive(alice.views("dress").at(BEGINNING));

        assertThat(journey.endOfInput().decisions).isEmpty();
    }

    @Test
    void theNextEpisodeStartsWithTheFirstViewAfterTheEpisodeCloses() {
        JourneyReplay journey =
                drive(
                        alice.views("dress").at(BEGINNING),
                        alice.views("skirt").at(BEGINNING + ONE_MINUTE),
                        alice.views("hat").at(WINDOW_END),
                        alice.views("scarf").at(WINDOW_END + ONE_MINUTE));

        assertThat(journey.endOfInput().decisions)
                .extracting(d -> d.triggeredAt())
                .containsExactly(WINDOW_END, WINDOW_END + THIRTY_MINUTES);
        assertThat(journey.actions.get(1).params().items()).containsExactly("scarf", "hat");
    }

    @Test
    void viewsAfterAPurchaseOpenANewEpisode() {
        JourneyReplay journey =
                drive(
                        alice.views("dress").at(BEGINNING),
                        alice.buys("dress").at(BEGINNING + ONE_MINUTE),
                        alice.views("hat").at(BEGINNING + 2 * ONE_MINUTE),
                        alice.views("scarf").at(BEGINNING + 3 * ONE_MINUTE));

        assertThat(journey.endOfInput().decisions)
                .extracting(d -> d.triggeredAt())
                .containsExactly(BEGINNING + 2 * ONE_MINUTE + THIRTY_MINUTES);
    }

    @Test
    void episodesOfDifferentUsersAreIndependent() {
        Shopper bob = Shopper.named("bob");
        JourneyReplay journey =
                drive(
                        alice.views("dress").at(BEGINNING),
                        bob.views("dress").at(BEGINNING + 1000),
                        alice.views("skirt").at(BEGINNING + 2000),
                        bob.buys("dress").at(BEGINNING + 3000),
                        bob.views("hat").at(BEGINNING + 4000));

        assertThat(journey.endOfInput().actions)
                .extracting(Action::userId)
                .containsExactly("alice");
    }

    private JourneyReplay drive(UserEvent... events) {
        return new JourneyReplay(twoViewsIn30Minutes, OUT_OF_ORDERNESS).send(events);
    }
}
