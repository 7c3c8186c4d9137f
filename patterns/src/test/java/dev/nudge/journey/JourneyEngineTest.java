package dev.nudge.journey;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_DAY;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static dev.nudge.testing.Shopper.THIRTY_MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.nudge.config.PatternsConfig;
import dev.nudge.event.Channel;
import dev.nudge.event.UserEvent;
import dev.nudge.policy.Action;
import dev.nudge.policy.Decision;
import dev.nudge.policy.Outcome;
import dev.nudge.policy.SuppressionReason;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link JourneyEngine}: ordering, deduplication, policy, bounds and expiry. */
class JourneyEngineTest {
    private static final long BOUND = Duration.ofSeconds(5).toMillis();
    private final Shopper alice = Shopper.named("alice");

    private static final PatternsConfig TWO_PATTERNS =
            Configs.parse(
                    """
                    version: "v7"
                    policy: {quietHours: {start: "00:00", end: "00:00"}, arbitrationWindow: 0s}
                    timezone: UTC
                    patterns:
                      - id: quick-look
                        type: BROWSE_WITHOUT_BUY
                        params: {minViews: 2, window: 30m}
                        action: {channels: [PUSH], template: quick_v1, priority: 60, cooldown: 0s}
                      - id: long-browse
                        type: BROWSE_WITHOUT_BUY
                        params: {minViews: 4, window: 2h}
                        action: {channels: [SMS, EMAIL], template: digest_v1, cooldown: 0s}
                    """);

