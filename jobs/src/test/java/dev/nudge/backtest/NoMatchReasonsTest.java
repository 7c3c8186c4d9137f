package dev.nudge.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.ConfigException;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.event.EventType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link NoMatchReasons}: a pattern without a match is named with what the input lacked
 * for it, or with its own condition when the input had all it needs.
 */
class NoMatchReasonsTest {
    private static final String DOCUMENT =
            """
            version: "r1"
            timezone: Asia/Shanghai
            currency: CNY
            lifecycle: {silentAfter: 30d, churnedAfter: 90d}
            policy: {holdoutPercent: 5}
            patterns:
              - id: browse
                type: BROWSE_WITHOUT_BUY
                params: {minViews: 2, window: 30m}
                action: {channels: [PUSH], template: t}
              - id: cart
                type: CART_ABANDONMENT
                params: {window: 2h}
                action: {channels: [PUSH], template: t}
              - id: new-user
                type: NEW_USER_NO_PURCHASE
                params: {window: 3d}
                action: {channels: [EMAIL], template: t}
              - id: vip
                type: HIGH_VALUE
                params: {spend: 1000, window: 30d}
                action: {channels: [EMAIL], template: t}
              - id: restock
                type: PREDICTED_REPURCHASE
                params: {scope: OVERALL, minOccasions: 3, leadTime: 1d}
                action: {channels: [PUSH], template: t}
              - id: overdue
                type: PURCHASE_OVERDUE
                params: {scope: CATEGORY, minOccasions: 4, at: p90, grace: 1d}
                action: {channels: [PUSH], template: t}
              - id: win-back
                type: LIFECYCLE_TRANSITION
                params: {to: SILENT}
                action: {channels: [EMAIL], template: t}
              - id: search
                type: SEQUENCE
                params:
                  within: 30m
                  steps:
                    - {name: searched, type: SEARCH, times: 2}
                    - {name: no-cart, type: ADD_TO_CART, after: notFollowedBy}
                action: {channels: [PUSH], template: t}
              - id: switched-off
                type: CART_ABANDONMENT
                enabled: false
                params: {window: 2h}
                action: {channels: [PUSH], template: t}
            """;

    private static final PatternsConfig CONFIG = config();

    /** The Taobao sample: views, carts, favourites and purchases without prices. */
    private static final InputEvents TAOBAO =
            new InputEvents(
                    Map.of(
                            EventType.VIEW, 75_000L,
                            EventType.ADD_TO_CART, 4_600L,
                            EventType.FAVORITE, 2_700L,
                            EventType.PURCHASE, 1_700L),
                    0);

    @Test
    void anInputWithoutTheEventsAPatternNeedsSaysWhichAreMissing() {
        NoMatchReasons.Input input = new NoMatchReasons.Input(TAOBAO, 6);

        assertThat(reason("new-user", input)).isEqualTo("no REGISTER events in the input");
        assertThat(reason("vip", input)).isEqualTo("no purchase had a price");
        assertThat(reason("search", input))
                .as("the step that must not happen needs no event")
                .isEqualTo("no SEARCH events in the input");
    }

    @Test
    void anInputWithoutPurchasesLeavesEveryPurchasePatternWithoutOne() {
        NoMatchReasons.Input input =
                new NoMatchReasons.Input(new InputEvents(Map.of(EventType.VIEW, 10L), 0), 0);

        assertThat(reason("vip", input)).isEqualTo("no PURCHASE events in the input");
        assertThat(reason("restock", input)).isEqualTo("no PURCHASE events in the input");
        assertThat(reason("win-back", input)).isEqualTo("no PURCHASE events in the input");
        assertThat(reason("cart", input)).isEqualTo("no ADD_TO_CART events in the input");
    }

    @Test
    void aPurchaseCycleNeedsUsersWithEnoughOccasions() {
        NoMatchReasons.Input input = new NoMatchReasons.Input(TAOBAO, 2);

        assertThat(reason("restock", input))
                .isEqualTo("no user with 3 purchase occasions (the most: 2)");
        assertThat(reason("overdue", input))
                .as("a user has no more occasions in one category than overall")
                .isEqualTo("no user with 4 purchase occasions (the most: 2)");
        assertThat(reason("restock", new NoMatchReasons.Input(TAOBAO, 5)))
                .isEqualTo("no predicted purchase came due before the clock stopped");
        assertThat(reason("overdue", new NoMatchReasons.Input(TAOBAO, 5)))
                .isEqualTo("no user went 1d past the p90 of their gaps");
    }

    @Test
    void anInputWithAllAPatternNeedsNamesTheConditionNoUserMet() {
        InputEvents everything =
                new InputEvents(
                        Map.of(
                                EventType.REGISTER, 5L,
                                EventType.VIEW, 50L,
                                EventType.SEARCH, 9L,
                                EventType.ADD_TO_CART, 8L,
                                EventType.PURCHASE, 7L),
                        7);
        NoMatchReasons.Input input = new NoMatchReasons.Input(everything, 1);

        assertThat(reason("vip", input))
                .isEqualTo("no user's purchases reached spend 1,000 within 30d");
        assertThat(reason("new-user", input))
                .isEqualTo("no new user went 3d after REGISTER without a purchase");
        assertThat(reason("win-back", input))
                .isEqualTo("no buyer went 30d without a purchase before the clock stopped");
        assertThat(reason("search", input)).isEqualTo("no user went through its steps within 30m");
        assertThat(reason("browse", input))
                .isEqualTo("no user viewed 2 times within 30m without a cart or purchase");
    }

    @Test
    void aSwitchedOffPatternIsDisabledWhateverTheInput() {
        assertThat(reason("switched-off", new NoMatchReasons.Input(TAOBAO, 6)))
                .isEqualTo("disabled");
    }

    private static PatternsConfig config() {
        try {
            return PatternsConfigReader.read(DOCUMENT, "test");
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static String reason(String pattern, NoMatchReasons.Input input) {
        return NoMatchReasons.of(CONFIG.pattern(pattern), CONFIG.lifecycle(), input);
    }
}
