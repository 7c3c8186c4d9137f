package dev.nudge.profile;

import dev.nudge.config.Audience;
import dev.nudge.config.LifecycleStage;
import dev.nudge.config.OfferRule;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.ProfileSpec;
import dev.nudge.config.RfmThresholds;
import dev.nudge.config.Segment;
import dev.nudge.config.SegmentRules;
import dev.nudge.event.Channel;
import dev.nudge.event.Money;
import dev.nudge.event.Times;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

/**
 * What may be read of a user's profile (SPEC §4) under the configuration in force: what it keeps,
 * and what that implies — segments, RFM scores, consent, the predicted next purchase, engagement
 * rates. Detectors, the policy and the snapshot writer see profiles only through a view. It hands
 * out values and immutable lists, never a part of the profile, so what is read stays as it was read
 * and cannot change the profile. docs/profile.md, documents each formula.
 *
 * <p>One view serves every user of an engine, pointed at the user at hand ({@link #of}): read it,
 * never keep it.
 */
public final class ProfileView {
    private static final double DAY = 86_400_000d;

    private final PatternsConfig config;
    private final ProfileSpec spec;
    private final CycleEstimator estimator;
    private final Segments segments;
    private final RfmThresholds rfm;
    private final Money money;
    private final long affinityHalfLife;
    private final Zones zones;

    private Profile p;

    public ProfileView(PatternsConfig config) {
        this.config = config;
        this.spec = config.profile();
        this.estimator = new CycleEstimator(spec);
        this.segments = new Segments(config);
        this.zones = new Zones(config.timezone());
        this.rfm = config.rfm();
        this.money = config.money();
        this.affinityHalfLife = spec.affinityHalfLife().toMillis();
    }

    /** This view, showing {@code profile} until it is pointed elsewhere. */
    public ProfileView of(Profile profile) {
        this.p = profile;
        return this;
    }

    /** The deployment's currency, in whose minor units the profile counts money. */
    public Money money() {
        return money;
    }

    // Who the user is.

    public String ageBand() {
        return p.ageBand;
    }

    public String gender() {
        return p.gender;
    }

    public String region() {
        return p.region;
    }

    /** The user's time zone: from REGISTER, else the configuration's default. */
    public ZoneId zone() {
        return zones.of(p.timezone);
    }

    public long registeredAt() {
        return p.registeredAt;
    }

    public long firstSeen() {
        return p.firstSeen;
    }

    public long lastSeen() {
        return p.lastSeen;
    }

    // What the user did.

    public int views() {
        return p.views;
    }

    public int searches() {
        return p.searches;
    }

    public int carts() {
        return p.carts;
    }

    public int favorites() {
        return p.favorites;
    }

    /** Purchase lines (events). */
    public int purchases() {
        return p.purchases;
    }

    /** Purchase occasions: purchases at least the occasion gap after the previous one. */
    public int occasions() {
        return p.cycle.occasions;
    }

    public int reviews() {
        return p.reviews;
    }

    public int shares() {
        return p.shares;
    }

    public int likes() {
        return p.likes;
    }

    /** The mean review rating, or 0 without ratings. */
    public double meanRating() {
        return p.ratings == 0 ? 0 : (double) p.ratingSum / p.ratings;
    }

    /** The recently viewed items, most recent first. */
    public List<String> recentItems() {
        return List.of(Arrays.copyOf(p.recentItems, p.recentCount));
    }

    // Money, stage and purchase cycles.

    public long lastPurchaseAt() {
        return p.lastPurchaseAt;
    }

    /** All spend, in minor units of the deployment's currency. */
    public long monetaryTotal() {
        return p.monetaryTotal;
    }

    /** Spend in the 90 days up to and including the day of {@code now}, in minor units. */
    public long monetary90d(long now) {
        return p.spend.sum(now);
    }

    public LifecycleStage stage() {
        return p.stage;
    }

    public long stageSince() {
        return p.stageSince;
    }

    /** When the user last came back from SILENT or CHURNED, or {@link Times#NONE}. */
    public long reactivatedAt() {
        return p.reactivatedAt;
    }

    /** The user's purchase cycle over all categories. */
    public PurchaseCycle cycle() {
        return estimator.snapshot(p.cycle, null);
    }

