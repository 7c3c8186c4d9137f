package dev.nudge.config;

import static java.time.Duration.ZERO;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.FlowSpec.Branch;
import dev.nudge.config.FlowSpec.Case;
import dev.nudge.config.FlowSpec.Condition;
import dev.nudge.config.FlowSpec.Entry;
import dev.nudge.config.FlowSpec.EntryMode;
import dev.nudge.config.FlowSpec.Exit;
import dev.nudge.config.FlowSpec.Send;
import dev.nudge.config.FlowSpec.Since;
import dev.nudge.config.FlowSpec.Wait;
import dev.nudge.event.Channel;
import dev.nudge.event.EventType;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link FlowReader}: the {@code flows:} of a document, read into their steps, and every
 * mistake in them reported with its path, the value found and what is expected.
 */
class FlowReaderTest {
    /** A document's patterns and tags, which the flows of each test are entered from and name. */
    private static final String PATTERNS =
            """
            version: "1"
            tags: {crm-gold: {}}
            patterns:
              - {id: cart-abandonment, type: CART_ABANDONMENT, action: {channels: [PUSH], template: cart_v1}}
              - {id: browse-abandonment, type: BROWSE_WITHOUT_BUY, action: {channels: [PUSH], template: browse_v1}}
            """;

    @Test
    void aFlowOfEveryKindOfStepIsReadIntoItsRecords() throws Exception {
        PatternsConfig config =
                read(
                        """
                        flows:
                          - id: cart-rescue
                            enabled: true
                            entry: {patterns: [cart-abandonment], mode: BESIDES}
                            reentry: 7d
                            exit: {event: PURCHASE, segment: high-value}
                            holdoutPercent: 10
                            steps:
                              - name: push
                                send: {channels: [PUSH], template: cart_push_v1, priority: 80, ttl: 12h}
                                next: wait-open
                              - name: wait-open
                                wait: {until: MESSAGE_OPENED, timeout: 1d}
                                next: opened
                                onTimeout: email
                                exit: {event: ADD_TO_CART}
                              - name: opened
                                branch:
                                  - when: {event: MESSAGE_CLICKED, since: LAST_SEND}
                                    next: wait-3d
                                  - when: {segment: crm-gold}
                                    next: vip-email
                                otherwise: email
                              - name: email
                                send:
                                  channels: [EMAIL]
                                  template: cart_email_v1
                                  cooldown: 1h
                                  variants: [{id: plain, weight: 50}, {id: coupon, weight: 50, offer: COUPON_10}]
                                next: wait-3d
                              - name: vip-email
                                send:
                                  channels: [EMAIL]
                                  template: cart_vip_v1
                                  sendTime: BEST_HOUR
                                  offers: [{segment: high-value, offer: VIP_SERVICE}]
                              - name: wait-3d
                                wait: {for: 3d}
                                next: coupon
                              - name: coupon
                                send: {channels: [EMAIL], template: cart_coupon_v1}
                        """);

        assertThat(config.flows())
                .containsExactly(
                        new FlowSpec(
                                "cart-rescue",
                                true,
                                new Entry(List.of("cart-abandonment"), EntryMode.BESIDES),
                                ofDays(7),
                                new Exit("PURCHASE", "high-value"),
                                10.0,
                                List.of(
                                        new Send(
                                                "push",
                                                new ActionSpec(
                                                        List.of(Channel.PUSH),
                                                        "cart_push_v1",
                                                        80,
                                                        ZERO,
                                                        ofHours(12),
                                                        SendTime.ASAP,
                                                        List.of(),
                                                        List.of(),
                                                        Goal.PURCHASE),
                                                "wait-open"),
                                        new Wait(
                                                "wait-open",
                                                ofDays(1),
                                                EventType.MESSAGE_OPENED,
                                                new Exit("ADD_TO_CART", null),
                                                "opened",
                                                "email"),
                                        new Branch(
                                                "opened",
                                                List.of(
                                                        new Case(
                                                                new Condition(
                                                                        EventType.MESSAGE_CLICKED,
                                                                        Since.LAST_SEND,
                                                                        null),
                                                                "wait-3d"),
                                                        new Case(
                                                                new Condition(
                                                                        null, null, "crm-gold"),
                                                                "vip-email")),
                                                "email"),
                                        new Send(
                                                "email",
                                                new ActionSpec(
                                                        List.of(Channel.EMAIL),
                                                        "cart_email_v1",
                                                        50,
                                                        ofHours(1),
                                                        ofDays(1),
                                                        SendTime.ASAP,
                                                        List.of(),
                                                        List.of(
                                                                new Variant(
                                                                        "plain", 50, null, null,
                                                                        null, null),
                                                                new Variant(
                                                                        "coupon",
                                                                        50,
                                                                        null,
                                                                        "COUPON_10",
                                                                        null,
                                                                        null)),
                                                        Goal.PURCHASE),
                                                "wait-3d"),
                                        new Send(
                                                "vip-email",
                                                new ActionSpec(
                                                        List.of(Channel.EMAIL),
                                                        "cart_vip_v1",
                                                        50,
                                                        ZERO,
                                                        ofDays(1),
                                                        SendTime.BEST_HOUR,
                                                        List.of(
                                                                new OfferRule(
                                                                        "high-value",
                                                                        "VIP_SERVICE")),
                                                        List.of(),
                                                        Goal.PURCHASE),
                                                null),
                                        new Wait("wait-3d", ofDays(3), null, null, "coupon", null),
                                        new Send(
                                                "coupon",
                                                new ActionSpec(
                                                        List.of(Channel.EMAIL),
                                                        "cart_coupon_v1",
                                                        50,
                                                        ZERO,
                                                        ofDays(1),
                                                        SendTime.ASAP,
                                                        List.of(),
                                                        List.of(),
                                                        Goal.PURCHASE),
                                                null))));
        assertThat(config.flow("cart-rescue").first().name()).isEqualTo("push");
    }

