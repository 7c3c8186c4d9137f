package dev.nudge.profile;

import dev.nudge.config.Audience;
import dev.nudge.config.LifecycleSpec;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.ProfileSpec;
import dev.nudge.config.RfmThresholds;
import dev.nudge.config.Segment;
import dev.nudge.config.SegmentRules;
import dev.nudge.event.Channel;
import dev.nudge.event.EventType;
import dev.nudge.event.Money;
import dev.nudge.event.Times;
import dev.nudge.event.UserEvent;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keeps profiles up to date (SPEC §4): applies each event, moves the lifecycle stage on purchases
 * and at its event-time deadlines, and answers what the profile implies — segments, RFM scores,
 * consent, the predicted next purchase, engagement rates — from the configuration. One keeper
 * serves every user of an operator instance; README, "Profile", documents each formula.
 */
public final class ProfileKeeper {
    private static final double DAY = 86_400_000d;
    private static final int MAX_ZONES = 1024;
    private static final Segment[] SEGMENTS = Segment.values();

    /**
     * Repurchase moments are signalled from two occasions (one gap) on; each pattern asks for its
     * own {@code minOccasions} on top.
     */
    private static final int MIN_SIGNAL_OCCASIONS = 2;

    private final PatternsConfig config;
    private final ProfileSpec spec;
    private final SegmentRules rules;
    private final RfmThresholds rfm;
    private final Money money;
    private final long highValueSpend90d;
    private final long silentAfter;
    private final long churnedAfter;
    private final long occasionGap;
    private final long publishInterval;
    private final long[] repurchaseLeads;
    private final Map<String, ZoneId> zones = new HashMap<>();

    /**
     * @param publishInterval the least event time between two snapshots of one user
     */
    public ProfileKeeper(PatternsConfig config, java.time.Duration publishInterval) {
        this(config, publishInterval, new long[0]);
    }

    /**
     * @param publishInterval the least event time between two snapshots of one user
     * @param repurchaseLeads the lead times, in milliseconds, before a predicted purchase at which
     *     a {@link RepurchaseDue} is signalled; the detectors that want it say which
     */
    public ProfileKeeper(
            PatternsConfig config, java.time.Duration publishInterval, long[] repurchaseLeads) {
        this.repurchaseLeads = repurchaseLeads.clone();
        this.config = config;
        this.spec = config.profile();
        this.rules = config.segments();
        this.rfm = config.rfm();
        this.money = config.money();
        this.highValueSpend90d = money.minorUnits(rules.highValueSpend90d());
        LifecycleSpec lifecycle = config.lifecycle();
        this.silentAfter = lifecycle.silentAfter().toMillis();
        this.churnedAfter = lifecycle.churnedAfter().toMillis();
        this.occasionGap = spec.occasionGap().toMillis();
        this.publishInterval = publishInterval.toMillis();
    }

    /**
     * Applies one event, in event-time order. ERASE is not for the profile: the journey drops the
     * whole profile instead.
     *
     * @return the lifecycle change the event caused, or {@code null}
     */
    public LifecycleChange onEvent(Profile p, UserEvent e) {
        long ts = e.ts();
        if (p.firstSeen == Times.NONE) {
            p.firstSeen = ts;
            p.stageSince = ts;
        }
        p.lastSeen = ts;
        LifecycleChange change = null;
        switch (e.type()) {
            case REGISTER -> register(p, e);
            case VIEW -> {
                p.views = saturated(p.views);
                if (e.price() != null && e.price() > 0) {
                    p.viewedPrice = ewma(p.viewedPrice, e.price());
                }
                recentItem(p, e.itemId());
                affinity(p, e, spec.viewWeight());
            }
            case SEARCH -> p.searches = saturated(p.searches);
            case FAVORITE -> {
                p.favorites = saturated(p.favorites);
                affinity(p, e, spec.favoriteWeight());
            }
            case ADD_TO_CART -> {
                p.carts = saturated(p.carts);
                affinity(p, e, spec.cartWeight());
            }
            case PURCHASE -> change = purchase(p, e);
            case REVIEW -> {
                p.reviews = saturated(p.reviews);
                if (e.rating() != null) {
                    p.ratingSum += e.rating();
                    p.ratings++;
                }
            }
            case SHARE -> p.shares = saturated(p.shares);
            case LIKE -> p.likes = saturated(p.likes);
            case CONSENT -> {
                if (e.channel() != null && e.granted() != null) {
                    int shift = e.channel().ordinal() * 2;
                    p.consent = (p.consent & ~(3 << shift)) | ((e.granted() ? 1 : 2) << shift);
                }
            }
            case MESSAGE_DELIVERED -> feedback(p, e, 0);
            case MESSAGE_OPENED -> feedback(p, e, 1);
            case MESSAGE_CLICKED -> feedback(p, e, 2);
            default -> {}
        }
        if (isActivity(e.type())) {
            activeHour(p, ts);
        }
        return change;
    }

