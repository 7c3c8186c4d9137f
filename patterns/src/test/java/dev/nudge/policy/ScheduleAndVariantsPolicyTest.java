package dev.nudge.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.Variant;
import dev.nudge.event.Channel;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.journey.JourneyReplay;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A pattern's schedule and its experiment as the policy applies them to shoppers' matches: {@code
 * OUT_OF_SCHEDULE} at the trigger time in the right zone and in the right place among the rules,
 * the pattern's own holdout, and each variant's channels, send time, template and offer, with the
 * variant named in every decision and action.
 */
class ScheduleAndVariantsPolicyTest {
    private static final long BOUND = 5_000;
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** 2026-12-01 09:30 in Shanghai, a Tuesday: a view then matches at 10:00. */
    private static final long MORNING =
            LocalDateTime.parse("2026-12-01T09:30").atZone(SHANGHAI).toInstant().toEpochMilli();

    private static final long THIRTY_MINUTES = 30 * 60_000L;

    /** One-view browse patterns, sent at once: no quiet hours, no arbitration, no cooldown. */
    private static PatternsConfig config(String policy, String patterns) {
        return Configs.parse(
                """
                version: "exp-1"
                timezone: Asia/Shanghai
                policy:
                  quietHours: {start: "00:00", end: "00:00"}
                  arbitrationWindow: 0s
                %s
                offers: [{segment: PROSPECT, offer: WELCOME_5}]
                patterns:
                %s"""
                        .formatted(policy.indent(2), patterns.indent(2)));
    }

    private static String browse(String id, String extra) {
        return """
                - id: %s
                  type: BROWSE_WITHOUT_BUY
                  params: {minViews: 1, window: 30m}
                %s"""
                .formatted(id, extra.indent(2));
    }

    private static UserEvent registersIn(Shopper shopper, String zone, long at) {
        return UserEvent.builder(shopper.id() + "-register", shopper.id(), EventType.REGISTER, at)
                .timezone(zone)
                .build();
    }

    @Test
    void aMatchOutsideTheScheduleInTheUsersZoneIsOutOfSchedule() {
        PatternsConfig config =
                config(
                        "",
                        browse(
                                "daytime",
                                """
                                schedule: {hours: "09:00-21:00", zone: USER}
                                action: {channels: [PUSH], template: t, cooldown: 0s}
                                """));
        Shopper newYorker = Shopper.named("new-yorker");
        Shopper local = Shopper.named("local");

        JourneyReplay journey =
                new JourneyReplay(config, BOUND)
                        .send(
                                registersIn(newYorker, "America/New_York", MORNING - 60_000),
                                newYorker.views("i1").at(MORNING),
                                local.views("i1").at(MORNING));
        journey.endOfInput();

        // The matches trigger at 10:00 in Shanghai: 21:00 the day before in New York.
        assertThat(journey.decisions)
                .extracting(Decision::userId, Decision::outcome, Decision::suppressedBy)
                .containsExactlyInAnyOrder(
                        tuple("new-yorker", Outcome.SUPPRESSED, SuppressionReason.OUT_OF_SCHEDULE),
                        tuple("local", Outcome.SENT, null));
        assertThat(journey.actions).extracting(Action::userId).containsExactly("local");
    }

    @Test
    void inTheConfigurationsZoneTheScheduleIsTheSameForEveryone() {
        PatternsConfig config =
                config(
                        "",
                        browse(
                                "morning",
                                """
                                schedule: {hours: "06:00-10:00"}
                                action: {channels: [PUSH], template: t, cooldown: 0s}
                                """));
        Shopper newYorker = Shopper.named("new-yorker");
        Shopper local = Shopper.named("local");

        JourneyReplay journey =
                new JourneyReplay(config, BOUND)
                        .send(
                                registersIn(newYorker, "America/New_York", MORNING - 60_000),
                                newYorker.views("i1").at(MORNING - 60_000),
                                local.views("i1").at(MORNING),
                                local.views("i2").at(MORNING + THIRTY_MINUTES));
        journey.endOfInput();

        // 09:59 and 10:00 in Shanghai, whatever the user's zone; the last match at 10:30.
        assertThat(journey.decisions)
                .extracting(Decision::userId, Decision::suppressedBy)
                .containsExactlyInAnyOrder(
                        tuple("new-yorker", null),
                        tuple("local", SuppressionReason.OUT_OF_SCHEDULE),
                        tuple("local", SuppressionReason.OUT_OF_SCHEDULE));
    }

