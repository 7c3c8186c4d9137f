package dev.nudge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nudge.event.Channel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link PatternsConfigReader}. */
class PatternsConfigReaderTest {

    @Test
    void theShippedConfigurationIsValid() throws Exception {
        PatternsConfig config = PatternsConfigReader.read(Path.of("../config/patterns.yaml"));

        assertThat(config.version()).isEqualTo("2026-12-03.2");
        assertThat(config.timezone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        assertThat(config.patterns())
                .extracting(PatternSpec::id)
                .containsExactly(
                        "browse-abandonment",
                        "window-shopping",
                        "cart-abandonment",
                        "new-user-first-order",
                        "restock-reminder",
                        "overdue-reminder",
                        "win-back",
                        "vip-milestone",
                        "search-without-result");
        assertThat(config.patterns())
                .extracting(PatternSpec::type)
                .as("every pattern type, with an example")
                .containsAll(java.util.EnumSet.allOf(PatternType.class));
        PatternSpec browse = config.pattern("browse-abandonment");
        assertThat(browse.type()).isEqualTo(PatternType.BROWSE_WITHOUT_BUY);
        assertThat(browse.params())
                .isEqualTo(new BrowseWithoutBuyParams(2, Duration.ofMinutes(30)));
        assertThat(browse.action().channels()).containsExactly(Channel.PUSH, Channel.EMAIL);
        assertThat(browse.action().ttl()).isEqualTo(Duration.ofHours(12));
        assertThat(config.policy().quietHours().start()).isEqualTo(LocalTime.of(22, 0));
        assertThat(config.policy().frequencyCaps())
                .containsExactly(
                        new FrequencyCap(null, 3, Duration.ofDays(1)),
                        new FrequencyCap(Channel.PUSH, 1, Duration.ofHours(4)));
        assertThat(config.policy().consentedByDefault(Channel.SMS)).isFalse();
        assertThat(config.offers())
                .first()
                .isEqualTo(new OfferRule("PROSPECT", "FIRST_ORDER_COUPON"));
        FlowSpec rescue = config.flow("cart-rescue");
        assertThat(rescue.entry().patterns()).containsExactly("cart-abandonment");
        assertThat(rescue.entry().mode()).isEqualTo(FlowSpec.EntryMode.INSTEAD);
        assertThat(rescue.reentry()).isEqualTo(Duration.ofDays(7));
        assertThat(rescue.steps())
                .extracting(FlowSpec.Step::name)
                .containsExactly("push", "wait-open", "opened", "email", "wait-email", "coupon");
        assertThat(rescue.steps())
                .extracting(step -> step.getClass().getSimpleName())
                .as("one send for each of the three messages")
                .containsExactly("Send", "Wait", "Wait", "Send", "Wait", "Send");
    }

    @Test
    void omittedSettingsTakeTheDocumentedDefaults() throws Exception {
        PatternsConfig config =
                PatternsConfigReader.read(
                        """
                        version: "1"
                        patterns:
                          - id: browse
                            type: BROWSE_WITHOUT_BUY
                            action: {channels: [PUSH], template: t}
                        """,
                        "minimal");

        PatternSpec browse = config.pattern("browse");
        assertThat(browse.enabled()).isTrue();
        assertThat(browse.params())
                .isEqualTo(new BrowseWithoutBuyParams(2, Duration.ofMinutes(30)));
        assertThat(browse.action().cooldown()).isEqualTo(Duration.ofHours(24));
        assertThat(browse.action().priority()).isEqualTo(50);
        assertThat(browse.action().sendTime()).isEqualTo(SendTime.ASAP);
        assertThat(config.timezone()).isEqualTo(ZoneId.of("Z"));
        assertThat(config.lifecycle())
                .isEqualTo(new LifecycleSpec(Duration.ofDays(30), Duration.ofDays(90)));
        assertThat(config.policy().arbitrationWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.policy().attributionWindow()).isEqualTo(Duration.ofDays(3));
    }

    @Test
    void reportsEveryErrorAtOnceWithPathValueAndWhatIsExpected() {
        List<ConfigError> errors =
                PatternsConfigReader.problems(
                        """
                        version: "1"
                        timezone: Mars/Base
                        lifecycle: {silentAfter: 30d, churnedAfter: 10d}
                        policy:
                          quietHours: {start: 22:00, end: "8am", mode: SNOOZE}
                          holdoutPercent: 150
                          capOverflow: QUEUE
                        patterns:
                          - id: browse
                            type: BROWSE_WITHOUT_BUY
                            parms: {minViews: 2}
                            params: {minViews: 0, window: 30x}
                            action: {channels: [PUSH, FAX], template: t, cooldown: -1h}
                          - id: browse
                            type: CART_ABANDONMENT
                            params: {window: 0s, windw: 2h}
                            action: {channels: [], template: t}
                          - id: Bad Id
                            type: BROWSE_WITH_NO_BUY
                        """);

        assertThat(errors)
                .extracting(ConfigError::path)
                .containsExactlyInAnyOrder(
                        "timezone",
                        "lifecycle.churnedAfter",
                        "policy.quietHours.end",
                        "policy.quietHours.mode",
                        "policy.holdoutPercent",
                        "policy.capOverflow",
                        "patterns[0].parms",
                        "patterns[0].params.minViews",
                        "patterns[0].params.window",
                        "patterns[0].action.channels[1]",
                        "patterns[0].action.cooldown",
                        "patterns[1].id",
                        "patterns[1].params.windw",
                        "patterns[1].params.window",
                        "patterns[1].action.channels",
                        "patterns[2].id",
                        "patterns[2].type",
                        "patterns[2].action");
        assertThat(errors)
                .filteredOn(e -> e.path().equals("patterns[0].parms"))
                .singleElement()
                .hasToString(
                        "patterns[0].parms: unknown key -- expected one of action, audience,"
                                + " enabled, holdoutPercent, id, params, schedule, type (did you"
                                + " mean \"params\"?)");
        assertThat(errors)
                .filteredOn(e -> e.path().equals("patterns[0].params.window"))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.found()).isEqualTo("\"30x\"");
                            assertThat(e.expected()).contains("30s, 30m, 2h or 3d");
                        });
        assertThat(errors)
                .filteredOn(e -> e.path().equals("patterns[2].type"))
                .singleElement()
                .satisfies(
                        e ->
                                assertThat(e.expected())
                                        .contains("did you mean \"BROWSE_WITHOUT_BUY\""));
        assertThat(errors)
                .filteredOn(e -> e.path().equals("patterns[1].params.windw"))
                .singleElement()
                .satisfies(e -> assertThat(e.expected()).contains("did you mean \"window\""));
    }

    @Test
    void errorsNameAPatternByItsIdAsDiffDoesAndByItsPositionWithoutAReadableOne() {
        List<ConfigError> errors =
                PatternsConfigReader.problems(
                        """
                        version: "1"
                        patterns:
                          - id: cart-abandonment
                            type: CART_ABANDONMENT
                            action: {channels: [PUSH], template: t, priority: high}
                          - id: Not An Id
                            type: CART_ABANDONMENT
                            action: {channels: [PUSH], template: t, priority: high}
                          - id: "42"
                            type: CART_ABANDONMENT
                            action: {channels: [PUSH], template: t, priority: high}
                        """);

        assertThat(errors)
                .extracting(ConfigError::path)
                .containsExactly(
                        "patterns[cart-abandonment].action.priority",
                        "patterns[1].id",
                        "patterns[1].action.priority",
                        "patterns[2].action.priority");
    }

    @Test
    void aMisspeltChannelIsTheOneErrorOfItsListWithTheChannelMeant() {
        List<ConfigError> errors =
                PatternsConfigReader.problems(
                        """
                        version: "1"
                        patterns:
                          - id: cart-abandonment
                            type: CART_ABANDONMENT
                            action: {channels: [EMAL], template: t}
                        """);

        assertThat(errors)
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.path())
                                    .isEqualTo("patterns[cart-abandonment].action.channels[0]");
                            assertThat(e.expected()).contains("did you mean \"EMAIL\"");
                        });
    }

    @Test
    void profileSegmentAndRfmSettingsAreCheckedOnceEach() {
        List<ConfigError> errors =
                PatternsConfigReader.problems(
                        """
                        version: "1"
                        timezone: UTC
                        segments:
                          potential: {minViewz: 3, activeWithin: 0d}
                        rfm: {recencyDays: [30, 7, 90, 180]}
                        profile: {topCategories: 99}
                        patterns: []
                        """);

        assertThat(errors)
                .extracting(ConfigError::path)
                .containsExactlyInAnyOrder(
                        "segments.potential.minViewz",
                        "segments.potential.activeWithin",
                        "rfm.recencyDays",
                        "profile.topCategories");
    }

    @Test
    void aMisspeltTopLevelKeyIsAnErrorNotIgnored() {
        assertThat(PatternsConfigReader.problems("version: \"1\"\npaterns: []\n"))
                .extracting(ConfigError::toString)
                .anySatisfy(
                        e ->
                                assertThat(e)
                                        .startsWith("paterns: unknown key")
                                        .contains("\"patterns\""))
                .anySatisfy(e -> assertThat(e).startsWith("patterns: missing"));
    }

    @Test
    void unknownSegmentsInOffersAndAudiencesAreErrors() {
        List<ConfigError> errors =
                PatternsConfigReader.problems(
                        """
                        version: "1"
                        offers: [{segment: high-valu, offer: VIP}]
                        patterns:
                          - id: browse
                            type: BROWSE_WITHOUT_BUY
                            audience: {segments: [brand-loyl], stages: [SLEEPY], exclude: [CHURNED]}
                            action: {channels: [PUSH], template: t}
                        """);

        assertThat(errors)
                .extracting(ConfigError::path)
                .containsExactlyInAnyOrder(
                        "offers[0].segment",
                        "patterns[browse].audience.segments",
                        "patterns[browse].audience.stages[0]");
        assertThat(errors.get(0).expected()).contains("did you mean \"high-value\"");
    }

    @Test
    void aPatternNamesItsGoalAsAnEventTypeOrATagWithinAWindowAndPurchaseIsTheDefault()
            throws Exception {
        PatternsConfig config =
                PatternsConfigReader.read(
                        """
                        version: "1"
                        tags: {survey-done: {}}
                        patterns:
                          - id: win-back
                            type: LIFECYCLE_TRANSITION
                            action: {channels: [EMAIL], template: t, goal: {event: VIEW, within: 7d}}
                          - id: survey
                            type: NEW_USER_NO_PURCHASE
                            action: {channels: [EMAIL], template: t, goal: {event: survey-done}}
                          - id: browse
                            type: BROWSE_WITHOUT_BUY
                            action: {channels: [PUSH], template: t}
                        """,
                        "goals");

        assertThat(config.pattern("win-back").action().goal())
                .isEqualTo(new Goal("VIEW", Duration.ofDays(7)));
        assertThat(config.pattern("win-back").action().goal().type())
                .isEqualTo(dev.nudge.event.EventType.VIEW);
        Goal survey = config.pattern("survey").action().goal();
        assertThat(survey.type()).isEqualTo(dev.nudge.event.EventType.TAG);
        assertThat(survey.tag()).isEqualTo("survey-done");
        assertThat(survey.within()).as("the attribution window, as it is then").isNull();
        assertThat(config.pattern("browse").action().goal()).isEqualTo(Goal.PURCHASE);
    }

    @Test
    void aGoalThatIsNeitherAnEventTypeNorATagsNameIsAnErrorAtItsPath() {
        List<ConfigError> errors =
                PatternsConfigReader.problems(
                        """
                        version: "1"
                        patterns:
                          - id: a
                            type: BROWSE_WITHOUT_BUY
                            action: {channels: [PUSH], template: t, goal: {event: REVIEW}}
                          - id: b
                            type: BROWSE_WITHOUT_BUY
                            action: {channels: [PUSH], template: t, goal: {event: Gold_Tier}}
                          - id: c
                            type: BROWSE_WITHOUT_BUY
                            action: {channels: [PUSH], template: t, goal: {within: 100d, evnt: VIEW}}
                        """);

        assertThat(errors)
                .extracting(ConfigError::path)
                .containsExactlyInAnyOrder(
                        "patterns[a].action.goal.event",
                        "patterns[b].action.goal.event",
                        "patterns[c].action.goal.within",
                        "patterns[c].action.goal.evnt");
        assertThat(errors.get(0).expected())
                .contains("PURCHASE, ADD_TO_CART, VIEW or a tag's name");
    }

    @Test
    void aGoalOfATagTheDocumentDoesNotDeclareIsAnErrorWithTheClosestDeclaredOne() {
        List<ConfigError> errors =
                PatternsConfigReader.problems(
                        """
                        version: "1"
                        tags: {survey-done: {}, crm-tier: {}}
                        patterns:
                          - id: a
                            type: BROWSE_WITHOUT_BUY
                            action: {channels: [PUSH], template: t, goal: {event: survey-don}}
                        """);
        List<ConfigError> undeclared =
                PatternsConfigReader.problems(
                        """
                        version: "1"
                        patterns:
                          - id: a
                            type: BROWSE_WITHOUT_BUY
                            action: {channels: [PUSH], template: t, goal: {event: survey-done}}
                        """);

        assertThat(errors)
                .singleElement()
                .satisfies(
                        error -> {
                            assertThat(error.path()).isEqualTo("patterns[a].action.goal.event");
                            assertThat(error.expected()).contains("did you mean \"survey-done\"");
                        });
        assertThat(undeclared)
                .singleElement()
                .satisfies(error -> assertThat(error.expected()).contains("declares no tags"));
    }

    @Test
    void readsTheJsonFormOfTheDocumentToo() throws Exception {
        PatternsConfig config =
                PatternsConfigReader.read(
                        """
                        {"version": "2", "patterns": [{"id": "b", "type": "BROWSE_WITHOUT_BUY",
                          "action": {"channels": ["EMAIL"], "template": "t"}}]}
                        """,
                        "json");

        assertThat(config.version()).isEqualTo("2");
    }

    @Test
    void syntaxErrorsAndDuplicateKeysAreReportedWithTheirLine() {
        assertThat(PatternsConfigReader.problems("version: \"1\"\nversion: \"2\"\n"))
                .singleElement()
                .satisfies(
                        e -> assertThat(e.toString()).contains("line 2").contains("a second time"));
        assertThat(PatternsConfigReader.problems("patterns: [\n"))
                .singleElement()
                .satisfies(
                        e ->
                                assertThat(e.expected())
                                        .startsWith("] to close the list opened with [ at line 1"));
    }

    @Test
    void anInvalidDocumentCannotBeRead() {
        assertThatThrownBy(() -> PatternsConfigReader.read("version: 1\n", "patterns.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("patterns.yaml has 1 error:")
                .hasMessageContaining("patterns: missing");
    }

    @Test
    void aDocumentOfAnEarlierVersionThatSaysCapOverflowSkipReadsAsBefore() throws Exception {
        String without =
                """
                version: "1"
                policy:
                  frequencyCaps: [{channel: ANY, max: 3, per: 1d}]
                patterns:
                  - {id: b, type: BROWSE_WITHOUT_BUY, action: {channels: [PUSH], template: t}}
                """;
        String earlier = without.replace("policy:\n", "policy:\n  capOverflow: SKIP\n");

        assertThat(PatternsConfigReader.read(earlier, "earlier"))
                .isEqualTo(PatternsConfigReader.read(without, "without"));
    }

    @Test
    void capOverflowWithAnyOtherValueIsAnErrorThatSaysItWasRemoved() {
        assertThat(
                        PatternsConfigReader.problems(
                                """
                                version: "1"
                                policy: {capOverflow: QUEUE}
                                patterns: []
                                """))
                .singleElement()
                .hasToString(
                        "policy.capOverflow: \"QUEUE\" -- expected nothing: capOverflow was"
                                + " removed (SKIP, its one mode, is what always happens: over a"
                                + " frequency cap a match is FREQUENCY_CAP, neither sent nor"
                                + " queued); delete it");
    }
}
