package dev.nudge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link ConfigDiff}: which changes to a configuration the running job takes live and
 * which need a restart, and how each reads. Each test edits one document, {@link #CURRENT}.
 */
class ConfigDiffTest {
    private static final String CURRENT =
            """
            version: "2026-11-24.1"
            timezone: Asia/Shanghai
            lifecycle: {silentAfter: 30d, churnedAfter: 90d}
            segments:
              price-sensitive: {minDiscountedShare: 0.5, minPurchases: 2}
            rfm: {recencyDays: [7, 30, 90, 180]}
            profile: {affinityWeights: {VIEW: 1}}
            policy:
              quietHours: {start: "22:00", end: "08:00", mode: HOLD}
              frequencyCaps:
                - {channel: ANY, max: 3, per: 1d}
                - {channel: PUSH, max: 1, per: 4h}
              holdoutPercent: 5
              consentDefaults: {PUSH: true, EMAIL: true, SMS: false}
            offers:
              - {segment: price-sensitive, offer: COUPON_10}
            patterns:
              - id: browse-abandonment
                type: BROWSE_WITHOUT_BUY
                enabled: true
                params: {minViews: 2, window: 30m}
                action: {channels: [PUSH, EMAIL], template: browse_abandon_v1, priority: 50}
              - id: cart-abandonment
                type: CART_ABANDONMENT
                params: {window: 2h}
                action: {channels: [PUSH, EMAIL], template: cart_abandon_v1, priority: 80, cooldown: 24h}
              - id: vip-milestone
                type: HIGH_VALUE
                enabled: false
                params: {spend: 1000, window: 30d}
                action: {channels: [EMAIL], template: vip_thanks_v1}
              - id: search-without-result
                type: SEQUENCE
                params:
                  within: 30m
                  steps:
                    - {name: searched, type: SEARCH, times: 2}
                    - {name: no-cart, type: ADD_TO_CART, after: notFollowedBy}
                action: {channels: [PUSH], template: search_help_v1}
              - id: compare-then-leave
                type: SEQUENCE
                enabled: false
                params:
                  within: 1h
                  steps:
                    - {name: compared, type: VIEW, times: 3}
                    - {name: no-purchase, type: PURCHASE, after: notFollowedBy}
                action: {channels: [EMAIL], template: compare_help_v1}
            """;

    /** A flow to add to {@link #CURRENT}: a push, an email unless opened, and a coupon. */
    private static final String CART_RESCUE =
            """
            flows:
              - id: cart-rescue
                entry: {patterns: [cart-abandonment]}
                reentry: 7d
                steps:
                  - {name: push, send: {channels: [PUSH], template: cart_push_v1}, next: wait-open}
                  - name: wait-open
                    wait: {until: MESSAGE_OPENED, timeout: 1d}
                    next: wait-3d
                    onTimeout: email
                  - {name: email, send: {channels: [EMAIL], template: cart_email_v1}, next: wait-3d}
                  - {name: wait-3d, wait: {for: 3d}, next: coupon}
                  - {name: coupon, send: {channels: [EMAIL], template: cart_coupon_v1}}
            """;

    @Test
    void theSameDocumentUnderANewVersionChangesNothing() throws Exception {
        List<ConfigChange> changes =
                diff(edit(CURRENT, "version: \"2026-11-24.1\"", "version: \"2026-11-25.1\""));

        assertThat(changes).isEmpty();
        assertThat(ConfigDiff.allLive(changes)).isTrue();
    }

    @Test
    void disablingAPatternIsLive() throws Exception {
        assertThat(diffLines(edit(CURRENT, "enabled: true", "enabled: false")))
                .containsExactly("patterns[browse-abandonment].enabled: true -> false (live)");
    }

    @Test
    void enablingABuiltInPatternOffSinceTheStartNeedsARestart() throws Exception {
        String enabled = edit(CURRENT, "HIGH_VALUE\n    enabled: false", "HIGH_VALUE");

        assertThat(diffLines(enabled))
                .containsExactly(
                        "patterns[vip-milestone].enabled: false -> true (needs a restart)");
    }

    @Test
    void enablingABuiltInPatternSwitchedOffLiveIsLive() throws Exception {
        PatternsConfig enabled =
                read(edit(CURRENT, "HIGH_VALUE\n    enabled: false", "HIGH_VALUE"));
        Set<String> running = Set.of("vip-milestone");

        assertThat(ConfigDiff.between(read(CURRENT), enabled, running))
                .singleElement()
                .isEqualTo(
                        new ConfigChange("patterns[vip-milestone].enabled", "false", "true", true));
    }

    @Test
    void aFrequencyCapChangeIsLiveAndReadsAsTheWholeListOfCaps() throws Exception {
        assertThat(diffLines(edit(CURRENT, "max: 3", "max: 5")))
                .containsExactly(
                        "policy.frequencyCaps: [{channel: ANY, max: 3, per: 1d}, {channel: PUSH,"
                                + " max: 1, per: 4h}] -> [{channel: ANY, max: 5, per: 1d},"
                                + " {channel: PUSH, max: 1, per: 4h}] (live)");
    }

    @Test
    void quietHoursHoldoutAndConsentDefaultsAreLiveFieldByField() throws Exception {
        String changed =
                edit(
                        edit(
                                edit(CURRENT, "start: \"22:00\"", "start: \"21:30\""),
                                "holdoutPercent: 5",
                                "holdoutPercent: 7.5"),
                        "SMS: false",
                        "SMS: true");

        assertThat(diffLines(changed))
                .containsExactly(
                        "policy.quietHours.start: 22:00 -> 21:30 (live)",
                        "policy.holdoutPercent: 5 -> 7.5 (live)",
                        "policy.consentDefaults: {PUSH: true, EMAIL: true, SMS: false}"
                                + " -> {PUSH: true, EMAIL: true, SMS: true} (live)");
    }

    @Test
    void anOfferIsLive() throws Exception {
        assertThat(diffLines(edit(CURRENT, "offer: COUPON_10", "offer: COUPON_15")))
                .containsExactly(
                        "offers: [{segment: price-sensitive, offer: COUPON_10}]"
                                + " -> [{segment: price-sensitive, offer: COUPON_15}] (live)");
    }

    @Test
    void aSegmentThresholdIsLiveAndNamedAsInTheDocument() throws Exception {
        assertThat(diffLines(edit(CURRENT, "minDiscountedShare: 0.5", "minDiscountedShare: 0.4")))
                .containsExactly("segments.price-sensitive.minDiscountedShare: 0.5 -> 0.4 (live)");
    }

    @Test
    void customSegmentsAndOutsideTagsAreLiveAndNamedOneByOne() throws Exception {
        String segments = "  price-sensitive: {minDiscountedShare: 0.5, minPurchases: 2}\n";
        String before =
                edit(
                        CURRENT,
                        segments,
                        segments
                                + "  south: {region: [CN-GD]}\n"
                                + "  vip-south: {all: [high-value, south]}\n");
        String after =
                edit(
                                before,
                                "  south: {region: [CN-GD]}\n",
                                "  south: {region: [CN-GD, CN-GX]}\n"
                                        + "  gold: {tag: {name: crm-tier, values: [gold]}}\n")
                        .replace("rfm:", "tags: {crm-tier: {values: [gold, silver]}}\nrfm:")
                        .replace("  vip-south: {all: [high-value, south]}\n", "");

        assertThat(
                        ConfigDiff.between(read(before), read(after)).stream()
                                .map(ConfigChange::toString))
                .containsExactly(
                        "segments.south: {region: [CN-GD]} -> {region: [CN-GD, CN-GX]} (live)",
                        "segments.gold: (none) -> {tag: {name: crm-tier, values: [gold]}} (live)",
                        "segments.vip-south: {all: [high-value, south]} -> (none) (live)",
                        "tags.crm-tier: (none) -> {values: [gold, silver]} (live)");
    }

    @Test
    void everyFieldOfAnActionIsLive() throws Exception {
        String changed =
                edit(
                        CURRENT,
                        "{channels: [PUSH, EMAIL], template: cart_abandon_v1, priority: 80,"
                                + " cooldown: 24h}",
                        "{channels: [EMAIL], template: cart_abandon_v2, priority: 90,"
                                + " cooldown: 3d}");

        assertThat(diffLines(changed))
                .containsExactly(
                        "patterns[cart-abandonment].action.channels: [PUSH, EMAIL] -> [EMAIL] (live)",
                        "patterns[cart-abandonment].action.template: cart_abandon_v1"
                                + " -> cart_abandon_v2 (live)",
                        "patterns[cart-abandonment].action.priority: 80 -> 90 (live)",
                        "patterns[cart-abandonment].action.cooldown: 1d -> 3d (live)");
    }

    @Test
    void anAudienceIsLive() throws Exception {
        String changed =
                edit(
                        CURRENT,
                        "params: {window: 2h}\n",
                        "params: {window: 2h}\n    audience: {segments: [high-value]}\n");

        assertThat(diffLines(changed))
                .containsExactly(
                        "patterns[cart-abandonment].audience.segments: [] -> [high-value] (live)");
    }

    @Test
    void anAddedPatternNeedsARestart() throws Exception {
        String added =
                CURRENT
                        + """
                          - id: new-user-first-order
                            type: NEW_USER_NO_PURCHASE
                            action: {channels: [EMAIL], template: first_order_v1}
                        """;

        assertThat(diff(added))
                .singleElement()
                .isEqualTo(
                        new ConfigChange(
                                "patterns[new-user-first-order]",
                                "(none)",
                                "NEW_USER_NO_PURCHASE",
                                false));
    }

    @Test
    void aRemovedPatternNeedsARestart() throws Exception {
        String removed =
                edit(
                        CURRENT,
                        """
                          - id: vip-milestone
                            type: HIGH_VALUE
                            enabled: false
                            params: {spend: 1000, window: 30d}
                            action: {channels: [EMAIL], template: vip_thanks_v1}
                        """,
                        "");

        assertThat(diffLines(removed))
                .containsExactly("patterns[vip-milestone]: HIGH_VALUE -> (none) (needs a restart)");
    }

    @Test
    void aChangedWindowNeedsARestart() throws Exception {
        assertThat(diffLines(edit(CURRENT, "params: {window: 2h}", "params: {window: 3h}")))
                .containsExactly(
                        "patterns[cart-abandonment].params.window: 2h -> 3h (needs a restart)");
    }

    @Test
    void aChangedTypeNeedsARestartAndSoDoItsParams() throws Exception {
        String changed =
                edit(
                        CURRENT,
                        "type: BROWSE_WITHOUT_BUY\n    enabled: true\n    params: {minViews: 2,"
                                + " window: 30m}",
                        "type: CART_ABANDONMENT\n    enabled: true\n    params: {window: 30m}");

        assertThat(diffLines(changed))
                .containsExactly(
                        "patterns[browse-abandonment].type: BROWSE_WITHOUT_BUY -> CART_ABANDONMENT"
                                + " (needs a restart)",
                        "patterns[browse-abandonment].params: {minViews: 2, window: 30m}"
                                + " -> {window: 30m} (needs a restart)");
    }

    @Test
    void theTimezoneAndTheLifecycleNeedARestart() throws Exception {
        String changed =
                edit(
                        edit(CURRENT, "timezone: Asia/Shanghai", "timezone: Europe/Berlin"),
                        "silentAfter: 30d",
                        "silentAfter: 21d");

        assertThat(diffLines(changed))
                .containsExactly(
                        "timezone: Asia/Shanghai -> Europe/Berlin (needs a restart)",
                        "lifecycle.silentAfter: 30d -> 21d (needs a restart)");
    }

    @Test
    void theCurrencyNeedsARestart() throws Exception {
        String changed =
                edit(CURRENT, "timezone: Asia/Shanghai", "timezone: Asia/Shanghai\ncurrency: JPY");

        assertThat(diffLines(changed)).containsExactly("currency: CNY -> JPY (needs a restart)");
    }

    @Test
    void theProfilesFormulasNeedARestart() throws Exception {
        String changed =
                edit(
                        edit(
                                CURRENT,
                                "recencyDays: [7, 30, 90, 180]",
                                "recencyDays: [7, 30, 60, 180]"),
                        "VIEW: 1",
                        "VIEW: 0.5");

        assertThat(diffLines(changed))
                .containsExactly(
                        "rfm.recencyDays: [7, 30, 90, 180] -> [7, 30, 60, 180] (needs a restart)",
                        "profile.affinityWeights.VIEW: 1 -> 0.5 (needs a restart)");
    }

    @Test
    void aSequencesStepsOrTimeLimitNeedARestart() throws Exception {
        String changed =
                edit(
                        edit(
                                CURRENT,
                                "{name: searched, type: SEARCH, times: 2}",
                                "{name: searched, type: SEARCH, times: 3}"),
                        "within: 30m",
                        "within: 45m");

        assertThat(diffLines(changed))
                .containsExactly(
                        "patterns[search-without-result].params.steps:"
                                + " [{name: searched, types: [SEARCH], times: 2, oneOrMore: false},"
                                + " {name: no-cart, types: [ADD_TO_CART], after: NOT_FOLLOWED_BY,"
                                + " times: 1, oneOrMore: false}]"
                                + " -> [{name: searched, types: [SEARCH], times: 3, oneOrMore: false},"
                                + " {name: no-cart, types: [ADD_TO_CART], after: NOT_FOLLOWED_BY,"
                                + " times: 1, oneOrMore: false}] (needs a restart)",
                        "patterns[search-without-result].params.within: 30m -> 45m"
                                + " (needs a restart)");
    }

    @Test
    void enablingASequenceThatIsNotRunningNeedsARestart() throws Exception {
        PatternsConfig enabled =
                read(edit(CURRENT, "SEQUENCE\n    enabled: false", "SEQUENCE\n    enabled: true"));

        assertThat(ConfigDiff.between(read(CURRENT), enabled))
                .singleElement()
                .isEqualTo(
                        new ConfigChange(
                                "patterns[compare-then-leave].enabled", "false", "true", false));
    }

    @Test
    void enablingASequenceThatRunsSinceTheStartIsLive() throws Exception {
        PatternsConfig enabled =
                read(edit(CURRENT, "SEQUENCE\n    enabled: false", "SEQUENCE\n    enabled: true"));
        Set<String> running = Set.of("search-without-result", "compare-then-leave");

        assertThat(ConfigDiff.between(read(CURRENT), enabled, running))
                .singleElement()
                .isEqualTo(
                        new ConfigChange(
                                "patterns[compare-then-leave].enabled", "false", "true", true));
    }

    @Test
    void disablingASequenceIsLive() throws Exception {
        String disabled =
                edit(CURRENT, "SEQUENCE\n    params", "SEQUENCE\n    enabled: false\n    params");

        assertThat(diffLines(disabled))
                .containsExactly("patterns[search-without-result].enabled: true -> false (live)");
    }

    @Test
    void aMixedChangeListsBothKindsInDocumentOrder() throws Exception {
        String changed =
                edit(
                        edit(
                                edit(
                                        edit(CURRENT, "holdoutPercent: 5", "holdoutPercent: 10"),
                                        "timezone: Asia/Shanghai",
                                        "timezone: UTC"),
                                "priority: 80",
                                "priority: 90"),
                        "params: {window: 2h}",
                        "params: {window: 4h}");
        String renamed = edit(changed, "id: browse-abandonment", "id: browsed");

        List<ConfigChange> changes = diff(renamed);

        assertThat(changes)
                .extracting(ConfigChange::toString)
                .containsExactly(
                        "timezone: Asia/Shanghai -> UTC (needs a restart)",
                        "policy.holdoutPercent: 5 -> 10 (live)",
                        "patterns[browsed]: (none) -> BROWSE_WITHOUT_BUY (needs a restart)",
                        "patterns[cart-abandonment].params.window: 2h -> 4h (needs a restart)",
                        "patterns[cart-abandonment].action.priority: 80 -> 90 (live)",
                        "patterns[browse-abandonment]: BROWSE_WITHOUT_BUY -> (none)"
                                + " (needs a restart)");
        assertThat(ConfigDiff.allLive(changes)).isFalse();
        assertThat(ConfigDiff.live(changes))
                .extracting(ConfigChange::path)
                .containsExactly(
                        "policy.holdoutPercent", "patterns[cart-abandonment].action.priority");
        assertThat(ConfigDiff.restartNeeded(changes))
                .extracting(ConfigChange::path)
                .containsExactly(
                        "timezone",
                        "patterns[browsed]",
                        "patterns[cart-abandonment].params.window",
                        "patterns[browse-abandonment]");
    }

    @Test
    void aFlowAddedOrRemovedIsLiveAndNamedByItsId() throws Exception {
        String withFlow = CURRENT + CART_RESCUE;

        assertThat(ConfigDiff.between(read(CURRENT), read(withFlow)))
                .singleElement()
                .isEqualTo(
                        new ConfigChange(
                                "flows[cart-rescue]",
                                "(none)",
                                "5 steps from cart-abandonment",
                                true));
        assertThat(
                        ConfigDiff.between(read(withFlow), read(CURRENT)).stream()
                                .map(ConfigChange::toString))
                .containsExactly(
                        "flows[cart-rescue]: 5 steps from cart-abandonment -> (none) (live)");
    }

    @Test
    void aChangedFlowIsLiveAndReadsOnePartAndOneStepAtATime() throws Exception {
        String before = CURRENT + CART_RESCUE;
        String after =
                edit(
                        edit(
                                edit(before, "reentry: 7d", "reentry: NEVER"),
                                "template: cart_email_v1}",
                                "template: cart_email_v2}"),
                        """
                              - {name: wait-3d, wait: {for: 3d}, next: coupon}
                              - {name: coupon, send: {channels: [EMAIL], template: cart_coupon_v1}}
                        """,
                        """
                              - {name: wait-3d, wait: {for: 3d}, next: sms}
                              - {name: sms, send: {channels: [SMS], template: cart_sms_v1}}
                        """);

        List<ConfigChange> changes = ConfigDiff.between(read(before), read(after));

        String email =
                "{send: {channels: [EMAIL], template: %s, priority: 50, cooldown: 0s, ttl: 1d,"
                        + " sendTime: ASAP, offers: [], variants: []}%s}";
        assertThat(changes)
                .extracting(ConfigChange::toString)
                .containsExactly(
                        "flows[cart-rescue].reentry: 7d -> NEVER (live)",
                        "flows[cart-rescue].steps[email]: "
                                + email.formatted("cart_email_v1", ", next: wait-3d")
                                + " -> "
                                + email.formatted("cart_email_v2", ", next: wait-3d")
                                + " (live)",
                        "flows[cart-rescue].steps[wait-3d]: {wait: {for: 3d}, next: coupon} ->"
                                + " {wait: {for: 3d}, next: sms} (live)",
                        "flows[cart-rescue].steps[sms]: (none) -> {send: {channels: [SMS],"
                                + " template: cart_sms_v1, priority: 50, cooldown: 0s, ttl: 1d,"
                                + " sendTime: ASAP, offers: [], variants: []}} (live)",
                        "flows[cart-rescue].steps[coupon]: "
                                + email.formatted("cart_coupon_v1", "")
                                + " -> (none) (live)");
        assertThat(ConfigDiff.allLive(changes)).isTrue();
    }

    @Test
    void aFlowsStepsInAnotherOrderAreOneChangeOfTheirList() throws Exception {
        String before = CURRENT + CART_RESCUE;
        String wait = "      - {name: wait-3d, wait: {for: 3d}, next: coupon}\n";
        String reordered =
                edit(
                        edit(before, wait, ""),
                        "      - {name: email,",
                        wait + "      - {name: email,");

        assertThat(diffLines(before, reordered))
                .containsExactly(
                        "flows[cart-rescue].steps: [push, wait-open, email, wait-3d, coupon] ->"
                                + " [push, wait-open, wait-3d, email, coupon] (live)");
    }

    private static List<String> diffLines(String before, String after) throws ConfigException {
        return ConfigDiff.between(read(before), read(after)).stream()
                .map(ConfigChange::toString)
                .toList();
    }

    private static List<ConfigChange> diff(String changed) throws ConfigException {
        return ConfigDiff.between(read(CURRENT), read(changed));
    }

    private static List<String> diffLines(String changed) throws ConfigException {
        return diff(changed).stream().map(ConfigChange::toString).toList();
    }

    private static PatternsConfig read(String text) throws ConfigException {
        return PatternsConfigReader.read(text, "test");
    }

    /** {@code document} with {@code from}, which it holds exactly once, replaced by {@code to}. */
    private static String edit(String document, String from, String to) {
        assertThat(document.split(java.util.regex.Pattern.quote(from), -1))
                .as("occurrences of %s", from)
                .hasSize(2);
        return document.replace(from, to);
    }
}