    @Test
    void theScheduleComesRightAfterTheSwitchBeforeTheAudience() {
        PatternsConfig config =
                config(
                        "",
                        browse(
                                "vip-only-in-2027",
                                """
                                schedule: {from: 2027-01-01}
                                audience: {segments: [high-value]}
                                action: {channels: [PUSH], template: t, cooldown: 0s}
                                """));
        Shopper nobody = Shopper.named("nobody");

        JourneyReplay journey =
                new JourneyReplay(config, BOUND).send(nobody.views("i1").at(MORNING));
        journey.endOfInput();

        assertThat(journey.decisions)
                .extracting(Decision::suppressedBy)
                .containsExactly(SuppressionReason.OUT_OF_SCHEDULE);
    }

    @Test
    void aPatternSwitchedOffIsDisabledWhateverItsSchedule() {
        String pattern =
                """
                schedule: {until: 2026-11-30}
                action: {channels: [PUSH], template: t, cooldown: 0s}
                """;
        PatternsConfig on = config("", browse("ended", pattern));
        PatternsConfig off = config("", browse("ended", "enabled: false\n" + pattern));
        Shopper alice = Shopper.named("alice");

        JourneyReplay journey = new JourneyReplay(on, BOUND).send(alice.views("i1").at(MORNING));
        journey.reconfigure(off);
        journey.endOfInput();

        assertThat(journey.decisions)
                .extracting(Decision::suppressedBy)
                .containsExactly(SuppressionReason.DISABLED);
    }

    @Test
    void aScheduleChangedLiveAppliesToTheNextMatch() {
        String pattern =
                """
                schedule: {until: "2026-12-01T10:29"}
                action: {channels: [PUSH], template: t, cooldown: 0s}
                """;
        PatternsConfig before = config("", browse("advent", pattern));
        PatternsConfig extended =
                config(
                        "",
                        browse("advent", pattern.replace("2026-12-01T10:29", "2026-12-24T23:59")));
        Shopper alice = Shopper.named("alice");

        JourneyReplay journey =
                new JourneyReplay(before, BOUND)
                        .send(
                                alice.views("i1").at(MORNING),
                                alice.views("i2").at(MORNING + THIRTY_MINUTES),
                                alice.views("i3").at(MORNING + 2 * THIRTY_MINUTES));
        journey.advanceWatermark(MORNING + 2 * THIRTY_MINUTES + 1);
        journey.reconfigure(extended);
        journey.endOfInput();

        // Matches at 10:00 (in), 10:30 (after 10:29), then, extended live, 11:00.
        assertThat(journey.decisions)
                .extracting(Decision::triggeredAt, Decision::suppressedBy)
                .containsExactly(
                        tuple(MORNING + THIRTY_MINUTES, null),
                        tuple(MORNING + 2 * THIRTY_MINUTES, SuppressionReason.OUT_OF_SCHEDULE),
                        tuple(MORNING + 3 * THIRTY_MINUTES, null));
    }

    @Test
    void aPatternsOwnHoldoutPercentOverridesThePolicys() {
        PatternsConfig config =
                config(
                        "holdoutPercent: 100",
                        browse(
                                        "everyone-treated",
                                        """
                                        holdoutPercent: 0
                                        action: {channels: [PUSH], template: t, cooldown: 0s}
                                        """)
                                + browse(
                                        "policy-holdout",
                                        "action: {channels: [PUSH], template: t, cooldown: 0s}"));
        Shopper alice = Shopper.named("alice");

        JourneyReplay journey =
                new JourneyReplay(config, BOUND).send(alice.views("i1").at(MORNING));
        journey.endOfInput();

        assertThat(journey.decisions)
                .extracting(Decision::patternId, Decision::outcome)
                .containsExactlyInAnyOrder(
                        tuple("everyone-treated", Outcome.SENT),
                        tuple("policy-holdout", Outcome.HOLDOUT));
    }

    private static final String EXPERIMENT =
            """
            holdoutPercent: 20
            action:
              channels: [PUSH, EMAIL]
              template: browse_v1
              cooldown: 0s
              variants:
                - {id: control, weight: 50}
                - {id: coupon, weight: 30, template: browse_coupon_v1, offer: COUPON_10}
                - {id: by-email, weight: 20, channels: [EMAIL]}
            """;

    @Test
    void eachShopperGetsTheirVariantsTemplateOfferAndChannelAndEveryRecordNamesIt() {
        PatternsConfig config = config("", browse("browse", EXPERIMENT));
        PatternSpec pattern = config.pattern("browse");
        List<UserEvent> views = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            views.add(Shopper.named("shopper-" + i).views("i1").at(MORNING + i));
        }

        JourneyReplay journey =
                new JourneyReplay(config, BOUND).send(views.toArray(new UserEvent[0]));
        journey.endOfInput();