    /** The purchase cycle in {@code category}, or {@code null} if it is not tracked. */
    public PurchaseCycle cycle(String category) {
        int index = p.cycleCategories.indexOf(category);
        return index < 0 ? null : estimator.snapshot(p.categoryCycles.get(index), category);
    }

    /** The categories with a purchase cycle of their own, each with its cycle. */
    public List<PurchaseCycle> categoryCycles() {
        PurchaseCycle[] cycles = new PurchaseCycle[p.cycleCategories.size()];
        for (int i = 0; i < cycles.length; i++) {
            cycles[i] = estimator.snapshot(p.categoryCycles.get(i), p.cycleCategories.get(i));
        }
        return List.of(cycles);
    }

    /** The predicted next purchase occasion, or {@link Times#NONE} before {@code minOccasions}. */
    public long predictedNextPurchase() {
        return estimator.predictedNext(p.cycle);
    }

    // Preferences.

    /** The category the user leans to most, or {@code null}. */
    public String topCategory() {
        return p.categories.top();
    }

    /** The brand the user leans to most, or {@code null}. */
    public String topBrand() {
        return p.brands.top();
    }

    /** The categories the profile keeps, strongest first, scores decayed to {@code now}. */
    public List<Affinity> categoryAffinities(long now) {
        return p.categories.ranked(affinityDecay(now));
    }

    /** The brands the profile keeps, strongest first, scores decayed to {@code now}. */
    public List<Affinity> brandAffinities(long now) {
        return p.brands.ranked(affinityDecay(now));
    }

    private double affinityDecay(long now) {
        return p.affinityAt == Times.NONE
                ? 1
                : ProfileUpdater.decay(now - p.affinityAt, affinityHalfLife);
    }

    /** Purchase lines with a brand. */
    public int brandedPurchases() {
        return p.brandedPurchases;
    }

    /** The share of purchases with a brand that went to the most bought brand; 0 without any. */
    public double topBrandShare() {
        int top = p.brandPurchases.strongest();
        return top < 0 || p.brandedPurchases == 0
                ? 0
                : p.brandPurchases.score(top) / p.brandedPurchases;
    }

    /** The share of purchases made with a discount; 0 without purchases. */
    public double discountedShare() {
        return p.purchases == 0 ? 0 : (double) p.discountedPurchases / p.purchases;
    }

    /**
     * The average price paid over the average price viewed (both exponentially weighted); below 1
     * the user buys cheaper than they browse. 1 when either is unknown.
     */
    public double paidToViewedRatio() {
        return p.viewedPrice <= 0 || p.paidPrice <= 0 ? 1 : p.paidPrice / p.viewedPrice;
    }

    /**
     * Price sensitivity from 0 to 1: the mean of the discounted share and of how much cheaper the
     * user buys than they browse ({@code 1 − paid/viewed}, clamped to [0, 1]).
     */
    public double priceSensitivity() {
        double cheaper = Math.max(0, Math.min(1, 1 - paidToViewedRatio()));
        return (discountedShare() + cheaper) / 2;
    }

    /** The hour of the day (0–23, user's time zone) with the most activity, or -1 without any. */
    public int bestSendHour() {
        float[] hours = p.hours;
        if (hours == null) {
            return -1;
        }
        int best = -1;
        for (int hour = 0; hour < Profile.HOURS; hour++) {
            if (hours[hour] > 0 && (best < 0 || hours[hour] > hours[best])) {
                best = hour;
            }
        }
        return best;
    }

    /**
     * The user's activity per local hour of the day (decayed, relative), or {@code null} without
     * any; a copy.
     */
    public float[] hourScores() {
        return p.hours == null ? null : p.hours.clone();
    }

    // Channels.

    public int delivered(Channel channel) {
        return p.engagement[channel.ordinal() * 3];
    }

    public int opened(Channel channel) {
        return p.engagement[channel.ordinal() * 3 + 1];
    }

    public int clicked(Channel channel) {
        return p.engagement[channel.ordinal() * 3 + 2];
    }

    /**
     * Whether the user may be sent messages on {@code channel}: their CONSENT, else the default.
     */
    public boolean consents(Channel channel) {
        int given = (p.consent >>> (channel.ordinal() * 2)) & 3;
        return given != 0 ? given == 1 : config.policy().consentedByDefault(channel);
    }

