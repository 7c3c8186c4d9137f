package dev.nudge.profile;

import dev.nudge.config.LifecycleStage;
import dev.nudge.event.Channel;
import dev.nudge.event.Times;
import dev.nudge.state.Formats;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What Nudge knows about one user (SPEC §4), kept inside the user's journey: attributes, activity
 * counts, purchase occasions and money, lifecycle stage, purchase cycles, preferences, channel
 * engagement and consent. Every part has a fixed upper bound. This is the state and its binary form
 * only: {@link ProfileUpdater} changes it, and everyone else reads it through a {@link
 * ProfileView}, which hands out values, never these parts.
 */
public final class Profile {
    static final int HOURS = 24;
    private static final int CHANNELS = Channel.values().length;
    private static final LifecycleStage[] STAGES = LifecycleStage.values();
    private static final String[] NO_STRINGS = new String[0];
    private static final long[] NO_TIMES = new long[0];

    /**
     * The most outside tags a profile keeps (docs/profile.md); when it holds this many, a new tag
     * takes the place of the one set longest ago.
     */
    public static final int MAX_TAGS = 16;

    // Attributes from REGISTER.
    String ageBand;
    String gender;
    String region;
    String timezone;
    long registeredAt = Times.NONE;

    long firstSeen = Times.NONE;
    long lastSeen = Times.NONE;

    int views;
    int searches;
    int carts;
    int favorites;
    int purchases;
    int reviews;
    int shares;
    int likes;
    int ratingSum;
    int ratings;

    long lastPurchaseAt = Times.NONE;
    long monetaryTotal;
    final SpendWindow spend = new SpendWindow();

    LifecycleStage stage = LifecycleStage.PROSPECT;
    long stageSince = Times.NONE;
    long reactivatedAt = Times.NONE;

    final CycleTracker cycle = new CycleTracker();
    final List<String> cycleCategories = new ArrayList<>(0);
    final List<CycleTracker> categoryCycles = new ArrayList<>(0);

    /**
     * The last answer of {@link ProfileUpdater#nextRepurchaseDue} and the clock it was asked at; it
     * holds for every clock from there up to the answer until a purchase changes the cycles. Not
     * stored: a profile read from state computes it once again.
     */
    long repurchaseDueFrom = Times.NONE;

    long repurchaseDue;

    long affinityAt = Times.NONE;
    final TopScores categories = new TopScores();
    final TopScores brands = new TopScores();
    final TopScores brandPurchases = new TopScores();
    int brandedPurchases;
    int discountedPurchases;
    float viewedPrice;
    float paidPrice;

    long hoursAt = Times.NONE;
    float[] hours;

    /** Delivered, opened, clicked per channel, by channel ordinal. */
    final int[] engagement = new int[CHANNELS * 3];

    String[] recentItems = new String[0];

    /** The recent items' hash codes, compared before the strings themselves (as in TopScores). */
    int[] recentHashes = new int[0];

    int recentCount;

    /**
     * The tags set from outside by TAG events, least recently set first: name, value (or {@code
     * null}) and expiry ({@link Times#NONE} for none). At most {@link #MAX_TAGS}.
     */
    String[] tagNames = NO_STRINGS;

    String[] tagValues = NO_STRINGS;
    long[] tagExpiries = NO_TIMES;
    int tagCount;

    /** Two bits per channel: 0 no CONSENT event yet, 1 granted, 2 withdrawn. */
    int consent;

    /** What the last snapshot on {@code user-profiles} showed, and when it was sent. */
    int publishedFingerprint;

    long publishedAt = Times.NONE;

    /** A meaningful change waits for the throttle: a snapshot is due at publishedAt + interval. */
    boolean snapshotPending;

    /** Whether the profile holds nothing: a user never seen, or erased. */
    public boolean isEmpty() {
        return lastSeen == Times.NONE;
    }

