package dev.nudge.profile;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_DAY;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.PatternsConfig;
import dev.nudge.config.Segment;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.testing.Configs;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The built-in segments by name: each one's rule, its bit, and its tag. */
class SegmentsTest {
    private static final String PATTERNS =
            """
            version: "test-1"
            timezone: Asia/Shanghai
            segments:
              price-sensitive: {minDiscountedShare: 0.5, minPurchases: 2}
              brand-loyal: {minTopBrandShare: 0.6, minPurchases: 2}
              high-value: {minSpend90d: 500}
              potential: {minViews: 2}
              advocate: {minReviewsAndShares: 2}
            patterns:
              - id: browse
                type: BROWSE_WITHOUT_BUY
                action: {channels: [PUSH], template: t}
            """;

    private final PatternsConfig config = Configs.parse(PATTERNS);
    private final ProfileUpdater updater = new ProfileUpdater(config, Duration.ofHours(1));
    private final Profile profile = new Profile();
    private final ProfileView view = new ProfileView(config).of(profile);
    private int sequence;

    private UserEvent.Builder event(EventType type, long at) {
        return UserEvent.builder("e" + sequence++, "u1", type, at);
    }

    private void apply(UserEvent.Builder event) {
        updater.onEvent(profile, event.build());
    }

    @Test
    void aBrowserWhoNeverBoughtIsPotentialAndNothingElse() {
        apply(event(EventType.VIEW, BEGINNING).item("i1", "c1", null));
        apply(event(EventType.VIEW, BEGINNING + 1).item("i2", "c1", null));

        assertThat(view.isIn(Segment.POTENTIAL, BEGINNING + 1)).isTrue();
        assertThat(view.segmentBits(BEGINNING + 1)).isEqualTo(Segment.POTENTIAL.bit());
        assertThat(view.segments(BEGINNING + 1))
                .containsExactly("potential", "PROSPECT", "R1", "F1", "M1");
    }

    @Test
    void aLoyalBargainHunterWhoSpendsAndTalksIsInEveryRuleTheyMeet() {
        long at = BEGINNING;
        for (int i = 0; i < 2; i++) {
            at += ONE_DAY;
            apply(
                    event(EventType.PURCHASE, at)
                            .item("i" + i, "c1", "acme")
                            .price(300.0)
                            .discounted(true));
        }
        apply(event(EventType.REVIEW, at + ONE_HOUR).itemId("i0").rating(5));
        apply(event(EventType.SHARE, at + 2 * ONE_HOUR).itemId("i0"));
        long now = at + 2 * ONE_HOUR;

        assertThat(Arrays.stream(Segment.values()).filter(segment -> view.isIn(segment, now)))
                .containsExactly(
                        Segment.PRICE_SENSITIVE,
                        Segment.BRAND_LOYAL,
                        Segment.HIGH_VALUE,
                        Segment.ADVOCATE);
        int bits = view.segmentBits(now);
        assertThat(Segment.HIGH_VALUE.in(bits)).isTrue();
        assertThat(Segment.POTENTIAL.in(bits)).as("a buyer is no longer potential").isFalse();
        assertThat(view.segments(now))
                .startsWith("price-sensitive", "brand-loyal", "high-value", "advocate");
    }

    @Test
    void aNewProductSeekerCannotBeToldFromEventsSoNobodyIsOne() {
        apply(event(EventType.VIEW, BEGINNING).item("i1", "c1", null));

        assertThat(view.isIn(Segment.NEW_PRODUCT_SEEKER, BEGINNING)).isFalse();
    }
}