    /** The next event time at which the stage changes by itself, or {@link Long#MAX_VALUE}. */
    public long nextDeadline(Profile p) {
        return switch (p.stage) {
            case NEW, ACTIVE -> p.lastPurchaseAt + silentAfter;
            case SILENT -> p.lastPurchaseAt + churnedAfter;
            default -> Long.MAX_VALUE;
        };
    }

    /**
     * The next time after {@code after} at which a predicted purchase, overall or in a tracked
     * category, is one of the lead times away; {@link Long#MAX_VALUE} if none. Predictions change
     * only with purchases, so the journey's clock is all the memory this needs: a moment that a
     * purchase puts in the past is not signalled.
     */
    public long nextRepurchaseDue(Profile p, long after) {
        if (repurchaseLeads.length == 0) {
            return Long.MAX_VALUE;
        }
        if (p.repurchaseDueFrom != Times.NONE
                && after >= p.repurchaseDueFrom
                && after < p.repurchaseDue) {
            // No moment lies between the clock of the last answer and that answer.
            return p.repurchaseDue;
        }
        long next = earliestDue(p.cycle, after, Long.MAX_VALUE);
        for (PurchaseCycle cycle : p.categoryCycles) {
            next = earliestDue(cycle, after, next);
        }
        p.repurchaseDueFrom = after;
        p.repurchaseDue = next;
        return next;
    }

    private long earliestDue(PurchaseCycle cycle, long after, long next) {
        long predicted = cycle.predictedNext(MIN_SIGNAL_OCCASIONS);
        if (predicted == Times.NONE) {
            return next;
        }
        for (long lead : repurchaseLeads) {
            long due = predicted - lead;
            if (due > after && due < next) {
                next = due;
            }
        }
        return next;
    }

    /** Signals every repurchase moment due at exactly {@code time}, overall first. */
    public void repurchasesDue(Profile p, long time, Consumer<RepurchaseDue> signal) {
        // The remembered next moment spares walking every category's cycle at each deadline.
        if (nextRepurchaseDue(p, time - 1) != time) {
            return;
        }
        signalDue(p.cycle, null, time, signal);
        for (int i = 0; i < p.categoryCycles.size(); i++) {
            signalDue(p.categoryCycles.get(i), p.cycleCategories.get(i), time, signal);
        }
    }

    private void signalDue(
            PurchaseCycle cycle, String category, long time, Consumer<RepurchaseDue> signal) {
        long predicted = cycle.predictedNext(MIN_SIGNAL_OCCASIONS);
        if (predicted == Times.NONE) {
            return;
        }
        for (long lead : repurchaseLeads) {
            if (predicted - lead == time) {
                signal.accept(
                        new RepurchaseDue(
                                category,
                                predicted,
                                lead,
                                cycle.occasions(),
                                cycle.lastOccasionAt()));
            }
        }
    }

    /**
     * The clock reached a deadline of {@link #nextDeadline}.
     *
     * @return the change, or {@code null} if none was due
     */
    public LifecycleChange onDeadline(Profile p, long time) {
        if (time < nextDeadline(p)) {
            return null;
        }
        LifecycleStage to =
                p.stage == LifecycleStage.SILENT ? LifecycleStage.CHURNED : LifecycleStage.SILENT;
        return moveTo(p, to, time, false);
    }