    @Test
    void aFlowThatWritesOnlyItsIdEntryAndStepsTakesTheDefaults() throws Exception {
        FlowSpec flow =
                read("""
                                flows:
                                  - id: cart-rescue
                                    entry: {patterns: [cart-abandonment]}
                                    steps: [{name: push, send: {channels: [PUSH], template: cart_push_v1}}]
                                """)
                        .flow("cart-rescue");

        assertThat(flow.enabled()).isTrue();
        assertThat(flow.entry().mode()).isEqualTo(EntryMode.INSTEAD);
        assertThat(flow.reentry()).as("never again").isNull();
        assertThat(flow.exit()).isEqualTo(Exit.PURCHASE);
        assertThat(flow.holdoutPercent()).as("the policy's").isNull();
        Send push = (Send) flow.first();
        assertThat(push.action().cooldown()).as("the waits set a flow's pace").isEqualTo(ZERO);
        assertThat(push.action().priority()).isEqualTo(50);
        assertThat(push.next()).as("the flow completes after it").isNull();
    }

    @Test
    void reentryIsADurationOrNever() throws Exception {
        String flow =
                """
                flows:
                  - id: cart-rescue
                    entry: {patterns: [cart-abandonment]}
                    reentry: %s
                    steps: [{name: push, send: {channels: [PUSH], template: cart_push_v1}}]
                """;

        assertThat(read(flow.formatted("NEVER")).flow("cart-rescue").reentry()).isNull();
        assertThat(read(flow.formatted("30d")).flow("cart-rescue").reentry()).isEqualTo(ofDays(30));
        assertThat(problems(flow.formatted("0s")))
                .singleElement()
                .hasToString(
                        "flows[0].reentry: \"0s\" -- expected a duration from 1m to 366d, e.g. 7d,"
                                + " or NEVER");
        assertThat(problems(flow.formatted("never")))
                .extracting(ConfigError::path)
                .containsExactly("flows[0].reentry");
    }

