package dev.nudge.config;

/**
 * Thresholds of the profile's segment tags.
 *
 * @param priceSensitiveShare {@code price-sensitive}: minimum share of discounted purchases
 * @param priceSensitivePurchases {@code price-sensitive}: minimum purchases before the tag applies
 * @param brandLoyalShare {@code brand-loyal}: minimum share of purchases of the top brand
 * @param brandLoyalPurchases {@code brand-loyal}: minimum purchases before the tag applies
 * @param highValueSpend90d {@code high-value}: minimum spend in the last 90 days
 */
public record SegmentRules(
        double priceSensitiveShare,
        int priceSensitivePurchases,
        double brandLoyalShare,
        int brandLoyalPurchases,
        double highValueSpend90d) {

    /** The tags a profile can carry, besides its lifecycle stage. */
    public static final java.util.List<String> TAGS =
            java.util.List.of(
                    "price-sensitive",
                    "brand-loyal",
                    "high-value",
                    "new-product-seeker",
                    "potential",
                    "advocate");
}
