package dev.nudge.config;

import java.time.Duration;

/**
 * The constants of the profile's formulas ({@code profile:} in {@code patterns.yaml}); README,
 * "Profile", explains each.
 *
 * @param occasionGap a purchase at least this long after the previous one starts a new occasion
 * @param minOccasions occasions needed before a next purchase is predicted
 * @param cycleGaps how many of the latest gaps between occasions a purchase cycle keeps
 * @param cycleDecay the weight of each kept gap relative to the one after it
 * @param affinityHalfLife half-life of the category and brand affinity scores
 * @param viewWeight affinity added by a VIEW
 * @param favoriteWeight affinity added by a FAVORITE
 * @param cartWeight affinity added by an ADD_TO_CART
 * @param purchaseWeight affinity added by a PURCHASE line
 * @param topCategories how many categories the affinity keeps
 * @param topBrands how many brands the affinity and the brand purchase counts keep
 * @param cycleCategories how many categories get a purchase cycle of their own
 * @param activeHoursHalfLife half-life of the active-hours histogram
 * @param priceWeight weight of the newest price in the averages of prices viewed and paid
 * @param recentItems how many recently viewed items are kept
 * @param engagementPriorRate the engagement rate assumed for a channel without feedback
 * @param engagementPriorWeight how many deliveries that assumption weighs
 */
public record ProfileSpec(
        Duration occasionGap,
        int minOccasions,
        int cycleGaps,
        double cycleDecay,
        Duration affinityHalfLife,
        double viewWeight,
        double favoriteWeight,
        double cartWeight,
        double purchaseWeight,
        int topCategories,
        int topBrands,
        int cycleCategories,
        Duration activeHoursHalfLife,
        double priceWeight,
        int recentItems,
        double engagementPriorRate,
        double engagementPriorWeight) {

    /** The most {@code topCategories} a configuration may ask for. */
    public static final int MAX_TOP_CATEGORIES = 32;

    /** The most {@code topBrands}. */
    public static final int MAX_TOP_BRANDS = 32;

    /** The most {@code cycleCategories}. */
    public static final int MAX_CYCLE_CATEGORIES = 16;

    /** The most {@code cycleGaps}. */
    public static final int MAX_CYCLE_GAPS = 32;

    /** The most {@code recentItems}. */
    public static final int MAX_RECENT_ITEMS = 50;

    /** The defaults, as declared in {@link PatternsYaml}: those of a document without a profile. */
    public static final ProfileSpec DEFAULTS =
            PatternsConfigReader.profile(ConfigNode.absent("profile"));
}