    @Test
    void aSendsGoalIsTheFlowsExitWhenAGoalCanNameIt() throws Exception {
        String flow =
                """
                flows:
                  - id: cart-rescue
                    entry: {patterns: [cart-abandonment]}
                    exit: %s
                    steps: [{name: push, send: {channels: [PUSH], template: cart_push_v1}}]
                """;

        assertThat(goalOfTheSend(flow.formatted("{event: ADD_TO_CART}")))
                .isEqualTo(new Goal("ADD_TO_CART", null));
        assertThat(goalOfTheSend(flow.formatted("{event: crm-gold}")))
                .isEqualTo(new Goal("crm-gold", null));
        assertThat(goalOfTheSend(flow.formatted("{event: SEARCH}")))
                .as("no goal names a SEARCH")
                .isEqualTo(Goal.PURCHASE);
        assertThat(goalOfTheSend(flow.formatted("{segment: high-value}"))).isEqualTo(Goal.PURCHASE);
    }

    @Test
    void aSendIsWrittenAsAPatternsActionButWithoutAGoal() {
        assertThat(
                        problems(
                                """
                                flows:
                                  - id: cart-rescue
                                    entry: {patterns: [cart-abandonment]}
                                    steps:
                                      - name: push
                                        send: {channels: [PUSH], template: cart_push_v1, goal: {event: VIEW}}
                                """))
                .singleElement()
                .hasToString(
                        "flows[0].steps[0].send.goal: unknown key -- expected one of channels,"
                                + " cooldown, offers, priority, sendTime, template, ttl, variants");
    }

    @Test
    void aStepNameNoStepHasIsAnErrorThatListsTheStepsThereAre() {
        List<String> errors =
                lines(
                        """
                        flows:
                          - id: cart-rescue
                            entry: {patterns: [cart-abandonment]}
                            steps:
                              - {name: push, send: {channels: [PUSH], template: cart_push_v1}, next: wait-opne}
                              - {name: wait-open, wait: {until: MESSAGE_OPENED, timeout: 1d}, next: opened, onTimeout: emial}
                              - name: opened
                                branch: [{when: {event: MESSAGE_CLICKED}, next: thanks}]
                                otherwise: push-again
                              - {name: email, send: {channels: [EMAIL], template: cart_email_v1}}
                        """);

        String known = "a step of the flow: one of push, wait-open, opened, email";
        assertThat(errors)
                .containsExactly(
                        "flows[0].steps[0].next: \"wait-opne\" -- expected "
                                + known
                                + " (did you mean \"wait-open\"?)",
                        "flows[0].steps[1].onTimeout: \"emial\" -- expected "
                                + known
                                + " (did you mean \"email\"?)",
                        "flows[0].steps[2].branch[0].next: \"thanks\" -- expected " + known,
                        "flows[0].steps[2].otherwise: \"push-again\" -- expected " + known);
    }

    @Test
    void aStepThatNoStepLeadsToIsAnError() {
        assertThat(
                        problems(
                                """
                                flows:
                                  - id: cart-rescue
                                    entry: {patterns: [cart-abandonment]}
                                    steps:
                                      - {name: push, send: {channels: [PUSH], template: cart_push_v1}}
                                      - {name: email, send: {channels: [EMAIL], template: cart_email_v1}}
                                """))
                .singleElement()
                .hasToString(
                        "flows[0].steps[1]: \"email\" -- expected a step reached from the first"
                                + " step (push) by next, onTimeout, otherwise or a case's next;"
                                + " none leads here");
    }

    @Test
    void aCycleOfSendsAndBranchesWithoutAWaitIsAnErrorThatNamesIt() {
        List<String> errors =
                lines(
                        """
                        flows:
                          - id: cart-rescue
                            entry: {patterns: [cart-abandonment]}
                            steps:
                              - {name: push, send: {channels: [PUSH], template: cart_push_v1}, next: bought}
                              - name: bought
                                branch: [{when: {event: PURCHASE}, next: thanks}]
                                otherwise: push
                              - {name: thanks, send: {channels: [EMAIL], template: thanks_v1}, next: thanks}
                        """);

        String expected =
                " -- expected a wait in every cycle of steps: a send or a branch goes on at once,"
                        + " so a user would go round it without end";
        assertThat(errors)
                .containsExactly(
                        "flows[0].steps[0]: a cycle without a wait: push -> bought -> push"
                                + expected,
                        "flows[0].steps[2]: a cycle without a wait: thanks -> thanks" + expected);
    }