    /** Writes the profile in its compact binary form; times relative to the output's base. */
    public void writeTo(StateOutput out) {
        out.writeTime(lastSeen);
        if (lastSeen == Times.NONE) {
            return;
        }
        out.writeTime(firstSeen);
        writeNullable(out, ageBand);
        writeNullable(out, gender);
        writeNullable(out, region);
        writeNullable(out, timezone);
        out.writeTime(registeredAt);
        out.writeVarInt(views);
        out.writeVarInt(searches);
        out.writeVarInt(carts);
        out.writeVarInt(favorites);
        out.writeVarInt(purchases);
        out.writeVarInt(reviews);
        out.writeVarInt(shares);
        out.writeVarInt(likes);
        out.writeVarInt(ratingSum);
        out.writeVarInt(ratings);
        out.writeByte(stage.ordinal());
        out.writeTime(stageSince);
        out.writeTime(reactivatedAt);
        out.writeVarInt(consent);
        out.writeVarInt(publishedFingerprint);
        out.writeTime(publishedAt);
        out.writeBoolean(snapshotPending);
        out.writeTime(affinityAt);
        categories.write(out);
        brands.write(out);
        out.writeVarInt(recentCount);
        for (int i = 0; i < recentCount; i++) {
            out.writeString(recentItems[i]);
        }
        out.writeFloat(viewedPrice);
        out.writeTime(hoursAt);
        if (hoursAt != Times.NONE) {
            int filled = 0;
            for (int hour = 0; hour < HOURS; hour++) {
                filled |= hours[hour] != 0 ? 1 << hour : 0;
            }
            out.writeVarInt(filled);
            for (float value : hours) {
                if (value != 0) {
                    out.writeFloat(value);
                }
            }
        }
        int feedback = 0;
        for (int count : engagement) {
            feedback |= count;
        }
        out.writeBoolean(feedback != 0);
        if (feedback != 0) {
            for (int count : engagement) {
                out.writeVarInt(count);
            }
        }
        out.writeVarInt(tagCount);
        for (int i = 0; i < tagCount; i++) {
            out.writeString(tagNames[i]);
            writeNullable(out, tagValues[i]);
            out.writeTime(tagExpiries[i]);
        }
        if (purchases == 0) {
            return;
        }
        out.writeTime(lastPurchaseAt);
        out.writeVarLong(monetaryTotal);
        spend.write(out);
        cycle.write(out);
        out.writeVarInt(cycleCategories.size());
        for (int i = 0; i < cycleCategories.size(); i++) {
            out.writeString(cycleCategories.get(i));
            categoryCycles.get(i).write(out);
        }
        brandPurchases.write(out);
        out.writeVarInt(brandedPurchases);
        out.writeVarInt(discountedPurchases);
        out.writeFloat(paidPrice);
    }

