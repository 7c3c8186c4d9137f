package dev.nudge.policy;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_DAY;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.nudge.config.FrequencyCap;
import dev.nudge.config.PatternsConfig;
import dev.nudge.event.Channel;
import dev.nudge.event.UserEvent;
import dev.nudge.journey.JourneyReplay;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The policy's later rules (SPEC §6): frequency caps in rolling windows, per channel and across
 * channels, and the holdout group, in their order after the cooldown.
 */
class ActionPolicyTest {
    private static final long BOUND = 5_000;

    private final Shopper alice = Shopper.named("alice");

    /** One view makes a match at the end of its 30-minute window; no cooldown. */
    private static PatternsConfig browsing(String policy, String channels, String cooldown) {
        return Configs.parse(
                """
                version: "caps-1"
                timezone: Asia/Shanghai
                policy:
                  quietHours: {start: "00:00", end: "00:00"}
                %s
                patterns:
                  - id: browse
                    type: BROWSE_WITHOUT_BUY
                    params: {minViews: 1, window: 30m}
                    action: {channels: %s, template: t, cooldown: %s}
                """
                        .formatted(policy.indent(2), channels, cooldown));
    }

    /** Views of {@code shopper} every {@code gap}, starting at BEGINNING: one match each. */
    private static UserEvent[] viewsEvery(Shopper shopper, long gap, int count) {
        UserEvent[] views = new UserEvent[count];
        for (int i = 0; i < count; i++) {
            views[i] = shopper.views("item-" + i).at(BEGINNING + i * gap);
        }
        return views;
    }

    @Test
    void aCapAcrossChannelsSkipsTheFourthActionOfADayAndCountsInARollingWindow() {
        PatternsConfig config =
                browsing("frequencyCaps: [{channel: ANY, max: 3, per: 1d}]", "[PUSH, EMAIL]", "0s");

        JourneyReplay journey =
                new JourneyReplay(config, BOUND).send(viewsEvery(alice, 5 * ONE_HOUR, 6));
        journey.endOfInput();

        // Matches at 0h30, 5h30, 10h30, 15h30, 20h30 (capped: three in the last day), 25h30
        // (the one at 0h30 has left the window).
        assertThat(journey.decisions)
                .extracting(Decision::outcome, Decision::suppressedBy)
                .containsExactly(
                        tuple(Outcome.SENT, null),
                        tuple(Outcome.SENT, null),
                        tuple(Outcome.SENT, null),
                        tuple(Outcome.SUPPRESSED, SuppressionReason.FREQUENCY_CAP),
                        tuple(Outcome.SUPPRESSED, SuppressionReason.FREQUENCY_CAP),
                        tuple(Outcome.SENT, null));
        assertThat(journey.actions).hasSize(4);
    }

    @Test
    void aCappedChannelGivesWayToTheNextConsentedOneInTheConfiguredOrder() {
        PatternsConfig config =
                browsing(
                        "frequencyCaps: [{channel: PUSH, max: 1, per: 4h}]", "[PUSH, EMAIL]", "0s");

        JourneyReplay journey =
                new JourneyReplay(config, BOUND).send(viewsEvery(alice, ONE_HOUR, 5));
        journey.endOfInput();

        assertThat(journey.actions)
                .extracting(Action::channel)
                .containsExactly(
                        Channel.PUSH, Channel.EMAIL, Channel.EMAIL, Channel.EMAIL, Channel.PUSH);
    }