    @Test
    void aCycleThroughAWaitIsAReminderEveryFewDays() throws Exception {
        PatternsConfig config =
                read(
                        """
                        flows:
                          - id: cart-rescue
                            entry: {patterns: [cart-abandonment]}
                            steps:
                              - {name: push, send: {channels: [PUSH], template: cart_push_v1}, next: later}
                              - {name: later, wait: {for: 3d}, next: push}
                        """);

        assertThat(config.flow("cart-rescue").steps()).hasSize(2);
    }

    @Test
    void aPatternEntersAllItsFlowsInOneMode() {
        assertThat(
                        problems(
                                """
                                flows:
                                  - id: cart-rescue
                                    entry: {patterns: [cart-abandonment]}
                                    steps: [{name: push, send: {channels: [PUSH], template: cart_push_v1}}]
                                  - id: cart-survey
                                    entry: {patterns: [browse-abandonment, cart-abandonment], mode: BESIDES}
                                    steps: [{name: ask, send: {channels: [EMAIL], template: survey_v1}}]
                                """))
                .singleElement()
                .hasToString(
                        "flows[1].entry.mode: BESIDES -- expected INSTEAD, as flow cart-rescue has"
                                + " it for pattern cart-abandonment: a pattern enters all its flows"
                                + " in one mode");
    }

    @Test
    void flowIdsAreUniqueAmongFlowsAndPatternsAndStepNamesInTheirFlow() {
        List<String> errors =
                lines(
                        """
                        flows:
                          - id: cart-rescue
                            entry: {patterns: [cart-abandonment]}
                            steps:
                              - {name: push, send: {channels: [PUSH], template: cart_push_v1}, next: push}
                              - {name: push, wait: {for: 1d}}
                          - id: cart-rescue
                            entry: {patterns: [cart-abandonment]}
                            steps: [{name: push, send: {channels: [PUSH], template: cart_push_v1}}]
                          - id: cart-abandonment
                            entry: {patterns: [cart-abandonment]}
                            steps: [{name: push, send: {channels: [PUSH], template: cart_push_v1}}]
                        """);

        assertThat(errors)
                .containsExactly(
                        "flows[0].steps[1].name: \"push\" -- expected a name not used by another"
                                + " step of the flow",
                        "flows[1].id: \"cart-rescue\" -- expected an id not used by another flow",
                        "flows[2].id: \"cart-abandonment\" -- expected an id not used by a"
                                + " pattern: decisions and metrics name both by their ids");
    }

    @Test
    void aFlowIsEnteredFromConfiguredPatterns() {
        List<ConfigError> errors =
                problems(
                        """
                        flows:
                          - id: misspelt
                            entry: {patterns: [cart-abandonment, cart-abandonmnet]}
                            steps: [{name: push, send: {channels: [PUSH], template: cart_push_v1}}]
                          - id: empty
                            entry: {patterns: []}
                            steps: [{name: push, send: {channels: [PUSH], template: cart_push_v1}}]
                          - id: twice
                            entry: {patterns: [cart-abandonment, cart-abandonment]}
                            steps: [{name: push, send: {channels: [PUSH], template: cart_push_v1}}]
                          - id: nowhere
                            steps: [{name: push, send: {channels: [PUSH], template: cart_push_v1}}]
                        """);

        assertThat(errors)
                .extracting(ConfigError::toString)
                .containsExactly(
                        "flows[0].entry.patterns[1]: \"cart-abandonmnet\" -- expected a pattern's"
                                + " id: one of cart-abandonment, browse-abandonment (did you mean"
                                + " \"cart-abandonment\"?)",
                        "flows[1].entry.patterns: [] -- expected at least one pattern id, e.g."
                                + " [cart-abandonment]",
                        "flows[2].entry.patterns: [cart-abandonment, cart-abandonment] --"
                                + " expected each pattern at most once",
                        "flows[3].entry: missing -- expected an entry block with the patterns"
                                + " whose matches enter a user, e.g. {patterns:"
                                + " [cart-abandonment]}");
    }

