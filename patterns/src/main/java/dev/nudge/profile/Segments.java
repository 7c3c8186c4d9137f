package dev.nudge.profile;

import dev.nudge.config.Audience;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.Segment;
import dev.nudge.config.SegmentRules;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Which segments a user is in under the configuration, worked out from the profile at the time
 * asked about: the built-in {@link Segment}s by their {@link SegmentRules}, the tags audiences and
 * offer rules name (segments, lifecycle stage, RFM scores), and audiences themselves. Nothing here
 * is stored but the segment bits inside the snapshot fingerprint.
 */
final class Segments {
    private static final Segment[] ALL = Segment.values();

    private final SegmentRules rules;
    private final long highValueSpend90d;
    private final long potentialActiveWithin;

    Segments(PatternsConfig config) {
        this.rules = config.segments();
        this.highValueSpend90d = config.money().minorUnits(rules.highValueSpend90d());
        this.potentialActiveWithin = rules.potentialActiveWithin().toMillis();
    }

    boolean isIn(ProfileView user, Segment segment, long now) {
        return switch (segment) {
            case PRICE_SENSITIVE ->
                    user.purchases() >= rules.priceSensitivePurchases()
                            && user.discountedShare() >= rules.priceSensitiveShare();
            case BRAND_LOYAL ->
                    user.brandedPurchases() >= rules.brandLoyalPurchases()
                            && user.topBrandShare() >= rules.brandLoyalShare();
            case HIGH_VALUE -> user.purchases() > 0 && user.monetary90d(now) >= highValueSpend90d;
            case POTENTIAL ->
                    user.purchases() == 0
                            && user.views() >= rules.potentialViews()
                            && now - user.lastSeen() <= potentialActiveWithin;
            case ADVOCATE -> user.reviews() + user.shares() >= rules.advocateActions();
            case NEW_PRODUCT_SEEKER -> false; // needs item release dates, which events lack
        };
    }

    /** The segments the user is in, one {@link Segment#bit()} each. */
    int bits(ProfileView user, long now) {
        int bits = 0;
        for (Segment segment : ALL) {
            if (isIn(user, segment, now)) {
                bits |= segment.bit();
            }
        }
        return bits;
    }

    /** The segments' tags, the lifecycle stage and the RFM scores as {@code R5 F2 M3}. */
    List<String> tags(ProfileView user, long now) {
        List<String> tags = new ArrayList<>(6);
        int bits = bits(user, now);
        for (Segment segment : ALL) {
            if (segment.in(bits)) {
                tags.add(segment.tag());
            }
        }
        tags.add(user.stage().name());
        tags.add("R" + user.recencyScore(now));
        tags.add("F" + user.frequencyScore());
        tags.add("M" + user.monetaryScore());
        return Collections.unmodifiableList(tags);
    }

    /** One of the audience's segments (any tag), one of its stages, none of its exclusions. */
    boolean inAudience(ProfileView user, Audience audience, long now) {
        List<String> tags = tags(user, now);
        if (!audience.stages().isEmpty() && !audience.stages().contains(user.stage())) {
            return false;
        }
        if (!audience.segments().isEmpty()
                && audience.segments().stream().noneMatch(tags::contains)) {
            return false;
        }
        return audience.exclude().stream().noneMatch(tags::contains);
    }
}
