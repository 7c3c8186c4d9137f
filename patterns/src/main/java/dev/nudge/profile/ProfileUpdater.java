package dev.nudge.profile;

import dev.nudge.config.LifecycleSpec;
import dev.nudge.config.LifecycleStage;
import dev.nudge.config.OutsideTag;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.ProfileSpec;
import dev.nudge.event.EventType;
import dev.nudge.event.Money;
import dev.nudge.event.Times;
import dev.nudge.event.UserEvent;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What changes a profile (SPEC §4): each event, the lifecycle stage's event-time deadlines, the
 * repurchase moments the purchase cycles predict, and the record of the snapshots sent on {@code
 * user-profiles}. What a profile implies is read through a {@link ProfileView}. One updater serves
 * every user of an engine; docs/profile.md, documents each formula.
 */
public final class ProfileUpdater {
    private final ProfileSpec spec;
    private final Money money;
    private final LifecycleSpec lifecycle;
    private final long silentAfter;
    private final long churnedAfter;
    private final long minSilentAfter;
    private final CycleEstimator estimator;
    private final long occasionGap;
    private final long affinityHalfLife;
    private final long activeHoursHalfLife;
    private final long publishInterval;
    private final RepurchaseMoments repurchases;

    /** The outside tags the configuration declares, and each name once, to share among users. */
    private final Map<String, OutsideTag> tags;

    private final Map<String, String> tagNames = new HashMap<>();

    private final Zones zones;

    /**
     * The updater's own view, for the snapshot fingerprint; never handed out, so that no reader's
     * view is re-pointed behind its back.
     */
    private final ProfileView own;

    /**
     * @param publishInterval the least event time between two snapshots of one user
     */
    public ProfileUpdater(PatternsConfig config, Duration publishInterval) {
        this(config, publishInterval, new CycleMoment[0]);
    }