    @Test
    void theCooldownDecidesBeforeTheCapAndTheCapBeforeTheHoldout() {
        PatternsConfig everyoneHeldOut =
                browsing(
                        """
                        frequencyCaps: [{channel: ANY, max: 1, per: 1d}]
                        holdoutPercent: 100
                        """,
                        "[PUSH]",
                        "3h");

        JourneyReplay journey =
                new JourneyReplay(everyoneHeldOut, BOUND).send(viewsEvery(alice, 2 * ONE_HOUR, 3));
        journey.endOfInput();

        assertThat(journey.decisions)
                .extracting(Decision::outcome, Decision::suppressedBy)
                .containsExactly(
                        tuple(Outcome.HOLDOUT, null),
                        tuple(Outcome.SUPPRESSED, SuppressionReason.COOLDOWN),
                        tuple(Outcome.SUPPRESSED, SuppressionReason.FREQUENCY_CAP));
        assertThat(journey.actions).as("a held-out user is sent nothing").isEmpty();
        assertThat(journey.decisions.get(0).channel())
                .as("the channel it would have gone on")
                .isEqualTo(Channel.PUSH);
        assertThat(journey.decisions.get(0).actionId()).isNull();
    }

    @Test
    void theHoldoutGroupIsAStableShareOfUsersChosenByUserAndSalt() {
        int users = 20_000;
        int held = 0;
        for (int i = 0; i < users; i++) {
            String user = "user-" + i;
            boolean inHoldout = Ids.inHoldout(user, "2026-q4", 5);
            assertThat(Ids.inHoldout(user, "2026-q4", 5)).isEqualTo(inHoldout);
            held += inHoldout ? 1 : 0;
        }
        assertThat(held).as("5 %% of %d users", users).isBetween(900, 1100);

        int moved = 0;
        for (int i = 0; i < users; i++) {
            String user = "user-" + i;
            if (Ids.inHoldout(user, "2026-q4", 5) != Ids.inHoldout(user, "2027-q1", 5)) {
                moved++;
            }
        }
        assertThat(moved).as("a new salt draws a new group").isGreaterThan(1500);
        assertThat(Ids.inHoldout("anyone", "salt", 0)).isFalse();
        assertThat(Ids.inHoldout("anyone", "salt", 100)).isTrue();
    }