    private LifecycleChange purchase(Profile p, UserEvent e) {
        p.repurchaseDueFrom = Times.NONE; // the cycles change: predictions move
        long ts = e.ts();
        long amount = money.lineTotal(e.price(), e.quantity());
        boolean newOccasion =
                p.lastPurchaseAt == Times.NONE || ts - p.lastPurchaseAt >= occasionGap;
        p.purchases = saturated(p.purchases);
        p.monetaryTotal = Money.add(p.monetaryTotal, amount);
        p.spend.add(ts, amount);
        if (Boolean.TRUE.equals(e.discounted())) {
            p.discountedPurchases++;
        }
        if (e.price() != null && e.price() > 0) {
            p.paidPrice = ewma(p.paidPrice, e.price());
        }
        if (e.brand() != null) {
            p.brandedPurchases++;
            p.brandPurchases.add(e.brand(), 1, spec.topBrands());
        }
        if (newOccasion) {
            p.cycle.occasion(ts, spec.cycleWeight());
        }
        p.cycle.purchase(e.eventId());
        if (e.categoryId() != null && spec.cycleCategories() > 0) {
            categoryOccasion(p, e.categoryId(), ts).purchase(e.eventId());
        }
        p.lastPurchaseAt = ts;
        affinity(p, e, spec.purchaseWeight());
        return switch (p.stage) {
            case PROSPECT -> moveTo(p, LifecycleStage.NEW, ts, false);
            case NEW -> newOccasion ? moveTo(p, LifecycleStage.ACTIVE, ts, false) : null;
            case SILENT, CHURNED -> moveTo(p, LifecycleStage.ACTIVE, ts, true);
            case ACTIVE -> null;
        };
    }

    /** A category's occasion: its first purchase within an occasion of the user. */
    private PurchaseCycle categoryOccasion(Profile p, String category, long ts) {
        int index = p.cycleCategories.indexOf(category);
        if (index < 0) {
            if (p.cycleCategories.size() >= spec.cycleCategories()) {
                index = leastBought(p);
                p.cycleCategories.set(index, category);
                p.categoryCycles.set(index, new PurchaseCycle());
            } else {
                p.cycleCategories.add(category);
                p.categoryCycles.add(new PurchaseCycle());
                index = p.cycleCategories.size() - 1;
            }
        }
        PurchaseCycle cycle = p.categoryCycles.get(index);
        if (cycle.lastOccasionAt < p.cycle.lastOccasionAt || cycle.occasions == 0) {
            cycle.occasion(ts, spec.cycleWeight());
        }
        return cycle;
    }

    private static int leastBought(Profile p) {
        int least = 0;
        for (int i = 1; i < p.categoryCycles.size(); i++) {
            PurchaseCycle a = p.categoryCycles.get(i);
            PurchaseCycle b = p.categoryCycles.get(least);
            if (a.occasions < b.occasions
                    || (a.occasions == b.occasions && a.lastOccasionAt < b.lastOccasionAt)) {
                least = i;
            }
        }
        return least;
    }

    private static LifecycleChange moveTo(
            Profile p, LifecycleStage to, long at, boolean reactivation) {
        LifecycleStage from = p.stage;
        p.stage = to;
        p.stageSince = at;
        if (reactivation) {
            p.reactivatedAt = at;
        }
        return new LifecycleChange(from, to, at, reactivation);
    }

    private static void register(Profile p, UserEvent e) {
        if (p.registeredAt == Times.NONE) {
            p.registeredAt = e.ts();
        }
        p.ageBand = e.ageBand() != null ? e.ageBand() : p.ageBand;
        p.gender = e.gender() != null ? e.gender() : p.gender;
        p.region = e.region() != null ? e.region() : p.region;
        p.timezone = e.timezone() != null ? e.timezone() : p.timezone;
    }

    private void affinity(Profile p, UserEvent e, double weight) {
        if (weight == 0 || (e.categoryId() == null && e.brand() == null)) {
            return;
        }
        if (p.affinityAt != Times.NONE && e.ts() > p.affinityAt) {
            double factor = decay(e.ts() - p.affinityAt, spec.affinityHalfLife().toMillis());
            p.categories.decay(factor);
            p.brands.decay(factor);
        }
        p.affinityAt = Math.max(e.ts(), p.affinityAt);
        if (e.categoryId() != null) {
            p.categories.add(e.categoryId(), weight, spec.topCategories());
        }
        if (e.brand() != null) {
            p.brands.add(e.brand(), weight, spec.topBrands());
        }
    }

    private void activeHour(Profile p, long ts) {
        if (p.hours == null) {
            p.hours = new float[Profile.HOURS];
        } else if (ts > p.hoursAt) {
            float factor = (float) decay(ts - p.hoursAt, spec.activeHoursHalfLife().toMillis());
            for (int hour = 0; hour < Profile.HOURS; hour++) {
                p.hours[hour] *= factor;
            }
        }
        p.hoursAt = Math.max(ts, p.hoursAt);
        p.hours[hourOfDay(p, ts)] += 1;
    }

    /** The hour of the day of {@code time} in the user's time zone. */
    private int hourOfDay(Profile p, long time) {
        return Times.hour(time, zone(p));
    }

