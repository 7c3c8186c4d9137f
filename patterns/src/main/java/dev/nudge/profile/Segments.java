package dev.nudge.profile;

import dev.nudge.config.Audience;
import dev.nudge.config.LifecycleStage;
import dev.nudge.config.OfferRule;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.Segment;
import dev.nudge.config.SegmentRule;
import dev.nudge.config.SegmentRules;
import dev.nudge.event.Money;
import dev.nudge.event.Times;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which segments a user is in under the configuration, worked out from the profile at the time
 * asked about: the built-in {@link Segment}s by their {@link SegmentRules}, the lifecycle stage,
 * the RFM scores, the outside tags, and the custom segments, each compiled once per configuration
 * into a {@link Test}; and the audiences and offer rules that name them, compiled too, so that a
 * decision asks the profile only what its rules need and builds nothing. Nothing here is stored but
 * the segment bits inside the snapshot fingerprint.
 */
final class Segments {
    private static final Segment[] ALL = Segment.values();

    /** A test of one user at one time. */
    @FunctionalInterface
    interface Test {
        boolean holds(ProfileView user, long now);
    }

    private static final Test NEVER = (user, now) -> false;

    private final SegmentRules rules;
    private final Money money;
    private final long highValueSpend90d;
    private final long potentialActiveWithin;

    /** Every tag by name: built-in segments, stages, RFM scores, outside tags, custom segments. */
    private final Map<String, Test> named = new HashMap<>();

    private final Map<Audience, Test> audiences = new IdentityHashMap<>();
    private final Map<List<OfferRule>, Test[]> offers = new IdentityHashMap<>();