    @Test
    void anExitsTagMustBeDeclaredAsAGoalsMust() {
        String flow =
                """
                flows:
                  - id: cart-rescue
                    entry: {patterns: [cart-abandonment]}
                    exit: {event: crm-gld}
                    steps: [{name: push, send: {channels: [PUSH], template: cart_push_v1}}]
                """;

        assertThat(problems(flow))
                .singleElement()
                .hasToString(
                        "flows[0].exit.event: \"crm-gld\" -- expected VIEW, SEARCH, FAVORITE,"
                                + " ADD_TO_CART, PURCHASE or a tag declared in tags: one of"
                                + " crm-gold (did you mean \"crm-gold\"?)");
        assertThat(
                        PatternsConfigReader.problems(
                                PATTERNS.replace("tags: {crm-gold: {}}\n", "") + flow))
                .singleElement()
                .satisfies(
                        error ->
                                assertThat(error.expected())
                                        .endsWith(
                                                "or a tag declared in tags, and the document"
                                                        + " declares no tags"));
    }

    @Test
    void anExitOrAConditionNamesASegmentAsAnAudienceDoes() {
        List<ConfigError> errors =
                problems(
                        """
                        flows:
                          - id: cart-rescue
                            entry: {patterns: [cart-abandonment]}
                            exit: {segment: high-valeu}
                            steps:
                              - {name: wait, wait: {for: 1d}, next: vip, exit: {segment: crm-gol}}
                              - {name: vip, branch: [{when: {segment: PROSPCT}, next: wait}]}
                        """);

        assertThat(errors)
                .extracting(ConfigError::path)
                .containsExactly(
                        "flows[0].exit.segment",
                        "flows[0].steps[0].exit.segment",
                        "flows[0].steps[1].branch[0].when.segment");
        assertThat(errors)
                .extracting(ConfigError::expected)
                .allSatisfy(
                        expected ->
                                assertThat(expected)
                                        .startsWith(
                                                "a segment, stage, RFM score or declared tag: one"
                                                        + " of price-sensitive,"))
                .anySatisfy(expected -> assertThat(expected).endsWith("\"high-value\"?)"))
                .anySatisfy(expected -> assertThat(expected).endsWith("\"crm-gold\"?)"))
                .anySatisfy(expected -> assertThat(expected).endsWith("\"PROSPECT\"?)"));
    }

    @Test
    void anExitNamesAnEventOrASegment() {
        assertThat(
                        lines(
                                """
                                flows:
                                  - id: cart-rescue
                                    entry: {patterns: [cart-abandonment]}
                                    exit: {}
                                    steps: [{name: push, send: {channels: [PUSH], template: cart_push_v1}}]
                                  - id: cart-survey
                                    entry: {patterns: [cart-abandonment]}
                                    exit: {event: MESSAGE_OPENED}
                                    steps: [{name: push, send: {channels: [PUSH], template: cart_push_v1}}]
                                """))
                .containsExactly(
                        "flows[0].exit: {} -- expected at least one of event, segment, e.g."
                                + " {event: PURCHASE}",
                        "flows[1].exit.event: \"MESSAGE_OPENED\" -- expected VIEW, SEARCH,"
                                + " FAVORITE, ADD_TO_CART, PURCHASE or a tag's name (lower-case"
                                + " letters, digits and -, at most 63)");
    }

    @Test
    void aStepIsExactlyOneOfSendWaitAndBranch() {
        assertThat(
                        lines(
                                """
                                flows:
                                  - id: cart-rescue
                                    entry: {patterns: [cart-abandonment]}
                                    steps:
                                      - {name: push, send: {channels: [PUSH], template: cart_push_v1}, wait: {for: 1d}}
                                      - {name: nothing}
                                """))
                .containsExactly(
                        "flows[0].steps[0]: send and wait -- expected exactly one of send, wait,"
                                + " branch",
                        "flows[0].steps[1]: none of send, wait, branch -- expected exactly one of"
                                + " send, wait, branch");
    }