    /** The user's time zone: from REGISTER, else the configuration's default. */
    /** The deployment's currency, in whose minor units the profile counts money. */
    public Money money() {
        return money;
    }

    public ZoneId zone(Profile p) {
        if (p.timezone == null) {
            return config.timezone();
        }
        ZoneId zone = zones.get(p.timezone);
        if (zone == null) {
            try {
                zone = ZoneId.of(p.timezone);
            } catch (DateTimeException unknown) {
                zone = config.timezone();
            }
            if (zones.size() < MAX_ZONES) {
                zones.put(p.timezone, zone);
            }
        }
        return zone;
    }

    private void recentItem(Profile p, String item) {
        int capacity = spec.recentItems();
        if (item == null || capacity == 0) {
            return;
        }
        if (p.recentItems.length < capacity) {
            p.recentItems = java.util.Arrays.copyOf(p.recentItems, capacity);
            p.recentHashes = java.util.Arrays.copyOf(p.recentHashes, capacity);
        }
        int hash = item.hashCode();
        int found = -1;
        for (int i = 0; i < p.recentCount; i++) {
            if (p.recentHashes[i] == hash && p.recentItems[i].equals(item)) {
                found = i;
                break;
            }
        }
        int shift = found >= 0 ? found : Math.min(p.recentCount, capacity - 1);
        System.arraycopy(p.recentItems, 0, p.recentItems, 1, shift);
        System.arraycopy(p.recentHashes, 0, p.recentHashes, 1, shift);
        p.recentItems[0] = item;
        p.recentHashes[0] = hash;
        if (found < 0 && p.recentCount < capacity) {
            p.recentCount++;
        }
    }

    private static void feedback(Profile p, UserEvent e, int kind) {
        if (e.channel() != null) {
            int index = e.channel().ordinal() * 3 + kind;
            p.engagement[index] = saturated(p.engagement[index]);
        }
    }

    private float ewma(float average, double value) {
        return average == 0
                ? (float) value
                : (float) (average + spec.priceWeight() * (value - average));
    }

    private static boolean isActivity(EventType type) {
        return switch (type) {
            case CONSENT, ERASE, MESSAGE_DELIVERED -> false;
            default -> true;
        };
    }

    /** The factor by which affinity scores decay over {@code elapsed} milliseconds. */
    public double affinityDecay(long elapsed) {
        return decay(elapsed, spec.affinityHalfLife().toMillis());
    }

    private static double decay(long elapsed, long halfLife) {
        return Math.pow(0.5, (double) elapsed / halfLife);
    }

    private static int saturated(int count) {
        return count == Integer.MAX_VALUE ? count : count + 1;
    }

    // What the profile implies.

    /**
     * Whether the user may be sent messages on {@code channel}: their CONSENT, else the default.
     */
    public boolean consents(Profile p, Channel channel) {
        Boolean given = p.consentGiven(channel);
        return given != null ? given : config.policy().consentedByDefault(channel);
    }

    /**
     * The smoothed engagement rate of {@code channel}: (opened + prior rate × prior weight) /
     * (delivered + prior weight).
     */
    public double engagementRate(Profile p, Channel channel) {
        double weight = spec.engagementPriorWeight();
        double rate = spec.engagementPriorRate();
        double delivered = Math.max(p.delivered(channel), p.opened(channel));
        return (p.opened(channel) + rate * weight) / (delivered + weight);
    }

    /**
     * The predicted next purchase occasion, or {@link Profile#NONE} before {@code minOccasions}.
     */
    public long predictedNextPurchase(Profile p) {
        return p.cycle.predictedNext(spec.minOccasions());
    }

    /** The predicted next purchase in {@code category}, or none. */
    public long predictedNextPurchase(Profile p, String category) {
        PurchaseCycle cycle = p.cycle(category);
        return cycle == null ? Times.NONE : cycle.predictedNext(spec.minOccasions());
    }

    /** Days since the last purchase at {@code now}, or -1 without purchases. */
    public double recencyDays(Profile p, long now) {
        return p.lastPurchaseAt == Times.NONE ? -1 : Math.max(0, now - p.lastPurchaseAt) / DAY;
    }

    public int recencyScore(Profile p, long now) {
        return p.lastPurchaseAt == Times.NONE ? 1 : rfm.recencyScore(recencyDays(p, now));
    }

    public int frequencyScore(Profile p) {
        return p.purchases == 0 ? 1 : rfm.frequencyScore(p.occasions());
    }

