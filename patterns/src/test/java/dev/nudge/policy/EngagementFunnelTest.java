package dev.nudge.policy;

import static dev.nudge.testing.Shopper.ONE_DAY;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static dev.nudge.testing.Shopper.THIRTY_MINUTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.nudge.config.PatternsConfig;
import dev.nudge.event.Channel;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.journey.JourneyReplay;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engagement funnel (README, {@code marketing-engagement}): the senders' feedback on an action
 * is linked to the pattern, variant and channel that sent it, each step of an action once, from a
 * bounded memory of the user's recent sends.
 */
class EngagementFunnelTest {
    private static final long BOUND = 5_000;

    /** 10:00 in Shanghai; a view now is a browse moment, sent at 10:30. */
    private static final long MORNING = Instant.parse("2017-11-25T02:00:00Z").toEpochMilli();

    private static final long SENT_AT = MORNING + THIRTY_MINUTES;

    private final Shopper alice = Shopper.named("alice");

    private static final PatternsConfig BROWSE =
            Configs.parse(
                    """
                    version: "funnel-1"
                    timezone: Asia/Shanghai
                    policy: {quietHours: {start: "00:00", end: "00:00"}, arbitrationWindow: 0s}
                    patterns:
                      - id: browse
                        type: BROWSE_WITHOUT_BUY
                        params: {minViews: 1, window: 30m}
                        action: {channels: [EMAIL, PUSH], template: browse_v1, cooldown: 0s}
                    """);

    /** Alice views an item and gets the browse reminder at 10:30; its action id. */
    private String sentTo(JourneyReplay journey) {
        journey.send(alice.views("i1").at(MORNING)).advanceWatermark(SENT_AT + ONE_MINUTE);
        assertThat(journey.actions).hasSize(1);
        return journey.actions.get(0).actionId();
    }

    @Test
    void deliveredOpenedAndClickedAreEachLinkedOnceToThePatternAndChannelThatSent() {
        JourneyReplay journey = new JourneyReplay(BROWSE, BOUND);
        String actionId = sentTo(journey);

        journey.send(
                        feedback(EventType.MESSAGE_DELIVERED, actionId, SENT_AT + 2 * ONE_MINUTE),
                        feedback(EventType.MESSAGE_OPENED, actionId, SENT_AT + 10 * ONE_MINUTE),
                        feedback(EventType.MESSAGE_OPENED, actionId, SENT_AT + 11 * ONE_MINUTE),
                        feedback(EventType.MESSAGE_CLICKED, actionId, SENT_AT + 12 * ONE_MINUTE))
                .endOfInput();

        assertThat(journey.engagement)
                .extracting(
                        Engagement::actionId,
                        Engagement::patternId,
                        Engagement::variant,
                        Engagement::channel,
                        Engagement::configVersion,
                        Engagement::step,
                        Engagement::sentAt,
                        Engagement::at)
                .containsExactly(
                        tuple(
                                actionId,
                                "browse",
                                null,
                                Channel.EMAIL,
                                "funnel-1",
                                Engagement.Step.DELIVERED,
                                SENT_AT,
                                SENT_AT + 2 * ONE_MINUTE),
                        tuple(
                                actionId,
                                "browse",
                                null,
                                Channel.EMAIL,
                                "funnel-1",
                                Engagement.Step.OPENED,
                                SENT_AT,
                                SENT_AT + 10 * ONE_MINUTE),
                        tuple(
                                actionId,
                                "browse",
                                null,
                                Channel.EMAIL,
                                "funnel-1",
                                Engagement.Step.CLICKED,
                                SENT_AT,
                                SENT_AT + 12 * ONE_MINUTE));
        assertThat(journey.repeatedFeedback)
                .as("the second open is counted, not written")
                .extracting(UserEvent::ts)
                .containsExactly(SENT_AT + 11 * ONE_MINUTE);
        assertThat(journey.unlinkedFeedback).isEmpty();
    }

    @Test
    void feedbackOnAnActionTheUserWasNeverSentIsCountedNotWritten() {
        JourneyReplay journey = new JourneyReplay(BROWSE, BOUND);
        sentTo(journey);

        journey.send(
                        feedback(
                                EventType.MESSAGE_OPENED,
                                "9133ac0d-a797-8abc-9428-ca1dc0a5d8c8",
                                SENT_AT + ONE_HOUR),
                        feedback(
                                EventType.MESSAGE_CLICKED,
                                "not-an-action-of-ours",
                                SENT_AT + ONE_HOUR))
                .endOfInput();

        assertThat(journey.engagement).isEmpty();
        assertThat(journey.unlinkedFeedback).hasSize(2);
    }

    @Test
    void aHoldoutSendsNothingAndSoHasNoFunnel() {
        PatternsConfig holdout =
                Configs.parse(
                        """
                        version: "funnel-1"
                        timezone: Asia/Shanghai
                        policy: {quietHours: {start: "00:00", end: "00:00"}, arbitrationWindow: 0s, holdoutPercent: 100}
                        patterns:
                          - id: browse
                            type: BROWSE_WITHOUT_BUY
                            params: {minViews: 1, window: 30m}
                            action: {channels: [EMAIL], template: browse_v1}
                        """);
        JourneyReplay journey =
                new JourneyReplay(holdout, BOUND)
                        .send(alice.views("i1").at(MORNING))
                        .advanceWatermark(SENT_AT + ONE_HOUR);

        assertThat(journey.decisions)
                .extracting(Decision::outcome)
                .containsExactly(Outcome.HOLDOUT);
        assertThat(journey.journey("alice").recentSends()).isZero();
    }