    /** Reads a profile written by {@link #writeTo}. */
    public static Profile readFrom(StateInput in) throws IOException {
        Profile p = new Profile();
        p.lastSeen = in.readTime();
        if (p.lastSeen == Times.NONE) {
            return p;
        }
        p.firstSeen = in.readTime();
        p.ageBand = readNullable(in);
        p.gender = readNullable(in);
        p.region = readNullable(in);
        p.timezone = readNullable(in);
        p.registeredAt = in.readTime();
        p.views = in.readVarInt();
        p.searches = in.readVarInt();
        p.carts = in.readVarInt();
        p.favorites = in.readVarInt();
        p.purchases = in.readVarInt();
        p.reviews = in.readVarInt();
        p.shares = in.readVarInt();
        p.likes = in.readVarInt();
        p.ratingSum = in.readVarInt();
        p.ratings = in.readVarInt();
        p.stage = STAGES[in.readByte()];
        p.stageSince = in.readTime();
        p.reactivatedAt = in.readTime();
        p.consent = in.readVarInt();
        p.publishedFingerprint = in.readVarInt();
        p.publishedAt = in.readTime();
        p.snapshotPending = in.readBoolean();
        p.affinityAt = in.readTime();
        p.categories.read(in);
        p.brands.read(in);
        p.recentCount = in.readVarInt();
        p.recentItems = new String[p.recentCount];
        p.recentHashes = new int[p.recentCount];
        for (int i = 0; i < p.recentCount; i++) {
            p.recentItems[i] = in.readString();
            p.recentHashes[i] = p.recentItems[i].hashCode();
        }
        p.viewedPrice = in.readFloat();
        p.hoursAt = in.readTime();
        if (p.hoursAt != Times.NONE) {
            p.hours = new float[HOURS];
            int filled = in.readVarInt();
            for (int hour = 0; hour < HOURS; hour++) {
                if ((filled & (1 << hour)) != 0) {
                    p.hours[hour] = in.readFloat();
                }
            }
        }
        if (in.readBoolean()) {
            for (int i = 0; i < p.engagement.length; i++) {
                p.engagement[i] = in.readVarInt();
            }
        }
        if (in.format() >= Formats.STRATEGY) {
            int tags = in.readVarInt();
            if (tags > MAX_TAGS) {
                throw new IOException(tags + " outside tags, more than " + MAX_TAGS);
            }
            p.tagNames = new String[tags];
            p.tagValues = new String[tags];
            p.tagExpiries = new long[tags];
            for (int i = 0; i < tags; i++) {
                p.tagNames[i] = in.readString();
                p.tagValues[i] = readNullable(in);
                p.tagExpiries[i] = in.readTime();
            }
            p.tagCount = tags;
        }
        if (p.purchases == 0) {
            return p;
        }
        p.lastPurchaseAt = in.readTime();
        p.monetaryTotal =
                in.format() >= Formats.EXACT
                        ? in.readVarLong()
                        : Formats.legacyMoney(in.readDouble());
        p.spend.read(in);
        p.cycle.read(in);
        int categories = in.readVarInt();
        for (int i = 0; i < categories; i++) {
            p.cycleCategories.add(in.readString());
            CycleTracker cycle = new CycleTracker();
            cycle.read(in);
            p.categoryCycles.add(cycle);
        }
        p.brandPurchases.read(in);
        p.brandedPurchases = in.readVarInt();
        p.discountedPurchases = in.readVarInt();
        p.paidPrice = in.readFloat();
        return p;
    }

    /** The index of the outside tag {@code name}, or -1. */
    int tagIndex(String name) {
        for (int i = 0; i < tagCount; i++) {
            if (tagNames[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Sets the outside tag {@code name} as the most recently set, replacing its value and expiry;
     * when {@link #MAX_TAGS} are set already, the one set longest ago goes.
     */
    void setTag(String name, String value, long expiresAt) {
        int index = tagIndex(name);
        if (index < 0 && tagCount == MAX_TAGS) {
            index = 0;
        }
        if (index >= 0) {
            removeTagAt(index);
        }
        if (tagNames.length == tagCount) {
            int capacity = Math.min(MAX_TAGS, Math.max(2, tagCount * 2));
            tagNames = java.util.Arrays.copyOf(tagNames, capacity);
            tagValues = java.util.Arrays.copyOf(tagValues, capacity);
            tagExpiries = java.util.Arrays.copyOf(tagExpiries, capacity);
        }
        tagNames[tagCount] = name;
        tagValues[tagCount] = value;
        tagExpiries[tagCount] = expiresAt;
        tagCount++;
    }

    void removeTagAt(int index) {
        int after = tagCount - index - 1;
        System.arraycopy(tagNames, index + 1, tagNames, index, after);
        System.arraycopy(tagValues, index + 1, tagValues, index, after);
        System.arraycopy(tagExpiries, index + 1, tagExpiries, index, after);
        tagCount--;
        tagNames[tagCount] = null;
        tagValues[tagCount] = null;
    }

    private static void writeNullable(StateOutput out, String value) {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeString(value);
        }
    }

    private static String readNullable(StateInput in) throws IOException {
        return in.readBoolean() ? in.readString() : null;
    }
}