    public int monetaryScore(Profile p) {
        return p.purchases == 0 ? 1 : rfm.monetaryScore(p.monetaryTotal, money);
    }

    /** Whether the user is in {@code segment} at {@code now}, by the {@link SegmentRules}. */
    public boolean isIn(Profile p, Segment segment, long now) {
        return switch (segment) {
            case PRICE_SENSITIVE ->
                    p.purchases >= rules.priceSensitivePurchases()
                            && p.discountedShare() >= rules.priceSensitiveShare();
            case BRAND_LOYAL ->
                    p.brandedPurchases >= rules.brandLoyalPurchases()
                            && p.topBrandShare() >= rules.brandLoyalShare();
            case HIGH_VALUE -> p.purchases > 0 && p.monetary90d(now) >= highValueSpend90d;
            case POTENTIAL ->
                    p.purchases == 0
                            && p.views >= rules.potentialViews()
                            && now - p.lastSeen <= rules.potentialActiveWithin().toMillis();
            case ADVOCATE -> p.reviews + p.shares >= rules.advocateActions();
            case NEW_PRODUCT_SEEKER -> false; // needs item release dates, which events lack
        };
    }

    /** The segments the user is in at {@code now}, one {@link Segment#bit()} each. */
    public int segmentBits(Profile p, long now) {
        int bits = 0;
        for (Segment segment : SEGMENTS) {
            if (isIn(p, segment, now)) {
                bits |= segment.bit();
            }
        }
        return bits;
    }

    /**
     * Whether the user is in a pattern's audience at {@code now}: one of its segments (any tag of
     * {@link #segments}), one of its stages, and none of its exclusions (tags or stages).
     */
    public boolean inAudience(Profile p, Audience audience, long now) {
        List<String> tags = segments(p, now);
        if (!audience.stages().isEmpty() && !audience.stages().contains(p.stage)) {
            return false;
        }
        if (!audience.segments().isEmpty()
                && audience.segments().stream().noneMatch(tags::contains)) {
            return false;
        }
        return audience.exclude().stream().noneMatch(tags::contains);
    }

    /**
     * Every tag of the user at {@code now}: the named segments, the lifecycle stage, and the RFM
     * scores as {@code R5}, {@code F2}, {@code M3}.
     */
    public List<String> segments(Profile p, long now) {
        List<String> tags = new ArrayList<>(6);
        int bits = segmentBits(p, now);
        for (Segment segment : SEGMENTS) {
            if (segment.in(bits)) {
                tags.add(segment.tag());
            }
        }
        tags.add(p.stage.name());
        tags.add("R" + recencyScore(p, now));
        tags.add("F" + frequencyScore(p));
        tags.add("M" + monetaryScore(p));
        return tags;
    }

    // Snapshots for user-profiles.

    /**
     * What a snapshot shows that matters downstream, packed without overlap into 32 bits: stage (3
     * bits), segment bits (6), the RFM scores (3 each), consent (6) and the predicted day (8,
     * modulo 255; 0 without a prediction). Never 0, since the scores are at least 1.
     */
    int fingerprint(Profile p, long now) {
        long predicted = predictedNextPurchase(p);
        int day =
                predicted == Times.NONE
                        ? 0
                        : 1 + (int) Math.floorMod((long) (predicted / DAY), 255L);
        return p.stage.ordinal()
                | segmentBits(p, now) << 3
                | recencyScore(p, now) << 9
                | frequencyScore(p) << 12
                | monetaryScore(p) << 15
                | p.consent << 18
                | day << 24;
    }

    /**
     * Whether a snapshot should be sent at {@code now}: something meaningful changed since the last
     * one, which was at least the publish interval ago. If so, it is recorded as sent; if the
     * throttle holds it back, it is recorded as due at the end of the interval.
     */
    public boolean takeSnapshot(Profile p, long now) {
        if (p.isEmpty()) {
            return false;
        }
        int fingerprint = fingerprint(p, now);
        if (fingerprint == p.publishedFingerprint) {
            p.snapshotPending = false;
            return false;
        }
        if (p.publishedAt != Times.NONE && now - p.publishedAt < publishInterval) {
            p.snapshotPending = true;
            return false;
        }
        p.publishedFingerprint = fingerprint;
        p.publishedAt = now;
        p.snapshotPending = false;
        return true;
    }

    /** When a change held back by the throttle is due, or {@link Long#MAX_VALUE} if none waits. */
    public long snapshotDeadline(Profile p) {
        return p.snapshotPending ? p.publishedAt + publishInterval : Long.MAX_VALUE;
    }
}