    /**
     * @param publishInterval the least event time between two snapshots of one user
     * @param cycleMoments the moments of purchase cycles at which a {@link RepurchaseDue} is
     *     signalled; the detectors that want it say which
     */
    public ProfileUpdater(
            PatternsConfig config, Duration publishInterval, CycleMoment[] cycleMoments) {
        this.spec = config.profile();
        this.estimator = new CycleEstimator(spec);
        this.repurchases = new RepurchaseMoments(cycleMoments, estimator);
        this.money = config.money();
        this.lifecycle = config.lifecycle();
        this.silentAfter = lifecycle.silentAfter().toMillis();
        this.churnedAfter = lifecycle.churnedAfter().toMillis();
        this.minSilentAfter = lifecycle.minSilentAfter().toMillis();
        this.occasionGap = spec.occasionGap().toMillis();
        this.affinityHalfLife = spec.affinityHalfLife().toMillis();
        this.activeHoursHalfLife = spec.activeHoursHalfLife().toMillis();
        this.publishInterval = publishInterval.toMillis();
        this.zones = new Zones(config.timezone());
        this.own = new ProfileView(config);
        this.tags = config.segments().tags();
        for (String name : tags.keySet()) {
            tagNames.put(name, name);
        }
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
            p.lastSeen = ts;
        }
        if (e.type() != EventType.TAG) {
            p.lastSeen = ts; // a tag from outside is not the user being seen
        }
        if (p.tagCount > 0) {
            dropStaleTags(p, ts);
        }
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
            case TAG -> tag(p, e);
            default -> {}
        }
        if (isActivity(e.type())) {
            activeHour(p, ts);
        }
        return change;
    }

    /**
     * What the user's overall cycle predicted for {@code purchase}, called before the purchase is
     * applied; {@code null} unless it begins a new occasion after an earlier one.
     */
    public PredictionCheck check(Profile p, String userId, UserEvent purchase) {
        if (p.cycle.occasions == 0 || purchase.ts() - p.lastPurchaseAt < occasionGap) {
            return null;
        }
        PurchaseCycle cycle = estimator.snapshot(p.cycle, null);
        return new PredictionCheck(
                userId,
                purchase.ts(),
                p.cycle.lastOccasionAt,
                p.cycle.occasions,
                cycle.predictedAt(),
                cycle.expectedFrom(),
                cycle.expectedUntil());
    }

    /** The next event time at which the stage changes by itself, or {@link Long#MAX_VALUE}. */
    public long nextDeadline(Profile p) {
        return switch (p.stage) {
            case NEW, ACTIVE -> p.lastPurchaseAt + silentAfter(p);
            case SILENT -> p.lastPurchaseAt + churnedAfter(p);
            default -> Long.MAX_VALUE;
        };
    }

    /**
     * How long without a purchase makes the user SILENT: the global {@code silentAfter}, or in
     * {@code PERSONAL} mode, for a user with {@code minOccasions} occasions, {@code silentGaps}
     * times their 90th-percentile gap, no sooner than {@code minSilentAfter} and no later than
     * {@code silentAfter}.
     */
    private long silentAfter(Profile p) {
        long personal = personalGap(p);
        if (personal == 0) {
            return silentAfter;
        }
        long after = Math.round(lifecycle.silentGaps() * personal);
        return Math.min(silentAfter, Math.max(minSilentAfter, after));
    }

    /**
     * ... and CHURNED: {@code churnedGaps} times that gap, no sooner than twice the silent time and
     * no later than {@code churnedAfter}.
     */
    private long churnedAfter(Profile p) {
        long personal = personalGap(p);
        if (personal == 0) {
            return churnedAfter;
        }
        long after = Math.round(lifecycle.churnedGaps() * personal);
        return Math.min(churnedAfter, Math.max(2 * silentAfter(p), after));
    }

    /** The user's 90th-percentile gap in PERSONAL mode, or 0 where the global rule holds. */
    private long personalGap(Profile p) {
        if (lifecycle.mode() != LifecycleSpec.Mode.PERSONAL
                || p.cycle.occasions < spec.minOccasions()) {
            return 0;
        }
        return estimator.percentile(p.cycle, LifecycleSpec.PERSONAL_PERCENTILE);
    }

    /**
     * The next time after {@code after} at which a purchase cycle, overall or in a tracked
     * category, reaches one of the moments asked for; {@link Long#MAX_VALUE} if none.
     */
    public long nextRepurchaseDue(Profile p, long after) {
        return repurchases.next(p, after);
    }

    /** Signals every cycle moment due at exactly {@code time}, overall first. */
    public void repurchasesDue(Profile p, long time, Consumer<RepurchaseDue> signal) {
        repurchases.due(p, time, signal);
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
            p.cycle.occasion(ts, spec.cycleGaps());
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
    private CycleTracker categoryOccasion(Profile p, String category, long ts) {
        int index = p.cycleCategories.indexOf(category);
        if (index < 0) {
            if (p.cycleCategories.size() >= spec.cycleCategories()) {
                index = leastBought(p);
                p.cycleCategories.set(index, category);
                p.categoryCycles.set(index, new CycleTracker());
            } else {
                p.cycleCategories.add(category);
                p.categoryCycles.add(new CycleTracker());
                index = p.cycleCategories.size() - 1;
            }
        }
        CycleTracker cycle = p.categoryCycles.get(index);
        if (cycle.lastOccasionAt < p.cycle.lastOccasionAt || cycle.occasions == 0) {
            cycle.occasion(ts, spec.cycleGaps());
        }
        return cycle;
    }

    private static int leastBought(Profile p) {
        int least = 0;
        for (int i = 1; i < p.categoryCycles.size(); i++) {
            CycleTracker a = p.categoryCycles.get(i);
            CycleTracker b = p.categoryCycles.get(least);
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
            double factor = decay(e.ts() - p.affinityAt, affinityHalfLife);
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
            float factor = (float) decay(ts - p.hoursAt, activeHoursHalfLife);
            for (int hour = 0; hour < Profile.HOURS; hour++) {
                p.hours[hour] *= factor;
            }
        }
        p.hoursAt = Math.max(ts, p.hoursAt);
        p.hours[hourOfDay(p, ts)] += 1;
    }

    /** The hour of the day of {@code time} in the user's time zone. */
    private int hourOfDay(Profile p, long time) {
        return Times.hour(time, zones.of(p.timezone));
    }

    private void recentItem(Profile p, String item) {
        int capacity = spec.recentItems();
        if (item == null || capacity == 0) {
            return;
        }
        if (p.recentItems.length < capacity) {
            p.recentItems = Arrays.copyOf(p.recentItems, capacity);
            p.recentHashes = Arrays.copyOf(p.recentHashes, capacity);
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

    /**
     * Whether the profile keeps what the TAG event {@code e} says: its tag is declared in {@code
     * tags:}, and its value is one the tag takes (a TAG that removes a tag needs no value).
     */
    public boolean keeps(UserEvent e) {
        OutsideTag declared = e.tag() == null ? null : tags.get(e.tag());
        return declared != null && (expired(e) || declared.takes(e.tagValue()));
    }

    /**
     * A TAG event sets its declared tag (replacing an earlier value and expiry), or, expiring at or
     * before its own time, removes it. Undeclared tags and values are not kept.
     */
    private void tag(Profile p, UserEvent e) {
        if (!keeps(e)) {
            return;
        }
        if (expired(e)) {
            int index = p.tagIndex(e.tag());
            if (index >= 0) {
                p.removeTagAt(index);
            }
            return;
        }
        p.setTag(
                tagNames.get(e.tag()),
                e.tagValue(),
                e.expiresAt() == null ? Times.NONE : e.expiresAt());
    }

    private static boolean expired(UserEvent e) {
        return e.expiresAt() != null && e.expiresAt() <= e.ts();
    }

    /** Drops the outside tags expired at {@code now}, and those no longer declared. */
    private void dropStaleTags(Profile p, long now) {
        for (int i = p.tagCount - 1; i >= 0; i--) {
            long expiresAt = p.tagExpiries[i];
            if ((expiresAt != Times.NONE && expiresAt <= now) || !tags.containsKey(p.tagNames[i])) {
                p.removeTagAt(i);
            }
        }
    }

    private float ewma(float average, double value) {
        return average == 0
                ? (float) value
                : (float) (average + spec.priceWeight() * (value - average));
    }

    private static boolean isActivity(EventType type) {
        return switch (type) {
            case CONSENT, ERASE, MESSAGE_DELIVERED, TAG -> false;
            default -> true;
        };
    }

    /** The factor by which a score decays over {@code elapsed} with {@code halfLife}. */
    static double decay(long elapsed, long halfLife) {
        return Math.pow(0.5, (double) elapsed / halfLife);
    }

    private static int saturated(int count) {
        return count == Integer.MAX_VALUE ? count : count + 1;
    }

    // Snapshots for user-profiles.

    /**
     * Whether a snapshot should be sent at {@code now}: something meaningful changed since the last
     * one, which was at least the publish interval ago. If so, it is recorded as sent; if the
     * throttle holds it back, it is recorded as due at the end of the interval.
     */
    public boolean takeSnapshot(Profile p, long now) {
        if (p.isEmpty()) {
            return false;
        }
        int fingerprint = own.of(p).fingerprint(now);
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