    /**
     * The policy's promises over random shoppers: two patterns (one sent at the best hour) in
     * competition, caps, quiet hours that hold actions, purchases that cancel held ones and a
     * holdout group. No user ever gets more than a cap allows in any rolling window, nothing is
     * sent inside quiet hours, and every SENT decision has its action and every action its SENT.
     */
    @Test
    void onRandomJourneysNoCapIsExceededNothingGoesInQuietHoursAndSentMeansAnAction() {
        PatternsConfig config =
                Configs.parse(
                        """
                        version: "property-1"
                        timezone: Asia/Shanghai
                        policy:
                          quietHours: {start: "22:00", end: "08:00", mode: HOLD}
                          frequencyCaps:
                            - {channel: ANY, max: 3, per: 1d}
                            - {channel: PUSH, max: 1, per: 4h}
                          holdoutPercent: 20
                          holdoutSalt: "property"
                        patterns:
                          - id: browse
                            type: BROWSE_WITHOUT_BUY
                            params: {minViews: 1, window: 30m}
                            action: {channels: [PUSH, EMAIL], template: t, priority: 10, cooldown: 0s, ttl: 12h}
                          - id: browse-evening
                            type: BROWSE_WITHOUT_BUY
                            params: {minViews: 2, window: 30m}
                            action: {channels: [EMAIL, PUSH], template: t, priority: 20, cooldown: 2h, ttl: 20h, sendTime: BEST_HOUR}
                        """);
        java.time.ZoneId shanghai = java.time.ZoneId.of("Asia/Shanghai");
        Random random = new Random(20261125);
        List<UserEvent> events = new ArrayList<>();
        for (int user = 0; user < 200; user++) {
            Shopper shopper = Shopper.named("shopper-" + user);
            long time = BEGINNING + random.nextInt(3_600_000);
            for (int step = 0; step < 40; step++) {
                time += 60_000L + random.nextInt(6 * 3_600_000);
                events.add(
                        random.nextInt(8) == 0
                                ? shopper.buys("item-" + step).at(time)
                                : shopper.views("item-" + step).at(time));
            }
        }
        events.sort(java.util.Comparator.comparingLong(UserEvent::ts));
        JourneyReplay journey =
                new JourneyReplay(config, BOUND).send(events.toArray(new UserEvent[0]));
        journey.endOfInput();

        assertThat(journey.decisions)
                .extracting(Decision::suppressedBy)
                .contains(
                        SuppressionReason.FREQUENCY_CAP,
                        SuppressionReason.LOWER_PRIORITY,
                        SuppressionReason.CONVERTED_BEFORE_SEND,
                        null);
        Map<String, List<Action>> byUser = new HashMap<>();
        for (Action action : journey.actions) {
            byUser.computeIfAbsent(action.userId(), u -> new ArrayList<>()).add(action);
            java.time.LocalTime local =
                    java.time.Instant.ofEpochMilli(action.sendAt()).atZone(shanghai).toLocalTime();
            assertThat(local.getHour()).as("sent at %s local time", local).isBetween(8, 21);
        }
        for (List<Action> actions : byUser.values()) {
            for (Action last : actions) {
                long end = last.sendAt();
                assertThat(within(actions, null, end - ONE_DAY, end)).isLessThanOrEqualTo(3);
                assertThat(within(actions, Channel.PUSH, end - 4 * ONE_HOUR, end))
                        .isLessThanOrEqualTo(1);
            }
        }
        // A watermark far behind makes users run ahead of it (over maxPendingEvents): the same
        // decisions, since each user's own events, deadlines and matches still go in time order.
        JourneyReplay runningAhead =
                new JourneyReplay(
                                config,
                                dev.nudge.journey.JourneySettings.defaults()
                                        .withMaxPendingEvents(3),
                                12 * ONE_HOUR)
                        .send(events.toArray(new UserEvent[0]));
        runningAhead.endOfInput();
        assertThat(runningAhead.decisions).containsExactlyInAnyOrderElementsOf(journey.decisions);
        assertThat(runningAhead.actions).containsExactlyInAnyOrderElementsOf(journey.actions);

        List<String> sent =
                journey.decisions.stream()
                        .filter(d -> d.outcome() == Outcome.SENT)
                        .map(Decision::actionId)
                        .toList();
        assertThat(journey.actions)
                .extracting(Action::actionId)
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(sent);
    }

    private static long within(List<Action> actions, Channel channel, long after, long upTo) {
        return actions.stream()
                .filter(a -> a.sendAt() > after && a.sendAt() <= upTo)
                .filter(a -> channel == null || a.channel() == channel)
                .count();
    }

    @Test
    void theSendLogKeepsWhatACapCanCountAndSurvivesEncoding() {
        List<FrequencyCap> caps = List.of(new FrequencyCap(null, 2, java.time.Duration.ofHours(1)));
        SendLog sends = new SendLog();
        sends.record(BEGINNING, BEGINNING, Channel.PUSH, ONE_HOUR);
        sends.record(BEGINNING + 10, BEGINNING + 10, Channel.EMAIL, ONE_HOUR);
        assertThat(sends.allows(caps, Channel.SMS, BEGINNING + 20)).isFalse();
        assertThat(sends.allows(caps, Channel.SMS, BEGINNING + ONE_HOUR)).isTrue();

        StateOutput out = new StateOutput(64);
        out.reset(BEGINNING);
        sends.write(out);
        SendLog decoded = new SendLog();
        try {
            decoded.read(new StateInput(out.buffer(), 0, out.size(), BEGINNING));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        assertThat(decoded.count(null, BEGINNING - 1, BEGINNING + 10)).isEqualTo(2);
        assertThat(decoded.count(Channel.EMAIL, BEGINNING - 1, BEGINNING + 10)).isEqualTo(1);

        decoded.record(BEGINNING + 2 * ONE_HOUR, BEGINNING + 2 * ONE_HOUR, Channel.PUSH, ONE_HOUR);
        assertThat(decoded.size()).as("the two older than the longest window are gone").isOne();
    }
}