    @Test
    void onlyTheLastFewSendsAreRememberedTheOldestGoesFirst() {
        int sends = RecentSends.CAPACITY + 1;
        JourneyReplay journey = new JourneyReplay(BROWSE, BOUND);
        for (int i = 0; i < sends; i++) {
            journey.send(alice.views("i" + i).at(MORNING + i * ONE_DAY));
        }
        journey.advanceWatermark(MORNING + (sends - 1) * ONE_DAY + ONE_HOUR);
        assertThat(journey.actions).hasSize(sends);
        assertThat(journey.journey("alice").recentSends()).isEqualTo(RecentSends.CAPACITY);

        List<UserEvent> opens = new ArrayList<>();
        for (int i = 0; i < sends; i++) {
            opens.add(
                    feedback(
                            EventType.MESSAGE_OPENED,
                            journey.actions.get(i).actionId(),
                            MORNING + sends * ONE_DAY + i));
        }
        journey.send(opens.toArray(UserEvent[]::new)).endOfInput();

        assertThat(journey.unlinkedFeedback)
                .as("the first send was pushed out by the last")
                .extracting(UserEvent::actionId)
                .containsExactly(journey.actions.get(0).actionId());
        assertThat(journey.engagement)
                .extracting(Engagement::actionId)
                .containsExactlyElementsOf(
                        journey.actions.subList(1, sends).stream().map(Action::actionId).toList());
    }

    @Test
    void anErasureForgetsTheRecentSends() {
        JourneyReplay journey = new JourneyReplay(BROWSE, BOUND);
        String actionId = sentTo(journey);

        journey.send(
                        alice.erases(SENT_AT + ONE_HOUR),
                        feedback(EventType.MESSAGE_OPENED, actionId, SENT_AT + 2 * ONE_HOUR))
                .endOfInput();

        assertThat(journey.engagement).isEmpty();
        assertThat(journey.unlinkedFeedback).hasSize(1);
    }

    @Test
    void theRecentSendsAndTheStepsSeenSurviveTheUsersState() throws Exception {
        JourneyReplay journey = new JourneyReplay(BROWSE, BOUND);
        String actionId = sentTo(journey);
        journey.send(feedback(EventType.MESSAGE_DELIVERED, actionId, SENT_AT + 2 * ONE_MINUTE))
                .advanceWatermark(SENT_AT + ONE_HOUR);

        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        dev.nudge.journey.JourneyCodec.write(
                journey.journey("alice"), new java.io.DataOutputStream(bytes));
        JourneyReplay restored =
                new JourneyReplay(BROWSE, BOUND)
                        .restore(
                                "alice",
                                dev.nudge.journey.JourneyCodec.read(
                                        new java.io.DataInputStream(
                                                new java.io.ByteArrayInputStream(
                                                        bytes.toByteArray()))))
                        .send(
                                feedback(
                                        EventType.MESSAGE_DELIVERED,
                                        actionId,
                                        SENT_AT + 2 * ONE_HOUR),
                                feedback(
                                        EventType.MESSAGE_CLICKED,
                                        actionId,
                                        SENT_AT + 3 * ONE_HOUR))
                        .endOfInput();

        assertThat(restored.repeatedFeedback).hasSize(1);
        assertThat(restored.engagement)
                .extracting(Engagement::step, Engagement::channel, Engagement::sentAt)
                .containsExactly(tuple(Engagement.Step.CLICKED, Channel.EMAIL, SENT_AT));
    }

    @Test
    void aClickWithoutAnOpenCountsAsEngagementInTheChannelChoice() {
        // Earlier email actions were clicked but never reported opened; push ones only delivered.
        List<UserEvent> earlier = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            earlier.add(profileFeedback(EventType.MESSAGE_DELIVERED, Channel.PUSH, MORNING + i));
            earlier.add(profileFeedback(EventType.MESSAGE_DELIVERED, Channel.EMAIL, MORNING + i));
            earlier.add(profileFeedback(EventType.MESSAGE_CLICKED, Channel.EMAIL, MORNING + i));
        }
        PatternsConfig pushFirst =
                Configs.parse(
                        """
                        version: "funnel-1"
                        timezone: Asia/Shanghai
                        policy: {quietHours: {start: "00:00", end: "00:00"}, arbitrationWindow: 0s}
                        patterns:
                          - id: browse
                            type: BROWSE_WITHOUT_BUY
                            params: {minViews: 1, window: 30m}
                            action: {channels: [PUSH, EMAIL], template: browse_v1}
                        """);

        JourneyReplay journey =
                new JourneyReplay(pushFirst, BOUND)
                        .send(earlier.toArray(UserEvent[]::new))
                        .send(alice.views("i1").at(MORNING + ONE_HOUR))
                        .endOfInput();

        assertThat(journey.actions).extracting(Action::channel).containsExactly(Channel.EMAIL);
    }

    private UserEvent feedback(EventType type, String actionId, long ts) {
        return UserEvent.builder("alice-" + type + "-" + ts, "alice", type, ts)
                .channel(Channel.EMAIL)
                .actionId(actionId)
                .build();
    }

    private UserEvent profileFeedback(EventType type, Channel channel, long ts) {
        return UserEvent.builder("alice-" + type + "-" + channel + "-" + ts, "alice", type, ts)
                .channel(channel)
                .actionId("a-earlier")
                .build();
    }
}