    /**
     * The smoothed engagement rate of {@code channel}: (engaged + prior rate × prior weight) /
     * (delivered + prior weight), where engaged = max(opened, clicked), since a click is engagement
     * even when the sender reports no open (a push tapped, an email read with images off), and
     * delivered is at least engaged.
     */
    public double engagementRate(Channel channel) {
        double weight = spec.engagementPriorWeight();
        double rate = spec.engagementPriorRate();
        double engaged = Math.max(opened(channel), clicked(channel));
        double delivered = Math.max(delivered(channel), engaged);
        return (engaged + rate * weight) / (delivered + weight);
    }

    // RFM and segments.

    /** Days since the last purchase at {@code now}, or -1 without purchases. */
    public double recencyDays(long now) {
        return p.lastPurchaseAt == Times.NONE ? -1 : Math.max(0, now - p.lastPurchaseAt) / DAY;
    }

    public int recencyScore(long now) {
        return p.lastPurchaseAt == Times.NONE ? 1 : rfm.recencyScore(recencyDays(now));
    }

    public int frequencyScore() {
        return p.purchases == 0 ? 1 : rfm.frequencyScore(occasions());
    }

    public int monetaryScore() {
        return p.purchases == 0 ? 1 : rfm.monetaryScore(p.monetaryTotal, money);
    }

    /** Whether the user is in {@code segment} at {@code now}, by the {@link SegmentRules}. */
    public boolean isIn(Segment segment, long now) {
        return segments.isIn(this, segment, now);
    }

    /** The segments the user is in at {@code now}, one {@link Segment#bit()} each. */
    public int segmentBits(long now) {
        return segments.bits(this, now);
    }

    /**
     * Every tag of the user at {@code now}: the segments' tags, the lifecycle stage, and the RFM
     * scores as {@code R5}, {@code F2}, {@code M3}.
     */
    public List<String> segments(long now) {
        return segments.tags(this, now);
    }

    /**
     * Whether the user has the tag {@code name} at {@code now}: a built-in segment, a lifecycle
     * stage, an RFM score ({@code R5}), a custom segment of the configuration or an outside tag it
     * declares. A name the configuration does not know is never had.
     */
    public boolean has(String name, long now) {
        return segments.has(this, name, now);
    }

    /**
     * Whether the user is in a pattern's audience at {@code now}: one of its segments (any tag
     * {@link #has} knows), one of its stages, and none of its exclusions. The configuration's
     * audiences are compiled once; nothing is built per call.
     */
    public boolean inAudience(Audience audience, long now) {
        return segments.inAudience(this, audience, now);
    }

    /**
     * The offer of the first of {@code rules} whose tag the user has at {@code now}, or {@code
     * null}.
     */
    public String offer(List<OfferRule> rules, long now) {
        return segments.offer(this, rules, now);
    }

    // Outside tags.

    /** Whether the user holds the outside tag {@code name} at {@code now}: set and not expired. */
    public boolean hasTag(String name, long now) {
        return tagIndex(name, now) >= 0;
    }

    /** The value of the outside tag {@code name} at {@code now}; {@code null} without one. */
    public String tagValue(String name, long now) {
        int index = tagIndex(name, now);
        return index < 0 ? null : p.tagValues[index];
    }

    private int tagIndex(String name, long now) {
        int index = p.tagIndex(name);
        if (index < 0) {
            return -1;
        }
        long expiresAt = p.tagExpiries[index];
        return expiresAt != Times.NONE && expiresAt <= now ? -1 : index;
    }

    /**
     * What a snapshot shows that matters downstream, packed without overlap into 32 bits: stage (3
     * bits), segment bits (6), the RFM scores (3 each), consent (6) and the predicted day (8,
     * modulo 255; 0 without a prediction). Never 0, since the scores are at least 1.
     */
    int fingerprint(long now) {
        long predicted = predictedNextPurchase();
        int day =
                predicted == Times.NONE
                        ? 0
                        : 1 + (int) Math.floorMod((long) (predicted / DAY), 255L);
        return p.stage.ordinal()
                | segmentBits(now) << 3
                | recencyScore(now) << 9
                | frequencyScore() << 12
                | monetaryScore() << 15
                | p.consent << 18
                | day << 24;
    }
}