    @Test
    void severalPatternsOfOneTypeMatchIndependentlyWithTheirOwnParams() {
        JourneyReplay journey =
                new JourneyReplay(TWO_PATTERNS, BOUND)
                        .send(
                                alice.views("a").at(BEGINNING),
                                alice.views("b").at(BEGINNING + ONE_MINUTE),
                                alice.views("c").at(BEGINNING + 40 * ONE_MINUTE),
                                alice.views("d").at(BEGINNING + 50 * ONE_MINUTE))
                        .endOfInput();

        assertThat(journey.actions)
                .extracting(
                        Action::patternId, Action::triggeredAt, Action::channel, Action::template)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(
                                "quick-look", BEGINNING + THIRTY_MINUTES, Channel.PUSH, "quick_v1"),
                        org.assertj.core.groups.Tuple.tuple(
                                "quick-look",
                                BEGINNING + 40 * ONE_MINUTE + THIRTY_MINUTES,
                                Channel.PUSH,
                                "quick_v1"),
                        org.assertj.core.groups.Tuple.tuple(
                                "long-browse",
                                BEGINNING + 2 * ONE_HOUR,
                                Channel.EMAIL,
                                "digest_v1"));
    }

    @Test
    void anActionCarriesEverythingTheSendersNeed() {
        JourneyReplay journey =
                new JourneyReplay(TWO_PATTERNS, BOUND)
                        .send(
                                alice.views("a").at(BEGINNING),
                                alice.views("b").at(BEGINNING + ONE_MINUTE))
                        .endOfInput();

        Action action = journey.actions.get(0);
        Decision decision = journey.decisions.get(0);
        assertThat(action.configVersion()).isEqualTo("v7");
        assertThat(action.priority()).isEqualTo(60);
        assertThat(action.sendAt()).isEqualTo(action.triggeredAt());
        assertThat(action.expiresAt()).isEqualTo(action.sendAt() + ONE_DAY);
        assertThat(action.reason())
                .startsWith("viewed 2 items in category c1 between 02:00 and 02:01");
        assertThat(decision.actionId()).isEqualTo(action.actionId());
        assertThat(decision.decisionId()).isNotEqualTo(action.actionId());
        assertThat(decision.reason()).isEqualTo(action.reason());
    }

    @Test
    void idsAreTheSameInEveryRun() {
        UserEvent[] events = {
            alice.views("a").at(BEGINNING), alice.views("b").at(BEGINNING + ONE_MINUTE)
        };
        JourneyReplay first = new JourneyReplay(TWO_PATTERNS, BOUND).send(events).endOfInput();
        JourneyReplay second = new JourneyReplay(TWO_PATTERNS, BOUND).send(events).endOfInput();

        assertThat(second.actions)
                .extracting(Action::actionId)
                .isEqualTo(first.actions.stream().map(Action::actionId).toList());
        assertThat(second.decisions)
                .extracting(Decision::decisionId)
                .isEqualTo(first.decisions.stream().map(Decision::decisionId).toList());
    }

    @Test
    void aRepeatedEventIdWithinTheHorizonIsDroppedAndCounted() {
        UserEvent view = alice.views("a").at(BEGINNING);
        JourneyReplay journey =
                new JourneyReplay(Configs.browse(2, "30m"), BOUND)
                        .send(view, view, alice.searches().at(BEGINNING + 10 * ONE_MINUTE))
                        .endOfInput();

        assertThat(journey.duplicates).containsExactly(view);
        assertThat(journey.decisions).as("one view, counted once, is not enough").isEmpty();
    }

    @Test
    void aRetryIsDroppedAfter40OtherEventsWaitingForTheWatermark() {
        // The watermark lags an hour behind (a slow partition): the user's events wait, and the
        // first one comes again after 40 more.
        JourneyReplay journey = new JourneyReplay(Configs.browse(2, "30m"), ONE_HOUR);
        UserEvent[] batch = views(41, 10_000);
        journey.send(batch).send(batch[0]);

        assertThat(journey.duplicates).containsExactly(batch[0]);
    }

    @Test
    void anEventIdSentAgainLaterIsDroppedAfter255OtherEventsOfTheUserWithinTheHorizon() {
        // A producer resends a batch with new times: only the ids tell the copies.
        JourneyReplay journey = new JourneyReplay(Configs.browse(2, "30m"), BOUND);
        UserEvent[] batch = views(256, 10_000);
        long resent = BEGINNING + 43 * ONE_MINUTE;
        UserEvent[] again = {
            alice.views("item-0").at(resent, batch[0].eventId()),
            alice.views("item-215").at(resent, batch[215].eventId()),
            alice.views("item-255").at(resent, batch[255].eventId())
        };
        UserEvent fresh = alice.views("item-256").at(resent, "fresh");
        journey.send(batch).send(again).send(fresh);

        assertThat(journey.duplicates).containsExactly(again);
    }

    /** {@code count} views of alice, {@code every} ms apart from {@code BEGINNING}. */
    private UserEvent[] views(int count, long every) {
        UserEvent[] views = new UserEvent[count];
        for (int i = 0; i < count; i++) {
            views[i] = alice.views("item-" + i).at(BEGINNING + i * every);
        }
        return views;
    }

    @Test
    void theSameEventIdAfterTheHorizonIsAnotherEvent() {
        UserEvent view = alice.views("a").at(BEGINNING, "e1");
        UserEvent sameIdLater = alice.views("b").at(BEGINNING + 2 * ONE_HOUR, "e1");

        JourneyReplay journey =
                new JourneyReplay(Configs.browse(1, "30m"), BOUND)
                        .send(view, sameIdLater)
                        .endOfInput();

        assertThat(journey.duplicates).isEmpty();
        assertThat(journey.decisions).hasSize(2);
    }

    @Test
    void theCooldownSuppressesTheNextMatchOfThePatternForTheUser() {
        PatternsConfig config =
                Configs.parse(
                        """
                        version: "v1"
                        policy: {quietHours: {start: "00:00", end: "00:00"}, arbitrationWindow: 0s}
                        patterns:
                          - id: browse
                            type: BROWSE_WITHOUT_BUY
                            params: {minViews: 1, window: 30m}
                            action: {channels: [PUSH], template: t, cooldown: 24h}
                        """);
        JourneyReplay journey =
                new JourneyReplay(config, BOUND)
                        .send(
                                alice.views("a").at(BEGINNING),
                                alice.views("b").at(BEGINNING + ONE_HOUR),
                                alice.views("c").at(BEGINNING + ONE_DAY + THIRTY_MINUTES))
                        .endOfInput();

        assertThat(journey.decisions)
                .extracting(Decision::outcome, Decision::suppressedBy)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Outcome.SENT, null),
                        org.assertj.core.groups.Tuple.tuple(
                                Outcome.SUPPRESSED, SuppressionReason.COOLDOWN),
                        org.assertj.core.groups.Tuple.tuple(Outcome.SENT, null));
        assertThat(journey.actions).hasSize(2);
    }

    @Test
    void theUsersOwnConsentDecidesTheChannelOverTheDefaults() {
        PatternsConfig config =
                Configs.parse(
                        """
                        version: "v1"
                        policy: {consentDefaults: {PUSH: true, EMAIL: true, SMS: false}}
                        patterns:
                          - id: browse
                            type: BROWSE_WITHOUT_BUY
                            params: {minViews: 1, window: 30m}
                            action: {channels: [PUSH, SMS], template: t, cooldown: 0s}
                        """);
        JourneyReplay journey =
                new JourneyReplay(config, BOUND)
                        .send(
                                alice.consents(Channel.PUSH, false, BEGINNING),
                                alice.views("a").at(BEGINNING + ONE_MINUTE))
                        .advanceWatermark(BEGINNING + ONE_HOUR);
        assertThat(journey.decisions)
                .singleElement()
                .satisfies(
                        d -> assertThat(d.suppressedBy()).isEqualTo(SuppressionReason.NO_CONSENT));

        journey.send(
                        alice.consents(Channel.SMS, true, BEGINNING + 2 * ONE_HOUR),
                        alice.views("b").at(BEGINNING + 2 * ONE_HOUR + ONE_MINUTE))
                .endOfInput();
        assertThat(journey.actions)
                .singleElement()
                .satisfies(a -> assertThat(a.channel()).isEqualTo(Channel.SMS));
    }

    @Test
    void aPatternWhoseChannelsNeedConsentNobodyGaveIsSuppressed() {
        PatternsConfig config =
                Configs.parse(
                        """
                        version: "v1"
                        policy: {consentDefaults: {PUSH: false, EMAIL: false, SMS: false}}
                        patterns:
                          - id: browse
                            type: BROWSE_WITHOUT_BUY
                            params: {minViews: 1, window: 30m}
                            action: {channels: [PUSH, SMS], template: t}
                        """);
        JourneyReplay journey =
                new JourneyReplay(config, BOUND).send(alice.views("a").at(BEGINNING)).endOfInput();

        assertThat(journey.decisions)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.outcome()).isEqualTo(Outcome.SUPPRESSED);
                            assertThat(d.suppressedBy()).isEqualTo(SuppressionReason.NO_CONSENT);
                            assertThat(d.actionId()).isNull();
                        });
        assertThat(journey.actions).isEmpty();
    }

    @Test
    void aDisabledPatternDoesNotRun() {
        PatternsConfig config =
                Configs.parse(
                        """
                        version: "v1"
                        policy: {quietHours: {start: "00:00", end: "00:00"}, arbitrationWindow: 0s}
                        patterns:
                          - id: browse
                            type: BROWSE_WITHOUT_BUY
                            enabled: false
                            params: {minViews: 1, window: 30m}
                            action: {channels: [PUSH], template: t}
                        """);
        JourneyReplay journey =
                new JourneyReplay(config, BOUND).send(alice.views("a").at(BEGINNING)).endOfInput();

        assertThat(journey.decisions).isEmpty();
    }

    @Test
    void eventsWaitForTheWatermarkAndAtMostTheShortestWindowAfterIt() {
        JourneyReplay journey =
                new JourneyReplay(Configs.browse(1, "1m"), BOUND)
                        .send(alice.views("a").at(BEGINNING));

        journey.advanceWatermark(BEGINNING - 1);
        assertThat(journey.journey("alice").pendingEvents())
                .as("before the watermark")
                .isEqualTo(1);
        journey.advanceWatermark(BEGINNING + ONE_MINUTE - 1);
        assertThat(journey.journey("alice").pendingEvents())
                .as("passed, waiting for company: 5m release delay capped by the 1m window")
                .isEqualTo(1);
        journey.advanceWatermark(BEGINNING + ONE_MINUTE);
        assertThat(journey.journey("alice").pendingEvents()).isZero();
        assertThat(journey.decisions).as("and the match is on time").hasSize(1);
    }

    @Test
    void theNextEventProcessesTheOnesTheWatermarkHasPassed() {
        JourneyReplay journey =
                new JourneyReplay(Configs.browse(2, "30m"), BOUND)
                        .send(alice.views("a").at(BEGINNING));
        journey.advanceWatermark(BEGINNING + 30_000); // other shoppers' events move time on

        journey.send(alice.views("b").at(BEGINNING + ONE_MINUTE));

        assertThat(journey.journey("alice").pendingEvents())
                .as("the first view was processed when the second arrived, in one wake-up")
                .isEqualTo(1);
    }

    @Test
    void tooManyWaitingEventsAreProcessedAheadOfTheWatermarkRatherThanHeldWithoutBound() {
        JourneySettings settings =
                JourneySettings.defaults().withReleaseDelay(Duration.ZERO).withMaxPendingEvents(3);
        JourneyReplay journey = new JourneyReplay(Configs.browse(1, "30m"), settings, ONE_HOUR);
        for (int i = 0; i < 10; i++) {
            journey.send(alice.views("item" + i).at(BEGINNING + i * 1000));
        }

        assertThat(journey.journey("alice").pendingEvents()).isEqualTo(3);
        journey.send(alice.views("straggler").at(BEGINNING + 500));
        assertThat(journey.late).extracting(UserEvent::itemId).containsExactly("straggler");
        assertThat(journey.endOfInput().actions)
                .singleElement()
                .satisfies(a -> assertThat(a.evidence()).hasSize(10));
    }

    @Test
    void aUserIdleForTheStateTtlIsForgotten() {
        JourneySettings settings =
                JourneySettings.defaults()
                        .withIdleExpiry(Duration.ofDays(7))
                        .withReleaseDelay(Duration.ZERO);
        JourneyReplay journey =
                new JourneyReplay(Configs.browse(2, "30m"), settings, BOUND)
                        .send(alice.views("a").at(BEGINNING));

        journey.advanceWatermark(BEGINNING + 7 * ONE_DAY - 1);
        assertThat(journey.journey("alice")).isNotNull();
        journey.advanceWatermark(BEGINNING + 7 * ONE_DAY);
        assertThat(journey.journey("alice")).as("state dropped").isNull();
    }

    @Test
    void theClockStopsAtTheLimitAndOpenEpisodesAreReportedNotFired() {
        JourneySettings settings =
                JourneySettings.defaults().withClockLimit(BEGINNING + ONE_MINUTE);
        JourneyReplay journey =
                new JourneyReplay(Configs.browse(2, "30m"), settings, BOUND)
                        .send(
                                alice.views("a").at(BEGINNING),
                                alice.views("b").at(BEGINNING + ONE_MINUTE))
                        .endOfInput();

        assertThat(journey.decisions).isEmpty();
        assertThat(journey.openEpisodes).containsExactly("browse/alice");
    }

    @Test
    void whenTheClockStopsEveryUserWithStateReportsTheirProfileAsItIsThenAndAnErasedUserNone() {
        Shopper bob = Shopper.named("bob");
        long stop = BEGINNING + 3 * ONE_HOUR;
        JourneySettings settings = JourneySettings.defaults().withClockLimit(stop);

        JourneyReplay journey =
                new JourneyReplay(Configs.browse(2, "30m"), settings, BOUND)
                        .send(
                                alice.views("a").at(BEGINNING),
                                bob.views("b").at(BEGINNING + ONE_MINUTE),
                                alice.views("c").at(BEGINNING + 10 * ONE_MINUTE),
                                bob.erases(BEGINNING + ONE_HOUR),
                                alice.views("d").at(BEGINNING + 2 * ONE_HOUR))
                        .endOfInput();

        assertThat(journey.finalProfiles).as("bob was erased").containsOnlyKeys("alice");
        assertThat(new String(journey.finalProfiles.get("alice"), StandardCharsets.UTF_8))
                .as("the user-profiles JSON at the clock's stop, with every view")
                .startsWith(
                        "{\"userId\":\"alice\",\"at\":\"" + dev.nudge.wire.Json.time(stop) + "\",")
                .contains("\"views\":3,")
                .contains("\"lastSeen\":\"" + dev.nudge.wire.Json.time(BEGINNING + 2 * ONE_HOUR));
    }

    @Test
    void aReleaseDelayChangesWhenNotWhatIsDecided() {
        JourneySettings delayed =
                JourneySettings.defaults().withReleaseDelay(Duration.ofSeconds(30));
        UserEvent[] events = {
            alice.views("a").at(BEGINNING),
            alice.views("b").at(BEGINNING + 10_000),
            alice.buys("b").at(BEGINNING + 20 * ONE_MINUTE),
            alice.views("c").at(BEGINNING + 25 * ONE_MINUTE),
            alice.views("d").at(BEGINNING + 26 * ONE_MINUTE)
        };
        JourneyReplay eager = new JourneyReplay(Configs.browse(2, "30m"), BOUND).send(events);
        JourneyReplay lazy =
                new JourneyReplay(Configs.browse(2, "30m"), delayed, BOUND).send(events);

        assertThat(lazy.endOfInput().decisions).isEqualTo(eager.endOfInput().decisions);
        assertThat(eager.decisions).hasSize(1);
    }

    @Test
    void aMatchBuiltBeforeAnErasureIsSuppressedAsErasedHoweverLateItArrives() {
        JourneyReplay journey =
                new JourneyReplay(Configs.browse(2, "30m"), BOUND)
                        .send(alice.views("a").at(BEGINNING), alice.erases(BEGINNING + ONE_HOUR))
                        .advanceWatermark(BEGINNING + 3 * ONE_HOUR);
        assertThat(journey.journey("alice")).as("the erasure ran").isNull();

        journey.sendMatch(alice.matched("browse", BEGINNING, BEGINNING + 10 * ONE_MINUTE));

        assertThat(journey.decisions)
                .singleElement()
                .satisfies(
                        d -> {
                            assertThat(d.outcome()).isEqualTo(Outcome.SUPPRESSED);
                            assertThat(d.suppressedBy()).isEqualTo(SuppressionReason.ERASED);
                            assertThat(d.evidence()).as("nothing of the erased data").isEmpty();
                            assertThat(d.reason())
                                    .isEqualTo("the user was erased; nothing of the match is kept");
                        });
        assertThat(journey.actions).isEmpty();
        assertThat(journey.journey("alice")).as("no state created for the erased user").isNull();
    }

    @Test
    void aMatchWhoseEpisodeBeganAfterTheErasureIsDecidedAsUsual() {
        JourneyReplay journey =
                new JourneyReplay(Configs.browse(2, "30m"), BOUND)
                        .send(alice.erases(BEGINNING), alice.views("a").at(BEGINNING + ONE_HOUR));

        journey.sendMatch(
                alice.matched("browse", BEGINNING + ONE_HOUR, BEGINNING + ONE_HOUR + ONE_MINUTE));
        journey.endOfInput();

        assertThat(journey.decisions).extracting(Decision::outcome).containsExactly(Outcome.SENT);
    }

    @Test
    void aMatchWaitingForTheClockWhenTheUserIsErasedIsSuppressedAtOnce() {
        JourneyReplay journey =
                new JourneyReplay(Configs.browse(2, "30m"), BOUND)
                        .send(alice.views("a").at(BEGINNING))
                        .sendMatch(alice.matched("browse", BEGINNING, BEGINNING + ONE_HOUR));
        assertThat(journey.journey("alice").pendingMatches()).isEqualTo(1);

        journey.send(alice.erases(BEGINNING + ONE_MINUTE)).advanceWatermark(BEGINNING + ONE_MINUTE);

        assertThat(journey.decisions)
                .extracting(Decision::suppressedBy, Decision::evidence)
                .containsExactly(tuple(SuppressionReason.ERASED, List.of()));
        assertThat(journey.journey("alice")).isNull();
    }

    @Test
    void aMatchFromOutsideIsDecidedAfterEverythingTheUserDidUpToItsTime() {
        long triggered = BEGINNING + 10 * ONE_MINUTE;
        JourneyReplay journey =
                new JourneyReplay(Configs.browse(2, "30m"), BOUND)
                        .send(alice.views("a").at(BEGINNING))
                        .sendMatch(alice.matched("browse", BEGINNING, triggered));
        assertThat(journey.decisions).as("waits for the user's clock").isEmpty();

        journey.send(
                alice.consents(Channel.PUSH, false, triggered - 1),
                alice.consents(Channel.EMAIL, false, triggered - 1));
        journey.advanceWatermark(triggered);

        assertThat(journey.decisions)
                .extracting(Decision::suppressedBy)
                .containsExactly(SuppressionReason.NO_CONSENT);
    }
}
