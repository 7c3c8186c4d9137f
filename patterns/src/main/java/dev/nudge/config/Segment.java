package dev.nudge.config;

import java.util.Arrays;
import java.util.List;

/**
 * The built-in segments a profile can be in, besides its lifecycle stage and RFM scores; their
 * thresholds are the {@link SegmentRules}. Audiences and offer rules name them by {@link #tag()}.
 *
 * <p>Each has one bit, {@code 1 << ordinal()}, in the profile's segment bits. Those bits are part
 * of the snapshot fingerprint kept in state (six bits of it), so the order is fixed: a new segment
 * goes at the end, and a seventh needs a wider fingerprint.
 */
public enum Segment {
    /** Buys with a discount at least {@code minDiscountedShare} of the time. */
    PRICE_SENSITIVE("price-sensitive"),
    /** Buys the top brand at least {@code minTopBrandShare} of the time. */
    BRAND_LOYAL("brand-loyal"),
    /** Spent at least {@code minSpend90d} in the last 90 days. */
    HIGH_VALUE("high-value"),
    /** Never bought, but viewed {@code minViews} items and was seen lately. */
    POTENTIAL("potential"),
    /** Reviewed and shared at least {@code minReviewsAndShares} times. */
    ADVOCATE("advocate"),
    /**
     * Needs item release dates, which events do not carry: accepted in audiences, never assigned.
     */
    NEW_PRODUCT_SEEKER("new-product-seeker");

    /** Every tag, in the order of the bits. */
    public static final List<String> TAGS = Arrays.stream(values()).map(Segment::tag).toList();

    private final String tag;

    Segment(String tag) {
        this.tag = tag;
    }

    /** The name configurations and snapshots use, e.g. {@code price-sensitive}. */
    public String tag() {
        return tag;
    }

    /** The segment's bit in a profile's segment bits. */
    public int bit() {
        return 1 << ordinal();
    }

    /** Whether {@code bits} holds this segment. */
    public boolean in(int bits) {
        return (bits & bit()) != 0;
    }
}
