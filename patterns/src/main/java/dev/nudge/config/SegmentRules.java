package dev.nudge.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The segments of a configuration: the thresholds of the built-in segment tags, the operators' own
 * segment rules, and the tags set from outside that profiles keep.
 *
 * @param priceSensitiveShare {@code price-sensitive}: minimum share of discounted purchases
 * @param priceSensitivePurchases {@code price-sensitive}: minimum purchases before the tag applies
 * @param brandLoyalShare {@code brand-loyal}: minimum share of purchases of the top brand
 * @param brandLoyalPurchases {@code brand-loyal}: minimum purchases before the tag applies
 * @param highValueSpend90d {@code high-value}: minimum spend in the last 90 days
 * @param potentialViews {@code potential}: minimum views of a user who never purchased
 * @param potentialActiveWithin {@code potential}: the user was seen within this
 * @param advocateActions {@code advocate}: minimum reviews and shares together
 * @param custom the custom segments of {@code segments:} by name, in document order
 * @param tags the outside tags of {@code tags:} by name, in document order
 */
public record SegmentRules(
        double priceSensitiveShare,
        int priceSensitivePurchases,
        double brandLoyalShare,
        int brandLoyalPurchases,
        double highValueSpend90d,
        int potentialViews,
        java.time.Duration potentialActiveWithin,
        int advocateActions,
        Map<String, SegmentRule> custom,
        Map<String, OutsideTag> tags) {

    public SegmentRules {
        custom = Collections.unmodifiableMap(new LinkedHashMap<>(custom));
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /**
     * The tags a profile can carry besides its lifecycle stage and RFM scores, in the order of
     * their bits: those of {@link Segment}.
     */
    public static final List<String> TAGS = Segment.TAGS;

    /** The RFM scores as tags: {@code R1} … {@code R5}, {@code F1} … {@code F5}, {@code M1} … */
    public static final List<String> RFM_TAGS = rfmTags();

    private static final List<String> BUILT_IN = builtIn();

    /**
     * Every name of a tag a profile has without any rule of the document: the built-in segments,
     * the lifecycle stages and the RFM scores.
     */
    public static List<String> builtInNames() {
        return BUILT_IN;
    }

    /**
     * Every name an audience, an offer rule or a segment rule may use: the built-in ones, the
     * custom segments and the declared outside tags.
     */
    public List<String> names() {
        List<String> names = new ArrayList<>(BUILT_IN);
        names.addAll(custom.keySet());
        names.addAll(tags.keySet());
        return names;
    }

    private static List<String> rfmTags() {
        List<String> tags = new ArrayList<>();
        for (String dimension : List.of("R", "F", "M")) {
            for (int score = 1; score <= 5; score++) {
                tags.add(dimension + score);
            }
        }
        return List.copyOf(tags);
    }

    private static List<String> builtIn() {
        List<String> names = new ArrayList<>(Segment.TAGS);
        for (LifecycleStage stage : LifecycleStage.values()) {
            names.add(stage.name());
        }
        names.addAll(rfmTags());
        return List.copyOf(names);
    }
}