    @Test
    void onlyAWaitHasAnExitOfItsOwn() {
        assertThat(
                        lines(
                                """
                                flows:
                                  - id: cart-rescue
                                    entry: {patterns: [cart-abandonment]}
                                    steps:
                                      - name: push
                                        send: {channels: [PUSH], template: cart_push_v1}
                                        next: opened
                                        exit: {event: VIEW}
                                      - name: opened
                                        branch: [{when: {event: MESSAGE_OPENED}, next: wait}]
                                        exit: {event: VIEW}
                                      - {name: wait, wait: {for: 1d}, exit: {event: VIEW}}
                                """))
                .containsExactly(
                        "flows[0].steps[0].exit: an object -- expected nothing here: a step's own"
                                + " exit goes with a wait; the flow's exit holds throughout",
                        "flows[0].steps[1].exit: an object -- expected nothing here: a step's own"
                                + " exit goes with a wait; the flow's exit holds throughout");
    }

    @Test
    void onTimeoutGoesOnlyWithAWaitUntilAnEvent() {
        assertThat(
                        lines(
                                """
                                flows:
                                  - id: cart-rescue
                                    entry: {patterns: [cart-abandonment]}
                                    steps:
                                      - {name: push, send: {channels: [PUSH], template: cart_push_v1}, next: wait, onTimeout: wait}
                                      - {name: wait, wait: {for: 1d}, next: opened, onTimeout: push}
                                      - {name: opened, wait: {until: MESSAGE_OPENED, timeout: 1d}, onTimeout: push}
                                """))
                .containsExactly(
                        "flows[0].steps[0].onTimeout: \"wait\" -- expected nothing here: onTimeout"
                                + " goes with a wait until an event",
                        "flows[0].steps[1].onTimeout: \"push\" -- expected nothing here:"
                                + " onTimeout goes with a wait until an event; a wait for a time"
                                + " goes on to next");
    }

    @Test
    void nextGoesWithSendsAndWaitsAndOtherwiseWithBranches() {
        assertThat(
                        lines(
                                """
                                flows:
                                  - id: cart-rescue
                                    entry: {patterns: [cart-abandonment]}
                                    steps:
                                      - {name: push, send: {channels: [PUSH], template: cart_push_v1}, next: opened, otherwise: opened}
                                      - {name: opened, branch: [{when: {event: MESSAGE_OPENED}, next: later}], next: push}
                                      - {name: later, wait: {for: 1d}}
                                """))
                .containsExactly(
                        "flows[0].steps[0].otherwise: \"opened\" -- expected nothing here:"
                                + " otherwise goes with a branch",
                        "flows[0].steps[1].next: \"push\" -- expected nothing here: a branch goes"
                                + " on to the next of the case that holds, or to otherwise");
    }

    @Test
    void aWaitIsForATimeOrUntilAnEventWithATimeout() {
        assertThat(
                        lines(
                                """
                                flows:
                                  - id: cart-rescue
                                    entry: {patterns: [cart-abandonment]}
                                    steps:
                                      - {name: both, wait: {for: 1d, until: MESSAGE_OPENED}, next: neither}
                                      - {name: neither, wait: {}, next: no-timeout}
                                      - {name: no-timeout, wait: {until: MESSAGE_OPENED}, next: timed}
                                      - {name: timed, wait: {for: 1d, timeout: 2d}, next: registered}
                                      - {name: registered, wait: {until: REGISTER, timeout: 1d}, next: long}
                                      - {name: long, wait: {for: 91d}}
                                """))
                .containsExactly(
                        "flows[0].steps[0].wait: for and until -- expected exactly one of for (a"
                                + " time to wait) and until (an event to wait for, with a"
                                + " timeout)",
                        "flows[0].steps[1].wait: {} -- expected exactly one of for and until,"
                                + " e.g. {for: 3d} or {until: MESSAGE_OPENED, timeout: 1d}",
                        "flows[0].steps[2].wait.timeout: missing -- expected how long to wait for"
                                + " the event, e.g. 1d (1m to 90d)",
                        "flows[0].steps[3].wait.timeout: \"2d\" -- expected nothing here: a"
                                + " timeout goes with until; for is the whole wait",
                        "flows[0].steps[4].wait.until: \"REGISTER\" -- expected one of VIEW,"
                                + " SEARCH, FAVORITE, ADD_TO_CART, PURCHASE, MESSAGE_DELIVERED,"
                                + " MESSAGE_OPENED, MESSAGE_CLICKED",
                        "flows[0].steps[5].wait.for: \"91d\" -- expected a duration from 1m to"
                                + " 90d");
    }

