package dev.nudge.profile;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_DAY;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.nudge.config.LifecycleStage;
import dev.nudge.config.PatternsConfig;
import dev.nudge.event.Channel;
import dev.nudge.event.EventType;
import dev.nudge.event.Times;
import dev.nudge.event.UserEvent;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import dev.nudge.testing.Configs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileUpdaterTest {
    private static final String PATTERNS =
            """
            version: "test-1"
            timezone: Asia/Shanghai
            %s
            patterns:
              - id: browse
                type: BROWSE_WITHOUT_BUY
                action: {channels: [PUSH], template: t}
            """;

    private final Profile profile = new Profile();
    private final List<LifecycleChange> changes = new ArrayList<>();
    private ProfileUpdater updater;
    private ProfileView view;
    private int sequence;

    {
        configure("");
    }

    /** Updates and reads the test's profile under the test's configuration with {@code extra}. */
    private void configure(String extra) {
        PatternsConfig config = Configs.parse(PATTERNS.formatted(extra));
        updater = new ProfileUpdater(config, Duration.ofHours(1));
        view = new ProfileView(config).of(profile);
    }

    private UserEvent.Builder event(EventType type, long ts) {
        return UserEvent.builder("e" + sequence++, "u1", type, ts);
    }

    private void apply(UserEvent event) {
        LifecycleChange change = updater.onEvent(profile, event);
        if (change != null) {
            changes.add(change);
        }
    }

    private void buy(long ts, double price) {
        buy(ts, price, "c1", "acme", false);
    }

    private void buy(long ts, double price, String category, String brand, boolean discounted) {
        apply(
                event(EventType.PURCHASE, ts)
                        .item("i" + sequence, category, brand)
                        .price(price)
                        .discounted(discounted)
                        .build());
    }

    /** Moves the clock to {@code time}, firing the profile's deadlines on the way. */
    private void advanceTo(long time) {
        long deadline;
        while ((deadline = updater.nextDeadline(profile)) <= time) {
            LifecycleChange change = updater.onDeadline(profile, deadline);
            if (change != null) {
                changes.add(change);
            }
        }
    }

    @Test
    void purchasesLessThanAnHourApartAreOneOccasion() {
        buy(BEGINNING, 10);
        buy(BEGINNING + 30 * ONE_MINUTE, 10);
        buy(BEGINNING + 89 * ONE_MINUTE, 10); // 59 min after the previous purchase
        buy(BEGINNING + 149 * ONE_MINUTE, 10); // exactly 1 h after the previous: a new occasion

        assertThat(view.purchases()).isEqualTo(4);
        assertThat(view.occasions()).isEqualTo(2);
        assertThat(view.monetaryTotal()).as("40.00 in fen").isEqualTo(4000);
    }

    @Test
    void lifecycleGoesFromProspectToChurnedAndBackOnPurchasesAndTime() {
        apply(event(EventType.VIEW, BEGINNING).item("i1", "c1", null).build());
        assertThat(view.stage()).isEqualTo(LifecycleStage.PROSPECT);

        buy(BEGINNING + ONE_HOUR, 10);
        assertThat(view.stage()).isEqualTo(LifecycleStage.NEW);
        buy(BEGINNING + ONE_HOUR + 10 * ONE_MINUTE, 10);
        assertThat(view.stage()).as("same occasion: not a repeat").isEqualTo(LifecycleStage.NEW);
        long repeat = BEGINNING + 3 * ONE_DAY;
        buy(repeat, 10);
        assertThat(view.stage()).isEqualTo(LifecycleStage.ACTIVE);

        assertThat(updater.nextDeadline(profile)).isEqualTo(repeat + 30 * ONE_DAY);
        advanceTo(repeat + 30 * ONE_DAY - 1);
        assertThat(view.stage()).isEqualTo(LifecycleStage.ACTIVE);
        advanceTo(repeat + 30 * ONE_DAY);
        assertThat(view.stage()).isEqualTo(LifecycleStage.SILENT);
        advanceTo(repeat + 90 * ONE_DAY);
        assertThat(view.stage()).isEqualTo(LifecycleStage.CHURNED);
        assertThat(updater.nextDeadline(profile)).isEqualTo(Long.MAX_VALUE);

        long back = repeat + 100 * ONE_DAY;
        buy(back, 10);
        assertThat(view.stage()).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(view.reactivatedAt()).isEqualTo(back);

        assertThat(changes)
                .extracting(LifecycleChange::to)
                .containsExactly(
                        LifecycleStage.NEW,
                        LifecycleStage.ACTIVE,
                        LifecycleStage.SILENT,
                        LifecycleStage.CHURNED,
                        LifecycleStage.ACTIVE);
        assertThat(changes.get(4).reactivation()).isTrue();
        assertThat(changes.get(2).at()).isEqualTo(repeat + 30 * ONE_DAY);
    }

    @Test
    void aNewBuyerWhoNeverComesBackFallsSilent() {
        buy(BEGINNING, 10);
        advanceTo(BEGINNING + 30 * ONE_DAY);
        assertThat(changes)
                .extracting(c -> c.from() + "→" + c.to())
                .containsExactly("PROSPECT→NEW", "NEW→SILENT");
    }

    @Test
    void predictsTheNextPurchaseFromTheWeightedMedianGapOnceThereAreThreeOccasions() {
        buy(BEGINNING, 10);
        buy(BEGINNING + 10 * ONE_DAY, 10);
        assertThat(view.predictedNextPurchase()).as("two occasions").isEqualTo(Times.NONE);
        buy(BEGINNING + 20 * ONE_DAY, 10);
        long last = BEGINNING + 32 * ONE_DAY;
        buy(last, 10);

        // Gaps 10, 10, 12 days weigh 0.64, 0.8, 1 (of 2.44); in order of length each stands at the
        // middle of its weight: 10 days at 0.4 and 1.12, 12 days at 1.94. Half the weight, 1.22,
        // lies 0.1 / 0.82 of the way from the second 10 to 12: a typical gap of 10.24 days.
        PurchaseCycle cycle = view.cycle();
        assertThat(cycle.typicalGapDays()).isCloseTo(10 + 2 * 0.1 / 0.82, within(1e-6));
        assertThat(cycle.lowGapDays()).as("a quarter, 0.61, is before 1.12").isEqualTo(10.0);
        assertThat(cycle.highGapDays()).isCloseTo(10 + 2 * (1.83 - 1.12) / 0.82, within(1e-6));
        assertThat(view.predictedNextPurchase())
                .isCloseTo(last + (long) (cycle.typicalGapDays() * ONE_DAY), within(1L));
        assertThat(cycle.expectedFrom()).isEqualTo(last + 10 * ONE_DAY);
        assertThat(cycle.expectedUntil())
                .isCloseTo(last + (long) (cycle.highGapDays() * ONE_DAY), within(1L));
        assertThat(view.cycle("c1").predictedAt())
                .as("all in c1: the category's cycle is the same")
                .isEqualTo(view.predictedNextPurchase());
    }

    @Test
    void aNewRhythmTakesOverWithinAFewOccasions() {
        long at = BEGINNING;
        buy(at, 10);
        for (int i = 0; i < 6; i++) {
            at += 14 * ONE_DAY;
            buy(at, 10);
        }
        assertThat(view.cycle().typicalGapDays()).as("fortnightly").isEqualTo(14.0);
        for (int i = 0; i < 4; i++) {
            at += 7 * ONE_DAY;
            buy(at, 10);
        }
        // Four weekly gaps weigh 1 + 0.8 + 0.64 + 0.51 = 2.95 of 3.92: more than half.
        assertThat(view.cycle().typicalGapDays()).as("now weekly").isEqualTo(7.0);
        assertThat(view.cycle().highGapDays())
                .as("the fortnights still in the interval")
                .isEqualTo(14.0);
    }

    @Test
    void aCycleKeepsItsLatestGapsOnlyAndPredictsToTheMinuteAlsoAfterARoundTrip() throws Exception {
        long at = BEGINNING;
        buy(at, 10);
        for (int i = 0; i < 40; i++) {
            at += 3 * ONE_DAY;
            buy(at, 10);
        }
        long[] gaps = {
            10 * ONE_DAY + 1, 7 * ONE_DAY + 12_345_678, 13 * ONE_DAY + 3_333_333, 9 * ONE_DAY + 7
        };
        for (int round = 0; round < 6; round++) {
            for (long gap : gaps) {
                at += gap;
                buy(at, 10);
            }
        }
        // The 16 latest gaps are kept, in whole minutes: the 3-day gaps are gone. The 9-day gaps
        // (12,960 minutes) hold the middle of the weight.
        assertThat(profile.cycle.gapCount).isEqualTo(16);
        PurchaseCycle cycle = view.cycle();
        assertThat(cycle.occasions()).isEqualTo(65);
        assertThat(cycle.typicalGapDays()).isEqualTo(9.0);
        assertThat(cycle.lowGapDays()).isBetween(7.0, 9.0);
        assertThat(cycle.highGapDays()).isBetween(10.0, 13.0);
        long formula = at + 9 * ONE_DAY;
        assertThat(view.predictedNextPurchase()).isEqualTo(formula);

        StateOutput out = new StateOutput(256).reset(0);
        profile.writeTo(out);
        Profile restored = Profile.readFrom(new StateInput(out.buffer(), 0, out.size(), 0));
        assertThat(readerOf(restored).predictedNextPurchase()).isEqualTo(formula);
        assertThat(readerOf(restored).cycle()).isEqualTo(cycle);
    }

    /** Another view of the test's configuration, on {@code other}. */
    private static ProfileView readerOf(Profile other) {
        return new ProfileView(Configs.parse(PATTERNS.formatted(""))).of(other);
    }

    /** The updater of the test, asked to signal repurchase moments these lead times ahead. */
    private ProfileUpdater updaterWithLeads(long... leadTimes) {
        return updaterWith(
                Arrays.stream(leadTimes)
                        .mapToObj(CycleMoment::beforePrediction)
                        .toArray(CycleMoment[]::new));
    }

    private ProfileUpdater updaterWith(CycleMoment... moments) {
        updater =
                new ProfileUpdater(
                        Configs.parse(PATTERNS.formatted("")), Duration.ofHours(1), moments);
        return updater;
    }

    @Test
    void aRepurchaseIsSignalledEachLeadTimeBeforeThePredictedPurchaseOverallAndPerCategory() {
        ProfileUpdater leads = updaterWithLeads(ONE_DAY, 3 * ONE_DAY);
        buy(BEGINNING, 10);
        assertThat(leads.nextRepurchaseDue(profile, BEGINNING))
                .as("no gap yet, no prediction")
                .isEqualTo(Long.MAX_VALUE);
        buy(BEGINNING + 10 * ONE_DAY, 10);
        assertThat(leads.nextRepurchaseDue(profile, BEGINNING + 10 * ONE_DAY))
                .as("from two occasions on; patterns may ask for more")
                .isEqualTo(BEGINNING + 17 * ONE_DAY);
        long third = BEGINNING + 20 * ONE_DAY;
        buy(third, 10);
        long predicted = third + 10 * ONE_DAY;

        assertThat(leads.nextRepurchaseDue(profile, third)).isEqualTo(predicted - 3 * ONE_DAY);
        List<RepurchaseDue> due = new ArrayList<>();
        CycleMoment threeDaysAhead = CycleMoment.beforePrediction(3 * ONE_DAY);
        leads.repurchasesDue(profile, predicted - 3 * ONE_DAY, due::add);
        assertThat(due)
                .containsExactly(
                        new RepurchaseDue(
                                null, threeDaysAhead, predicted - 3 * ONE_DAY, predicted, 3, third),
                        new RepurchaseDue(
                                "c1",
                                threeDaysAhead,
                                predicted - 3 * ONE_DAY,
                                predicted,
                                3,
                                third));
        assertThat(leads.nextRepurchaseDue(profile, predicted - 3 * ONE_DAY))
                .isEqualTo(predicted - ONE_DAY);
        assertThat(leads.nextRepurchaseDue(profile, predicted - ONE_DAY))
                .as("every moment of this prediction signalled")
                .isEqualTo(Long.MAX_VALUE);

        long fourth = predicted - 2 * ONE_DAY;
        buy(fourth, 10);
        assertThat(leads.nextRepurchaseDue(profile, fourth))
                .as("gaps 10, 10, 8 days: a new prediction 9.6 days on, and new moments")
                .isEqualTo(fourth + 13_824 * ONE_MINUTE - 3 * ONE_DAY);
        assertThat(
                        new ProfileUpdater(
                                        Configs.parse(PATTERNS.formatted("")), Duration.ofHours(1))
                                .nextRepurchaseDue(profile, third))
                .as("nothing asked for: nothing signalled")
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aPurchaseMovesTheNextRepurchaseMomentAnsweredBeforeIt() {
        ProfileUpdater leads = updaterWithLeads(3 * ONE_DAY);
        buy(BEGINNING, 10);
        buy(BEGINNING + 10 * ONE_DAY, 10);
        assertThat(leads.nextRepurchaseDue(profile, BEGINNING + 10 * ONE_DAY))
                .isEqualTo(BEGINNING + 17 * ONE_DAY);

        buy(BEGINNING + 16 * ONE_DAY, 10);
        long predicted = view.predictedNextPurchase();
        assertThat(predicted)
                .as("gaps 10, 6 days: the newer weighs more")
                .isEqualTo(BEGINNING + 16 * ONE_DAY + 11_200 * ONE_MINUTE);
        assertThat(leads.nextRepurchaseDue(profile, BEGINNING + 16 * ONE_DAY))
                .as("asked again at a later clock, before the old answer")
                .isEqualTo(predicted - 3 * ONE_DAY);
    }

    @Test
    void affinityDecaysWithItsHalfLifeAndKeepsOnlyTheTopCategories() {
        configure("profile: {topCategories: 2, affinityHalfLife: 10d}");
        long later = BEGINNING + 10 * ONE_DAY;
        apply(event(EventType.VIEW, BEGINNING).item("i1", "shoes", null).build());
        apply(event(EventType.VIEW, later).item("i2", "bags", null).build());

        assertThat(categoryScore("shoes", later)).isCloseTo(0.5, within(1e-6));
        assertThat(categoryScore("bags", later)).isCloseTo(1, within(1e-6));

        apply(event(EventType.VIEW, later).item("i3", "hats", null).build());
        assertThat(view.categoryAffinities(later)).hasSize(2);
        assertThat(view.categoryAffinities(later))
                .extracting(Affinity::id)
                .as("the weakest is evicted")
                .doesNotContain("shoes")
                .contains("hats");
        apply(event(EventType.ADD_TO_CART, later).item("i3", "hats", null).build());
        assertThat(view.topCategory()).isEqualTo("hats");
    }

    private double categoryScore(String category, long now) {
        return view.categoryAffinities(now).stream()
                .filter(affinity -> affinity.id().equals(category))
                .findFirst()
                .orElseThrow()
                .score();
    }

    @Test
    void consentFollowsTheUsersChoiceOverTheDefaults() {
        assertThat(view.consents(Channel.PUSH)).isTrue();
        assertThat(view.consents(Channel.SMS)).isFalse();

        apply(event(EventType.CONSENT, BEGINNING).consent(Channel.PUSH, false).build());
        apply(event(EventType.CONSENT, BEGINNING + 1).consent(Channel.SMS, true).build());
        assertThat(view.consents(Channel.PUSH)).isFalse();
        assertThat(view.consents(Channel.SMS)).isTrue();
        assertThat(view.consents(Channel.EMAIL)).isTrue();

        apply(event(EventType.CONSENT, BEGINNING + 2).consent(Channel.PUSH, true).build());
        assertThat(view.consents(Channel.PUSH)).isTrue();
    }

    @Test
    void segmentsFollowTheirThresholds() {
        configure(
                """
                        segments:
                          price-sensitive: {minDiscountedShare: 0.5, minPurchases: 2}
                          brand-loyal: {minTopBrandShare: 0.6, minPurchases: 3}
                          high-value: {minSpend90d: 1000}
                          potential: {minViews: 3}
                          advocate: {minReviewsAndShares: 2}
                        """);
        for (int i = 0; i < 3; i++) {
            apply(event(EventType.VIEW, BEGINNING + i).item("i" + i, "c1", null).build());
        }
        assertThat(view.segments(BEGINNING + 10)).contains("potential", "PROSPECT");
        assertThat(view.segments(BEGINNING + 31 * ONE_DAY))
                .as("no longer active")
                .doesNotContain("potential");

        long t = BEGINNING + ONE_DAY;
        buy(t, 400, "c1", "acme", true);
        assertThat(view.segments(t)).doesNotContain("price-sensitive", "potential");
        buy(t + 2 * ONE_HOUR, 400, "c1", "acme", false);
        assertThat(view.segments(t + 2 * ONE_HOUR)).contains("price-sensitive");
        buy(t + 4 * ONE_HOUR, 400, "c1", "other", false);
        assertThat(view.segments(t + 4 * ONE_HOUR))
                .as("1 of 3 discounted; 2 of 3 from acme; 1,200 spent")
                .doesNotContain("price-sensitive")
                .contains("brand-loyal", "high-value");
        assertThat(view.segments(t + 4 * ONE_HOUR + 90 * ONE_DAY))
                .as("the spend left the 90-day window")
                .doesNotContain("high-value");

        apply(event(EventType.REVIEW, t + 5 * ONE_HOUR).itemId("i1").rating(5).build());
        apply(event(EventType.SHARE, t + 6 * ONE_HOUR).itemId("i1").build());
        assertThat(view.segments(t + 6 * ONE_HOUR)).contains("advocate");
    }

    @Test
    void reviewsCountWithTheirMeanRatingInTheSnapshot() {
        apply(event(EventType.REVIEW, BEGINNING).itemId("i1").rating(5).build());
        apply(event(EventType.REVIEW, BEGINNING + 1).itemId("i2").rating(2).build());
        apply(event(EventType.REVIEW, BEGINNING + 2).itemId("i3").build());

        String snapshot =
                new String(
                        new dev.nudge.wire.ProfileJson().snapshot("u1", view, BEGINNING + 2),
                        java.nio.charset.StandardCharsets.UTF_8);
        assertThat(snapshot).contains("\"reviews\":3,\"meanRating\":3.5,");
    }

    @Test
    void rfmScoresAgainstTheConfiguredThresholds() {
        configure(
                "rfm: {recencyDays: [1, 2, 3, 25], frequency: [1, 2, 4, 8],"
                        + " monetary: [50, 100, 200, 400]}");
        assertThat(view.segments(BEGINNING)).contains("R1", "F1", "M1");
        buy(BEGINNING, 150);
        buy(BEGINNING + ONE_DAY, 200);
        long now = BEGINNING + 20 * ONE_DAY;
        assertThat(view.recencyScore(now)).isEqualTo(2); // 19 days ≤ 25
        assertThat(view.frequencyScore()).isEqualTo(3); // 2 occasions ≥ 2
        assertThat(view.monetaryScore()).isEqualTo(4); // 350 ≥ 200
        assertThat(view.segments(now)).contains("R2", "F3", "M4", "ACTIVE");
    }

    @Test
    void activeHoursAreCountedInTheUsersTimeZone() {
        apply(event(EventType.REGISTER, BEGINNING).timezone("Europe/Berlin").region("DE").build());
        // 2017-11-25T02:00Z is 03:00 in Berlin.
        apply(event(EventType.VIEW, BEGINNING + ONE_MINUTE).itemId("i1").build());
        apply(event(EventType.VIEW, BEGINNING + 2 * ONE_MINUTE).itemId("i2").build());
        apply(event(EventType.VIEW, BEGINNING + 10 * ONE_HOUR).itemId("i3").build());
        assertThat(view.bestSendHour()).isEqualTo(3);
        assertThat(view.recentItems()).containsExactly("i3", "i2", "i1");
        // Activity halves every 30 days: three at 03:00 weigh 3 × 2^(-40/30) ≈ 1.19 after 40 days,
        // less than one new at 13:00 plus the old one there (0.40 + 1).
        apply(event(EventType.VIEW, BEGINNING + 40 * ONE_DAY + 10 * ONE_HOUR).itemId("i4").build());
        assertThat(view.bestSendHour()).isEqualTo(13);
    }

    @Test
    void engagementRateIsSmoothedTowardsThePrior() {
        assertThat(view.engagementRate(Channel.EMAIL)).isCloseTo(0.2, within(1e-9));
        for (int i = 0; i < 5; i++) {
            apply(event(EventType.MESSAGE_DELIVERED, BEGINNING + i).channel(Channel.EMAIL).build());
        }
        apply(event(EventType.MESSAGE_OPENED, BEGINNING + 10).channel(Channel.EMAIL).build());
        apply(event(EventType.MESSAGE_OPENED, BEGINNING + 11).channel(Channel.EMAIL).build());
        // (2 + 0.2·5) / (5 + 5)
        assertThat(view.engagementRate(Channel.EMAIL)).isCloseTo(0.3, within(1e-9));
    }

    @Test
    void aClickCountsAsEngagementEvenWithoutAnOpen() {
        for (int i = 0; i < 5; i++) {
            apply(event(EventType.MESSAGE_DELIVERED, BEGINNING + i).channel(Channel.PUSH).build());
        }
        apply(event(EventType.MESSAGE_CLICKED, BEGINNING + 10).channel(Channel.PUSH).build());
        apply(event(EventType.MESSAGE_CLICKED, BEGINNING + 11).channel(Channel.PUSH).build());
        apply(event(EventType.MESSAGE_OPENED, BEGINNING + 12).channel(Channel.PUSH).build());
        // engaged = max(1 opened, 2 clicked): (2 + 0.2·5) / (5 + 5)
        assertThat(view.engagementRate(Channel.PUSH)).isCloseTo(0.3, within(1e-9));
    }

    @Test
    void aSnapshotIsSentOnMeaningfulChangesAtMostOncePerInterval() {
        apply(event(EventType.VIEW, BEGINNING).itemId("i1").build());
        assertThat(updater.takeSnapshot(profile, BEGINNING)).as("a new user").isTrue();
        apply(event(EventType.VIEW, BEGINNING + 1).itemId("i2").build());
        assertThat(updater.takeSnapshot(profile, BEGINNING + 1)).as("nothing meaningful").isFalse();

        buy(BEGINNING + ONE_MINUTE, 10);
        assertThat(updater.takeSnapshot(profile, BEGINNING + ONE_MINUTE)).as("throttled").isFalse();
        assertThat(updater.snapshotDeadline(profile)).isEqualTo(BEGINNING + ONE_HOUR);
        assertThat(updater.takeSnapshot(profile, BEGINNING + ONE_HOUR)).isTrue();
        assertThat(updater.snapshotDeadline(profile)).isEqualTo(Long.MAX_VALUE);
    }
}