    Segments(PatternsConfig config) {
        this.rules = config.segments();
        this.money = config.money();
        this.highValueSpend90d = money.minorUnits(rules.highValueSpend90d());
        this.potentialActiveWithin = rules.potentialActiveWithin().toMillis();
        for (Segment segment : ALL) {
            named.put(segment.tag(), (user, now) -> isIn(user, segment, now));
        }
        for (LifecycleStage stage : LifecycleStage.values()) {
            named.put(stage.name(), (user, now) -> user.stage() == stage);
        }
        for (int score = 1; score <= 5; score++) {
            int s = score;
            named.put("R" + s, (user, now) -> user.recencyScore(now) == s);
            named.put("F" + s, (user, now) -> user.frequencyScore() == s);
            named.put("M" + s, (user, now) -> user.monetaryScore() == s);
        }
        for (String tag : rules.tags().keySet()) {
            named.put(tag, (user, now) -> user.hasTag(tag, now));
        }
        for (String name : rules.custom().keySet()) {
            custom(name);
        }
        offers.put(config.offers(), compileOffers(config.offers()));
        for (PatternSpec pattern : config.patterns()) {
            audiences.put(pattern.audience(), compile(pattern.audience()));
            if (pattern.action() != null) {
                offers.put(pattern.action().offers(), compileOffers(pattern.action().offers()));
            }
        }
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

    /**
     * Whether the user has the tag {@code name} (any name a rule may use); an unknown one never.
     */
    boolean has(ProfileView user, String name, long now) {
        return named.getOrDefault(name, NEVER).holds(user, now);
    }

    /** One of the audience's segments (any tag), one of its stages, none of its exclusions. */
    boolean inAudience(ProfileView user, Audience audience, long now) {
        Test test = audiences.get(audience);
        return (test != null ? test : compile(audience)).holds(user, now);
    }

    /** The offer of the first of {@code rules} whose tag the user has, or {@code null}. */
    String offer(ProfileView user, List<OfferRule> rules, long now) {
        Test[] tests = offers.get(rules);
        if (tests == null) {
            tests = compileOffers(rules);
        }
        for (int i = 0; i < tests.length; i++) {
            if (tests[i].holds(user, now)) {
                return rules.get(i).offer();
            }
        }
        return null;
    }

    private Test[] compileOffers(List<OfferRule> rules) {
        Test[] tests = new Test[rules.size()];
        for (int i = 0; i < tests.length; i++) {
            tests[i] = named.getOrDefault(rules.get(i).segment(), NEVER);
        }
        return tests;
    }

    private Test compile(Audience audience) {
        int stages = 0;
        for (LifecycleStage stage : audience.stages()) {
            stages |= 1 << stage.ordinal();
        }
        int stageMask = stages;
        Test any = anyOf(audience.segments(), true);
        Test excluded = anyOf(audience.exclude(), false);
        return (user, now) ->
                (stageMask == 0 || (stageMask & 1 << user.stage().ordinal()) != 0)
                        && any.holds(user, now)
                        && !excluded.holds(user, now);
    }

    /** Whether the user has one of {@code names}; {@code whenNone} for no names. */
    private Test anyOf(List<String> names, boolean whenNone) {
        if (names.isEmpty()) {
            return whenNone ? (user, now) -> true : NEVER;
        }
        Test[] tests = new Test[names.size()];
        for (int i = 0; i < tests.length; i++) {
            tests[i] = named.getOrDefault(names.get(i), NEVER);
        }
        return anyOf(tests);
    }

    /** The custom segment {@code name}, compiled with the ones it names (checked acyclic). */
    private Test custom(String name) {
        Test test = named.get(name);
        if (test == null) {
            SegmentRule rule = rules.custom().get(name);
            named.put(name, NEVER); // a cycle the reader would have rejected ends here
            test = compile(rule);
            named.put(name, test);
        }
        return test;
    }

    private Test compile(SegmentRule rule) {
        if (rule instanceof SegmentRule.Named ref) {
            Test test = rules.custom().containsKey(ref.name()) ? custom(ref.name()) : null;
            return test != null ? test : named.getOrDefault(ref.name(), NEVER);
        } else if (rule instanceof SegmentRule.All all) {
            Test[] parts = compile(all.rules());
            return (user, now) -> {
                for (Test part : parts) {
                    if (!part.holds(user, now)) {
                        return false;
                    }
                }
                return true;
            };
        } else if (rule instanceof SegmentRule.Any any) {
            return anyOf(compile(any.rules()));
        } else if (rule instanceof SegmentRule.Not not) {
            Test inner = compile(not.rule());
            return (user, now) -> !inner.holds(user, now);
        } else if (rule instanceof SegmentRule.Rfm rfm) {
            int r = mask(rfm.recency());
            int f = mask(rfm.frequency());
            int m = mask(rfm.monetary());
            return (user, now) ->
                    (r == 0 || (r & 1 << user.recencyScore(now)) != 0)
                            && (f == 0 || (f & 1 << user.frequencyScore()) != 0)
                            && (m == 0 || (m & 1 << user.monetaryScore()) != 0);
        } else if (rule instanceof SegmentRule.Stages stages) {
            int mask = 0;
            for (LifecycleStage stage : stages.stages()) {
                mask |= 1 << stage.ordinal();
            }
            int stageMask = mask;
            return (user, now) -> (stageMask & 1 << user.stage().ordinal()) != 0;
        } else if (rule instanceof SegmentRule.OneOf oneOf) {
            return oneOf(oneOf);
        } else if (rule instanceof SegmentRule.Between between) {
            return between(between);
        } else if (rule instanceof SegmentRule.Within within) {
            return within(within);
        } else if (rule instanceof SegmentRule.HasTag tag) {
            String name = tag.tag();
            List<String> values = tag.values();
            // A tag held without a value, or not held, has no value: one of none.
            return values.isEmpty()
                    ? (user, now) -> user.hasTag(name, now)
                    : (user, now) -> isOneOf(user.tagValue(name, now), values);
        }
        throw new IllegalArgumentException("no test for " + rule);
    }

    private Test[] compile(List<SegmentRule> parts) {
        Test[] tests = new Test[parts.size()];
        for (int i = 0; i < tests.length; i++) {
            tests[i] = compile(parts.get(i));
        }
        return tests;
    }

    private static Test anyOf(Test[] parts) {
        if (parts.length == 1) {
            return parts[0];
        }
        return (user, now) -> {
            for (Test part : parts) {
                if (part.holds(user, now)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static int mask(List<Integer> scores) {
        int mask = 0;
        for (int score : scores) {
            mask |= 1 << score;
        }
        return mask;
    }

    private static Test oneOf(SegmentRule.OneOf rule) {
        List<String> values = rule.values();
        return switch (rule.attribute()) {
            case REGION -> (user, now) -> isOneOf(user.region(), values);
            case AGE_BAND -> (user, now) -> isOneOf(user.ageBand(), values);
            case GENDER -> (user, now) -> isOneOf(user.gender(), values);
            case TOP_CATEGORY -> (user, now) -> isOneOf(user.topCategory(), values);
            case TOP_BRAND -> (user, now) -> isOneOf(user.topBrand(), values);
        };
    }

    /** Whether {@code value} is one of {@code values}; {@code null} (none) never is. */
    private static boolean isOneOf(String value, List<String> values) {
        return value != null && values.contains(value);
    }

    private Test between(SegmentRule.Between rule) {
        if (rule.measure().isMoney()) {
            long min = rule.min() == null ? Long.MIN_VALUE : money.minorUnits(rule.min());
            long max = rule.max() == null ? Long.MAX_VALUE : money.minorUnits(rule.max());
            return rule.measure() == SegmentRule.Measure.SPEND_90D
                    ? (user, now) -> within(user.monetary90d(now), min, max)
                    : (user, now) -> within(user.monetaryTotal(), min, max);
        }
        double min = rule.min() == null ? Double.NEGATIVE_INFINITY : rule.min();
        double max = rule.max() == null ? Double.POSITIVE_INFINITY : rule.max();
        return rule.measure() == SegmentRule.Measure.PURCHASES
                ? (user, now) -> user.purchases() >= min && user.purchases() <= max
                : (user, now) -> user.priceSensitivity() >= min && user.priceSensitivity() <= max;
    }

    private static boolean within(long value, long min, long max) {
        return value >= min && value <= max;
    }

    private static Test within(SegmentRule.Within rule) {
        long within = rule.within().toMillis();
        return switch (rule.moment()) {
            case NEXT_PURCHASE ->
                    (user, now) -> {
                        long predicted = user.predictedNextPurchase();
                        return predicted != Times.NONE
                                && predicted >= now
                                && predicted - now <= within;
                    };
            case LAST_PURCHASE ->
                    (user, now) ->
                            user.lastPurchaseAt() != Times.NONE
                                    && now - user.lastPurchaseAt() <= within;
            case LAST_SEEN ->
                    (user, now) -> user.lastSeen() != Times.NONE && now - user.lastSeen() <= within;
        };
    }
}
