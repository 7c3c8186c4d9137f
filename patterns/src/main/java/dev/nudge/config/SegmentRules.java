package dev.nudge.config;

import java.util.List;

/**
 * Thresholds of the profile's segment tags.
 *
 * @param priceSensitiveShare {@code price-sensitive}: minimum share of discounted purchases
 * @param priceSensitivePurchases {@code price-sensitive}: minimum purchases before the tag applies
 * @param brandLoyalShare {@code brand-loyal}: minimum share of purchases of the top brand
 * @param brandLoyalPurchases {@code brand-loyal}: minimum purchases before the tag applies
 * @param highValueSpend90d {@code high-value}: minimum spend in the last 90 days
 * @param potentialViews {@code potential}: minimum views of a user who never purchased
 * @param potentialActiveWithin {@code potential}: the user was seen within this
 * @param advocateActions {@code advocate}: minimum reviews and shares together
 */
public record SegmentRules(
        double priceSensitiveShare,
        int priceSensitivePurchases,
        double brandLoyalShare,
        int brandLoyalPurchases,
        double highValueSpend90d,
        int potentialViews,
        java.time.Duration potentialActiveWithin,
        int advocateActions) {

    /**
     * The tags a profile can carry besides its lifecycle stage and RFM scores, in the order of
     * their bits: those of {@link Segment}.
     */
    public static final List<String> TAGS = Segment.TAGS;
}
