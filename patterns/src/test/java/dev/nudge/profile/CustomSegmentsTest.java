package dev.nudge.profile;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_DAY;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.PatternsConfig;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import dev.nudge.testing.Configs;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Custom segments and outside tags on a profile: each test of the segment language, its
 * combinations and references, RFM scores and stages in audiences and offers, and what TAG events
 * do to the profile's bounded set of tags.
 */
class CustomSegmentsTest {
    private static final String PATTERNS =
            """
            version: "test-1"
            timezone: Asia/Shanghai
            tags:
              crm-tier: {values: [gold, silver, bronze]}
              churn-risk: {}
            segments:
              high-value: {minSpend90d: 500}
              south: {region: [CN-GD, CN-GX]}
              young: {ageBand: ["18-24"], gender: [f]}
              shoe-lover: {topCategory: [shoes], topBrand: [acme]}
              big-spender: {spend90d: {min: 600}}
              lifetime: {totalSpend: {min: 100, max: 1000}}
              regular: {purchases: {min: 3}}
              bargain: {priceSensitivity: {min: 0.5}}
              due-soon: {nextPurchaseWithin: 3d}
              recent-buyer: {lastPurchaseWithin: 7d}
              around: {lastSeenWithin: 1d}
              at-risk-vip: {rfm: {R: [1, 2], M: [4, 5]}, stages: [SILENT, ACTIVE]}
              vip-south: {all: [high-value, south]}
              either: {any: [vip-south, young]}
              not-south: {not: south}
              gold: {tag: {name: crm-tier, values: [gold]}}
              tiered: {tag: crm-tier}
              gold-south: {all: [gold, south], not: churn-risk}
            offers:
              - {segment: M5, offer: VIP}
              - {segment: gold-south, offer: GOLD_SOUTH}
              - {segment: PROSPECT, offer: FIRST}
            patterns:
              - id: browse
                type: BROWSE_WITHOUT_BUY
                audience: {segments: [R5, churn-risk], exclude: [F1, not-south]}
                action:
                  channels: [PUSH]
                  template: t
                  offers: [{segment: either, offer: EITHER}]
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

    private void registers(String region, String ageBand, String gender, long at) {
        apply(event(EventType.REGISTER, at).region(region).ageBand(ageBand).gender(gender));
    }

    private void buys(double price, boolean discounted, long at) {
        apply(
                event(EventType.PURCHASE, at)
                        .item("i" + sequence, "shoes", "acme")
                        .price(price)
                        .discounted(discounted));
    }

    private void tags(String tag, String value, Long expiresAt, long at) {
        apply(event(EventType.TAG, at).tag(tag, value, expiresAt));
    }

    @Test
    void attributesPreferencesAndMoneyPlaceTheUserInTheirSegments() {
        registers("CN-GD", "18-24", "f", BEGINNING);
        buys(300, true, BEGINNING + ONE_DAY);
        buys(300, true, BEGINNING + 2 * ONE_DAY);
        long now = BEGINNING + 2 * ONE_DAY + ONE_HOUR;

        assertThat(view.has("south", now)).isTrue();
        assertThat(view.has("young", now)).isTrue();
        assertThat(view.has("shoe-lover", now)).isTrue();
        assertThat(view.has("big-spender", now)).as("600 spent in 90 days").isTrue();
        assertThat(view.has("lifetime", now)).isTrue();
        assertThat(view.has("regular", now)).as("two purchases of three").isFalse();
        assertThat(view.has("bargain", now)).as("every purchase discounted").isTrue();
        assertThat(view.has("recent-buyer", now)).isTrue();
        assertThat(view.has("around", now)).isTrue();
        assertThat(view.has("vip-south", now)).isTrue();
        assertThat(view.has("either", now)).isTrue();
        assertThat(view.has("not-south", now)).isFalse();

        long later = now + 100 * ONE_DAY;
        assertThat(view.has("big-spender", later)).as("the 90 days have passed").isFalse();
        assertThat(view.has("recent-buyer", later)).isFalse();
        assertThat(view.has("around", later)).isFalse();
        assertThat(view.has("lifetime", later)).isTrue();
    }

    @Test
    void aUserWithoutAnAttributeIsInNoSegmentThatAsksForOne() {
        apply(event(EventType.VIEW, BEGINNING).item("i1", "bags", null));

        assertThat(view.has("south", BEGINNING)).isFalse();
        assertThat(view.has("not-south", BEGINNING)).isTrue();
        assertThat(view.has("young", BEGINNING)).isFalse();
        assertThat(view.has("due-soon", BEGINNING)).as("no predicted purchase").isFalse();
        assertThat(view.has("no-such-segment", BEGINNING)).isFalse();
    }

    @Test
    void aRegularBuyerIsDueSoonWithinThreeDaysOfTheirPredictedPurchase() {
        for (int i = 0; i < 3; i++) {
            buys(50, false, BEGINNING + i * 10 * ONE_DAY);
        }
        long predicted = view.predictedNextPurchase();

        assertThat(view.has("due-soon", predicted - 4 * ONE_DAY)).isFalse();
        assertThat(view.has("due-soon", predicted - 3 * ONE_DAY)).isTrue();
        assertThat(view.has("due-soon", predicted)).isTrue();
        assertThat(view.has("due-soon", predicted + 1)).as("overdue is not due soon").isFalse();
    }

    @Test
    void rfmScoresAndStagesAreTagsOfRulesAudiencesAndOffers() {
        buys(3000, false, BEGINNING);
        buys(1, false, BEGINNING + ONE_DAY);
        long silent = BEGINNING + 200 * ONE_DAY;
        updater.onDeadline(profile, updater.nextDeadline(profile));

        assertThat(view.stage().name()).isEqualTo("SILENT");
        assertThat(view.has("R1", silent)).isTrue();
        assertThat(view.has("M5", silent)).isTrue();
        assertThat(view.has("SILENT", silent)).isTrue();
        assertThat(view.has("at-risk-vip", silent)).isTrue();
        assertThat(view.has("at-risk-vip", BEGINNING + ONE_DAY))
                .as("recent: R5, and NEW")
                .isFalse();
        assertThat(view.offer(config.offers(), silent)).isEqualTo("VIP");
    }

    @Test
    void anAudienceOfRfmScoresAndOutsideTagsExcludesByCustomSegmentsAndScores() {
        var audience = config.pattern("browse").audience();
        registers("CN-GD", null, null, BEGINNING);
        buys(10, false, BEGINNING);
        long now = BEGINNING + ONE_HOUR;
        assertThat(view.has("R5", now)).isTrue();
        assertThat(view.has("F1", now)).isTrue();
        assertThat(view.inAudience(audience, now)).as("F1 is excluded").isFalse();

        buys(10, false, BEGINNING + 2 * ONE_HOUR);
        buys(10, false, BEGINNING + 4 * ONE_HOUR);
        now = BEGINNING + 5 * ONE_HOUR;
        assertThat(view.has("F1", now)).isFalse();
        assertThat(view.inAudience(audience, now)).as("R5, in the south").isTrue();

        registers("DE", null, null, now);
        assertThat(view.inAudience(audience, now)).as("not in the south any more").isFalse();
    }

    @Test
    void offersGoToTheFirstRuleWhoseCustomSegmentTheUserIsIn() {
        registers("CN-GD", "18-24", "f", BEGINNING);
        var own = config.pattern("browse").action().offers();

        assertThat(view.offer(own, BEGINNING)).isEqualTo("EITHER");
        assertThat(view.offer(config.offers(), BEGINNING)).isEqualTo("FIRST");

        tags("crm-tier", "gold", null, BEGINNING + 1);
        assertThat(view.offer(config.offers(), BEGINNING + 1)).isEqualTo("GOLD_SOUTH");

        tags("churn-risk", null, null, BEGINNING + 2);
        assertThat(view.offer(config.offers(), BEGINNING + 2)).isEqualTo("FIRST");
    }

    @Test
    void aTagEventSetsADeclaredTagAndALaterOneReplacesItsValue() {
        tags("crm-tier", "silver", null, BEGINNING);
        assertThat(view.tagValue("crm-tier", BEGINNING)).isEqualTo("silver");
        assertThat(view.has("tiered", BEGINNING)).isTrue();
        assertThat(view.has("gold", BEGINNING)).isFalse();

        tags("crm-tier", "gold", null, BEGINNING + ONE_DAY);
        assertThat(view.tagValue("crm-tier", BEGINNING + ONE_DAY)).isEqualTo("gold");
        assertThat(view.has("gold", BEGINNING + ONE_DAY)).isTrue();
        assertThat(profile.tagCount).isEqualTo(1);
    }

    @Test
    void aTagExpiresAtItsTimeAndATagEventExpiringAtOnceRemovesIt() {
        tags("churn-risk", null, BEGINNING + ONE_DAY, BEGINNING);
        assertThat(view.hasTag("churn-risk", BEGINNING + ONE_DAY - 1)).isTrue();
        assertThat(view.hasTag("churn-risk", BEGINNING + ONE_DAY)).isFalse();
        assertThat(view.has("churn-risk", BEGINNING + ONE_DAY)).isFalse();

        apply(event(EventType.VIEW, BEGINNING + 2 * ONE_DAY).item("i1", "c1", null));
        assertThat(profile.tagCount).as("dropped on the next event").isZero();

        tags("crm-tier", "gold", null, BEGINNING + 3 * ONE_DAY);
        tags("crm-tier", null, BEGINNING + 3 * ONE_DAY, BEGINNING + 3 * ONE_DAY);
        assertThat(view.hasTag("crm-tier", BEGINNING + 3 * ONE_DAY)).isFalse();
        assertThat(profile.tagCount).isZero();
    }

    @Test
    void undeclaredTagsAndValuesAreNotKeptAndDoNotCountAsBeingSeen() {
        apply(event(EventType.VIEW, BEGINNING).item("i1", "c1", null));
        tags("vip-score", "high", null, BEGINNING + ONE_DAY);
        tags("crm-tier", "platinum", null, BEGINNING + ONE_DAY);
        tags("crm-tier", null, null, BEGINNING + ONE_DAY);

        assertThat(
                        updater.keeps(
                                event(EventType.TAG, BEGINNING)
                                        .tag("vip-score", "h", null)
                                        .build()))
                .isFalse();
        assertThat(profile.tagCount).isZero();
        assertThat(view.lastSeen()).as("a tag from outside is not a visit").isEqualTo(BEGINNING);
    }

    @Test
    void aFullSetMakesRoomByDroppingTheTagSetLongestAgo() {
        PatternsConfig many = Configs.parse(PATTERNS.replace("churn-risk: {}", manyTags()));
        ProfileUpdater keeper = new ProfileUpdater(many, Duration.ofHours(1));
        ProfileView seen = new ProfileView(many).of(profile);
        for (int i = 0; i <= Profile.MAX_TAGS; i++) {
            keeper.onEvent(
                    profile, event(EventType.TAG, BEGINNING + i).tag("t" + i, null, null).build());
        }
        long now = BEGINNING + Profile.MAX_TAGS;

        assertThat(profile.tagCount).isEqualTo(Profile.MAX_TAGS);
        assertThat(seen.hasTag("t0", now)).as("set longest ago").isFalse();
        assertThat(seen.hasTag("t1", now)).isTrue();
        assertThat(seen.hasTag("t" + Profile.MAX_TAGS, now)).isTrue();

        keeper.onEvent(profile, event(EventType.TAG, now + 1).tag("t1", null, null).build());
        keeper.onEvent(profile, event(EventType.TAG, now + 2).tag("t0", null, null).build());
        assertThat(seen.hasTag("t1", now + 2)).as("set again, so not the oldest").isTrue();
        assertThat(seen.hasTag("t2", now + 2)).isFalse();
    }

    private static String manyTags() {
        StringBuilder tags = new StringBuilder("churn-risk: {}");
        for (int i = 0; i <= Profile.MAX_TAGS; i++) {
            tags.append("\n  t").append(i).append(": {}");
        }
        return tags.toString();
    }

    @Test
    void tagsSurviveTheStateCodecWithTheirValuesAndExpiries() throws Exception {
        apply(event(EventType.VIEW, BEGINNING).item("i1", "c1", null));
        tags("crm-tier", "gold", null, BEGINNING + 1);
        tags("churn-risk", null, BEGINNING + 30 * ONE_DAY, BEGINNING + 2);

        StateOutput out = new StateOutput(64).reset(BEGINNING);
        profile.writeTo(out);
        Profile read = Profile.readFrom(new StateInput(out.buffer(), 0, out.size(), BEGINNING));
        ProfileView reread = new ProfileView(config).of(read);

        assertThat(reread.tagValue("crm-tier", BEGINNING + 3)).isEqualTo("gold");
        assertThat(reread.hasTag("churn-risk", BEGINNING + 30 * ONE_DAY - 1)).isTrue();
        assertThat(reread.hasTag("churn-risk", BEGINNING + 30 * ONE_DAY)).isFalse();
        assertThat(read.tagCount).isEqualTo(2);
    }

    @Test
    void aTagThatIsNoLongerDeclaredIsDroppedOnTheNextEvent() {
        tags("crm-tier", "gold", null, BEGINNING);
        PatternsConfig without =
                Configs.parse(
                        PATTERNS.replace(
                                        "gold: {tag: {name: crm-tier," + " values: [gold]}}",
                                        "gold: {region: [x]}")
                                .replace("tiered: {tag: crm-tier}", "tiered: {region: [x]}")
                                .replace(
                                        "crm-tier: {values: [gold, silver, bronze]}", "other: {}"));
        ProfileUpdater live = new ProfileUpdater(without, Duration.ofHours(1));

        live.onEvent(profile, event(EventType.VIEW, BEGINNING + 1).item("i1", "c1", null).build());
        assertThat(profile.tagCount).isZero();
    }
}