        assertThat(journey.decisions).hasSize(300);
        for (Decision decision : journey.decisions) {
            Variant expected = Assignment.assigned(decision.userId(), pattern, config.policy());
            if (Assignment.inHoldout(decision.userId(), pattern, config.policy())) {
                assertThat(decision.outcome()).isEqualTo(Outcome.HOLDOUT);
                assertThat(decision.variant()).as("a held-out user is in no variant").isNull();
            } else {
                assertThat(decision.outcome()).isEqualTo(Outcome.SENT);
                assertThat(decision.variant()).isEqualTo(expected.id());
            }
        }
        Map<String, List<Action>> byVariant =
                journey.actions.stream().collect(Collectors.groupingBy(Action::variant));
        assertThat(byVariant).containsOnlyKeys("control", "coupon", "by-email");
        assertThat(byVariant.get("control"))
                .extracting(Action::template, Action::offer, Action::channel)
                .as("the action as written, the offer rules' offer")
                .containsOnly(tuple("browse_v1", "WELCOME_5", Channel.PUSH));
        assertThat(byVariant.get("coupon"))
                .extracting(Action::template, Action::offer, Action::channel)
                .as("the variant's template and its offer, which wins over the rules'")
                .containsOnly(tuple("browse_coupon_v1", "COUPON_10", Channel.PUSH));
        assertThat(byVariant.get("by-email"))
                .extracting(Action::template, Action::offer, Action::channel)
                .as("the variant's channels")
                .containsOnly(tuple("browse_v1", "WELCOME_5", Channel.EMAIL));
        Map<String, String> decided = new HashMap<>();
        journey.decisions.forEach(d -> decided.put(d.actionId(), d.variant()));
        assertThat(journey.actions)
                .allSatisfy(a -> assertThat(a.variant()).isEqualTo(decided.get(a.actionId())));
    }

    @Test
    void aVariantsChannelsDecideConsentAndItsSuppressionsNameIt() {
        PatternsConfig config =
                config(
                        "",
                        browse(
                                "browse",
                                """
                                action:
                                  channels: [PUSH]
                                  template: t
                                  cooldown: 0s
                                  variants:
                                    - {id: by-sms, weight: 1, channels: [SMS]}
                                """));
        Shopper alice = Shopper.named("alice");
        Shopper bob = Shopper.named("bob");

        JourneyReplay journey =
                new JourneyReplay(config, BOUND)
                        .send(
                                bob.consents(Channel.SMS, true, MORNING - 60_000),
                                alice.views("i1").at(MORNING),
                                bob.views("i1").at(MORNING));
        journey.endOfInput();

        // SMS needs consent by default: alice never gave it, bob did.
        assertThat(journey.decisions)
                .extracting(
                        Decision::userId,
                        Decision::variant,
                        Decision::suppressedBy,
                        Decision::channel)
                .containsExactlyInAnyOrder(
                        tuple("alice", "by-sms", SuppressionReason.NO_CONSENT, null),
                        tuple("bob", "by-sms", null, Channel.SMS));
    }

    @Test
    void aVariantsSendTimeDecidesThePlan() {
        PatternsConfig config =
                config(
                        "",
                        browse(
                                "browse",
                                """
                                action:
                                  channels: [PUSH]
                                  template: t
                                  cooldown: 0s
                                  ttl: 2d
                                  variants:
                                    - {id: at-once, weight: 1}
                                    - {id: best-hour, weight: 1, sendTime: BEST_HOUR}
                                """));
        List<UserEvent> views = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            views.add(Shopper.named("shopper-" + i).views("i1").at(MORNING + i));
        }

        JourneyReplay journey =
                new JourneyReplay(config, BOUND).send(views.toArray(new UserEvent[0]));
        journey.endOfInput();

        // The only activity is the view at 09:30: the best hour is 09:00, next on the day after.
        Map<String, List<Action>> byVariant =
                journey.actions.stream().collect(Collectors.groupingBy(Action::variant));
        assertThat(byVariant).containsOnlyKeys("at-once", "best-hour");
        assertThat(byVariant.get("at-once"))
                .allSatisfy(a -> assertThat(a.sendAt()).isEqualTo(a.triggeredAt()));
        assertThat(byVariant.get("best-hour"))
                .allSatisfy(
                        a ->
                                assertThat(
                                                LocalDateTime.ofInstant(
                                                        java.time.Instant.ofEpochMilli(a.sendAt()),
                                                        SHANGHAI))
                                        .isEqualTo(LocalDateTime.parse("2026-12-02T09:00")));
    }
}