    @Test
    void aCaseTestsExactlyOneEventOrSegmentAndOnlyAnEventSinceSomething() {
        assertThat(
                        lines(
                                """
                                flows:
                                  - id: cart-rescue
                                    entry: {patterns: [cart-abandonment]}
                                    steps:
                                      - name: opened
                                        branch:
                                          - {when: {event: MESSAGE_OPENED, segment: high-value}, next: push}
                                          - {when: {since: LAST_SEND}, next: push}
                                          - {when: {segment: high-value, since: ENTRY}, next: push}
                                          - {when: {event: MESSAGE_OPNED}, next: push}
                                      - {name: push, send: {channels: [PUSH], template: cart_push_v1}}
                                """))
                .containsExactly(
                        "flows[0].steps[0].branch[0].when: event and segment -- expected exactly"
                                + " one of event and segment: a case tests one",
                        "flows[0].steps[0].branch[1].when: neither event nor segment -- expected"
                                + " exactly one of event and segment, e.g. {event:"
                                + " MESSAGE_OPENED} or {segment: high-value}",
                        "flows[0].steps[0].branch[2].when.since: \"ENTRY\" -- expected nothing"
                                + " here: since goes with event",
                        "flows[0].steps[0].branch[3].when.event: \"MESSAGE_OPNED\" -- expected"
                                + " one of VIEW, SEARCH, FAVORITE, ADD_TO_CART, PURCHASE,"
                                + " MESSAGE_DELIVERED, MESSAGE_OPENED, MESSAGE_CLICKED (did you"
                                + " mean \"MESSAGE_OPENED\"?)");
    }

    @Test
    void aDocumentHoldsAtMost20FlowsOfAtMost30StepsEach() {
        String steps =
                IntStream.range(0, 31)
                        .mapToObj(
                                i ->
                                        "      - {name: s%d, wait: {for: 1d}, next: s%d}\n"
                                                .formatted(i, i + 1))
                        .collect(Collectors.joining());
        String flows =
                IntStream.range(0, 21)
                        .mapToObj(
                                i ->
                                        """
                                          - id: flow-%d
                                            entry: {patterns: [cart-abandonment]}
                                            steps: [{name: push, send: {channels: [PUSH], template: t}}]
                                        """
                                                .formatted(i))
                        .collect(Collectors.joining());

        assertThat(
                        problems(
                                "flows:\n  - id: long\n    entry: {patterns: [cart-abandonment]}\n"
                                        + "    steps:\n"
                                        + steps))
                .extracting(ConfigError::toString)
                .contains("flows[0].steps: a list of 31 -- expected at most 30 steps");
        assertThat(problems("flows:\n" + flows))
                .singleElement()
                .hasToString("flows: a list of 21 -- expected at most 20 flows");
    }

    private static Goal goalOfTheSend(String flows) throws ConfigException {
        return ((Send) read(flows).flow("cart-rescue").first()).action().goal();
    }

    private static PatternsConfig read(String flows) throws ConfigException {
        return PatternsConfigReader.read(PATTERNS + flows, "flows");
    }

    private static List<ConfigError> problems(String flows) {
        return PatternsConfigReader.problems(PATTERNS + flows);
    }

    private static List<String> lines(String flows) {
        return problems(flows).stream().map(ConfigError::toString).toList();
    }
}
