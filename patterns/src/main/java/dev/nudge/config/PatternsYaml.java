package dev.nudge.config;

import static dev.nudge.config.SettingType.ascendingFour;
import static dev.nudge.config.SettingType.bool;
import static dev.nudge.config.SettingType.choice;
import static dev.nudge.config.SettingType.duration;
import static dev.nudge.config.SettingType.integer;
import static dev.nudge.config.SettingType.listOf;
import static dev.nudge.config.SettingType.number;
import static dev.nudge.config.SettingType.oneOf;
import static dev.nudge.config.SettingType.percentile;
import static dev.nudge.config.SettingType.strings;
import static dev.nudge.config.SettingType.text;
import static java.time.Duration.ZERO;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static java.util.stream.Collectors.joining;

import dev.nudge.event.Channel;
import dev.nudge.event.EventType;
import dev.nudge.event.Money;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every setting of {@code patterns.yaml}, declared once (docs/operators.md, Configuration): {@link
 * PatternsConfigReader} reads the document through these declarations, {@link ConfigDiff} names and
 * classifies changes by them, and the README's table of the document's settings and the params of
 * each pattern type are written from them.
 *
 * <p>A new setting is one declaration here, with where its value is held ({@link
 * Setting.Builder#in}), and the record component that holds it.
 *
 * <p>Longer than other classes on purpose: it is a list of declarations, one short entry per
 * setting (about a hundred), and splitting it would bring back the scattering it removes.
 */
public final class PatternsYaml {
    private static final Duration ONE_YEAR = ofDays(366);

    /** A flow's {@code reentry} that lets no user in twice. */
    private static final String NEVER = "NEVER";

    /** The settings of the document and of each of its patterns, {@code params} aside. */
    public static final Settings DECLARED = new Settings();

    private static final Map<PatternType, Settings> PARAMS = new EnumMap<>(PatternType.class);

    public static final Setting<String> VERSION =
            DECLARED.key("version")
                    .type(text(ConfigLimits.VERSION))
                    .required(ConfigLimits.VERSION.describe())
                    .live()
                    .withDescription(
                            "echoed in every action and decision; a document published live must"
                                    + " be newer than the one in force");

    public static final Setting<ZoneId> TIMEZONE =
            DECLARED.key("timezone")
                    .type(SettingType.zone())
                    .defaultValue(ZoneOffset.UTC)
                    .in(PatternsConfig.class, PatternsConfig::timezone)
                    .withDescription("the time zone of users whose REGISTER named none");

    public static final Setting<Money> CURRENCY =
            DECLARED.key("currency")
                    .type(SettingType.currency())
                    .defaultValue(Money.DEFAULT)
                    .in(PatternsConfig.class, PatternsConfig::money)
                    .withDescription(
                            "the one currency of prices, spend thresholds and revenue; stored"
                                    + " spend is in its minor units, so a change needs fresh state");

    public static final Setting<Duration> SILENT_AFTER =
            DECLARED.key("lifecycle.silentAfter")
                    .type(duration(ofDays(1), ONE_YEAR))
                    .defaultValue(ofDays(30))
                    .in(PatternsConfig.class, c -> c.lifecycle().silentAfter())
                    .withDescription("a user whose last purchase is this long ago becomes SILENT");

    public static final Setting<Duration> CHURNED_AFTER =
            DECLARED.key("lifecycle.churnedAfter")
                    .type(duration(ofDays(1), ONE_YEAR))
                    .defaultValue(ofDays(90))
                    .in(PatternsConfig.class, c -> c.lifecycle().churnedAfter())
                    .withDescription("... and CHURNED; longer than `silentAfter`");

    public static final Setting<LifecycleSpec.Mode> LIFECYCLE_MODE =
            DECLARED.key("lifecycle.mode")
                    .type(oneOf(LifecycleSpec.Mode.class))
                    .defaultValue(LifecycleSpec.Mode.GLOBAL)
                    .in(PatternsConfig.class, c -> c.lifecycle().mode())
                    .withDescription(
                            "GLOBAL: the durations above for everyone; PERSONAL: by each user's"
                                    + " own gaps between purchases, the durations the latest");

    public static final Setting<Double> SILENT_GAPS =
            DECLARED.key("lifecycle.silentGaps")
                    .type(number(1, 20))
                    .defaultValue(2.0)
                    .in(PatternsConfig.class, c -> c.lifecycle().silentGaps())
                    .withDescription(
                            "PERSONAL: SILENT after this many times the user's 90th-percentile gap");

    public static final Setting<Double> CHURNED_GAPS =
            DECLARED.key("lifecycle.churnedGaps")
                    .type(number(1, 50))
                    .defaultValue(6.0)
                    .in(PatternsConfig.class, c -> c.lifecycle().churnedGaps())
                    .withDescription(
                            "PERSONAL: CHURNED after this many times it, and at least twice the"
                                    + " silent time");

    public static final Setting<Duration> MIN_SILENT_AFTER =
            DECLARED.key("lifecycle.minSilentAfter")
                    .type(duration(ofHours(1), ONE_YEAR))
                    .defaultValue(ofDays(7))
                    .in(PatternsConfig.class, c -> c.lifecycle().minSilentAfter())
                    .withDescription("PERSONAL: no user becomes SILENT sooner than this");

    public static final Setting<Double> PRICE_SENSITIVE_SHARE =
            DECLARED.key("segments.price-sensitive.minDiscountedShare")
                    .type(number(0, 1))
                    .defaultValue(0.5)
                    .live()
                    .in(PatternsConfig.class, c -> c.segments().priceSensitiveShare())
                    .withDescription(
                            "`price-sensitive`: the least share of purchases with `discounted:"
                                    + " true`");

    public static final Setting<Integer> PRICE_SENSITIVE_PURCHASES =
            DECLARED.key("segments.price-sensitive.minPurchases")
                    .type(integer(1, 1000))
                    .defaultValue(2)
                    .live()
                    .in(PatternsConfig.class, c -> c.segments().priceSensitivePurchases())
                    .withDescription("... from at least this many purchases");

    public static final Setting<Double> BRAND_LOYAL_SHARE =
            DECLARED.key("segments.brand-loyal.minTopBrandShare")
                    .type(number(0, 1))
                    .defaultValue(0.6)
                    .live()
                    .in(PatternsConfig.class, c -> c.segments().brandLoyalShare())
                    .withDescription(
                            "`brand-loyal`: the least share of branded purchases of the most"
                                    + " bought brand");

    public static final Setting<Integer> BRAND_LOYAL_PURCHASES =
            DECLARED.key("segments.brand-loyal.minPurchases")
                    .type(integer(1, 1000))
                    .defaultValue(3)
                    .live()
                    .in(PatternsConfig.class, c -> c.segments().brandLoyalPurchases())
                    .withDescription("... from at least this many branded purchases");

    public static final Setting<Double> HIGH_VALUE_SPEND =
            DECLARED.key("segments.high-value.minSpend90d")
                    .type(number(0, 1e12))
                    .defaultValue(1000.0)
                    .unit("in `currency`")
                    .live()
                    .in(PatternsConfig.class, c -> c.segments().highValueSpend90d())
                    .withDescription("`high-value`: the least spend in the last 90 days");

    public static final Setting<Integer> POTENTIAL_VIEWS =
            DECLARED.key("segments.potential.minViews")
                    .type(integer(1, 100_000))
                    .defaultValue(5)
                    .live()
                    .in(PatternsConfig.class, c -> c.segments().potentialViews())
                    .withDescription("`potential`: the least views of a user who never purchased");

    public static final Setting<Duration> POTENTIAL_ACTIVE_WITHIN =
            DECLARED.key("segments.potential.activeWithin")
                    .type(duration(ofDays(1), ONE_YEAR))
                    .defaultValue(ofDays(30))
                    .live()
                    .in(PatternsConfig.class, c -> c.segments().potentialActiveWithin())
                    .withDescription("... who was seen within this");

    public static final Setting<Integer> ADVOCATE_ACTIONS =
            DECLARED.key("segments.advocate.minReviewsAndShares")
                    .type(integer(1, 100_000))
                    .defaultValue(3)
                    .live()
                    .in(PatternsConfig.class, c -> c.segments().advocateActions())
                    .withDescription("`advocate`: the least reviews and shares together");

    public static final Setting<Map<String, SegmentRule>> CUSTOM_SEGMENTS =
            DECLARED.key("segments.<name>")
                    .type(
                            SettingType.<Map<String, SegmentRule>>structure(
                                    "a rule of the segment language (see Segments and tags), at"
                                            + " most "
                                            + ConfigLimits.MAX_SEGMENT_RULES))
                    .defaultValue(Map.of())
                    .absentMeans("none")
                    .live()
                    .in(PatternsConfig.class, c -> c.segments().custom())
                    .withDescription(
                            "a custom segment: any other name (lower-case letters, digits and -)"
                                    + " holds a rule; usable wherever a segment tag is");

    public static final Setting<Map<String, OutsideTag>> TAGS =
            DECLARED.key("tags")
                    .type(
                            SettingType.<Map<String, OutsideTag>>structure(
                                    "tags by name, at most " + ConfigLimits.MAX_OUTSIDE_TAGS))
                    .defaultValue(Map.of())
                    .absentMeans("none")
                    .live()
                    .in(PatternsConfig.class, c -> c.segments().tags())
                    .withDescription(
                            "the tags TAG events may set on users; profiles keep only these");

    public static final Setting<List<String>> TAG_VALUES =
            DECLARED.key("tags.<name>.values")
                    .type(strings("a list of values of 1 to 64 characters"))
                    .absentMeans("any value, or none")
                    .live()
                    .withDescription("the values a TAG event may give the tag; others are ignored");

    public static final Setting<double[]> RFM_RECENCY_DAYS =
            DECLARED.key("rfm.recencyDays")
                    .type(ascendingFour())
                    .defaultValue(new double[] {7, 30, 90, 180})
                    .in(PatternsConfig.class, c -> c.rfm().recencyDays())
                    .withDescription(
                            "days since the last purchase: at most the first scores R5, beyond the"
                                    + " last R1");

    public static final Setting<double[]> RFM_FREQUENCY =
            DECLARED.key("rfm.frequency")
                    .type(ascendingFour())
                    .defaultValue(new double[] {2, 3, 5, 10})
                    .in(PatternsConfig.class, c -> c.rfm().frequency())
                    .withDescription(
                            "purchase occasions: below the first scores F1, from the last F5");

    public static final Setting<double[]> RFM_MONETARY =
            DECLARED.key("rfm.monetary")
                    .type(ascendingFour())
                    .defaultValue(new double[] {100, 300, 1000, 3000})
                    .unit("in `currency`")
                    .in(PatternsConfig.class, c -> c.rfm().monetary())
                    .withDescription("total spend: below the first scores M1, from the last M5");

    public static final Setting<Duration> OCCASION_GAP =
            DECLARED.key("profile.occasionGap")
                    .type(duration(ZERO, ofDays(1)))
                    .defaultValue(ofHours(1))
                    .in(PatternsConfig.class, c -> c.profile().occasionGap())
                    .withDescription(
                            "a purchase this long after the user's previous one starts a new"
                                    + " occasion");

    public static final Setting<Integer> MIN_OCCASIONS =
            DECLARED.key("profile.minOccasions")
                    .type(integer(2, 100))
                    .defaultValue(3)
                    .in(PatternsConfig.class, c -> c.profile().minOccasions())
                    .withDescription("occasions before a next purchase is predicted");

    public static final Setting<Void> CYCLE_WEIGHT =
            DECLARED.key("profile.cycleWeight")
                    .removed("0.3")
                    .withDescription(
                            "the purchase cycle is no longer a weighted mean: it predicts from the"
                                    + " latest gaps (profile.cycleGaps, profile.cycleDecay)");

    public static final Setting<Integer> CYCLE_GAPS =
            DECLARED.key("profile.cycleGaps")
                    .type(integer(2, ProfileSpec.MAX_CYCLE_GAPS))
                    .defaultValue(16)
                    .in(PatternsConfig.class, c -> c.profile().cycleGaps())
                    .withDescription(
                            "the latest gaps between purchase occasions a purchase cycle keeps");

    public static final Setting<Double> CYCLE_DECAY =
            DECLARED.key("profile.cycleDecay")
                    .type(number(0.5, 1))
                    .defaultValue(0.8)
                    .in(PatternsConfig.class, c -> c.profile().cycleDecay())
                    .withDescription(
                            "each kept gap weighs this times the one after it in the cycle's"
                                    + " percentiles");

    public static final Setting<Duration> AFFINITY_HALF_LIFE =
            DECLARED.key("profile.affinityHalfLife")
                    .type(duration(ofHours(1), ONE_YEAR))
                    .defaultValue(ofDays(30))
                    .in(PatternsConfig.class, c -> c.profile().affinityHalfLife())
                    .withDescription("category and brand affinity scores halve in this time");

    public static final Setting<Double> VIEW_WEIGHT =
            DECLARED.key("profile.affinityWeights.VIEW")
                    .type(number(0, 100))
                    .defaultValue(1.0)
                    .in(PatternsConfig.class, c -> c.profile().viewWeight())
                    .withDescription("affinity a VIEW adds to its category and brand");

    public static final Setting<Double> FAVORITE_WEIGHT =
            DECLARED.key("profile.affinityWeights.FAVORITE")
                    .type(number(0, 100))
                    .defaultValue(2.0)
                    .in(PatternsConfig.class, c -> c.profile().favoriteWeight())
                    .withDescription("... a FAVORITE");

    public static final Setting<Double> CART_WEIGHT =
            DECLARED.key("profile.affinityWeights.ADD_TO_CART")
                    .type(number(0, 100))
                    .defaultValue(3.0)
                    .in(PatternsConfig.class, c -> c.profile().cartWeight())
                    .withDescription("... an ADD_TO_CART");

    public static final Setting<Double> PURCHASE_WEIGHT =
            DECLARED.key("profile.affinityWeights.PURCHASE")
                    .type(number(0, 100))
                    .defaultValue(5.0)
                    .in(PatternsConfig.class, c -> c.profile().purchaseWeight())
                    .withDescription("... a PURCHASE line");

    public static final Setting<Integer> TOP_CATEGORIES =
            DECLARED.key("profile.topCategories")
                    .type(integer(1, ProfileSpec.MAX_TOP_CATEGORIES))
                    .defaultValue(8)
                    .in(PatternsConfig.class, c -> c.profile().topCategories())
                    .withDescription("categories the affinity keeps per user");

    public static final Setting<Integer> TOP_BRANDS =
            DECLARED.key("profile.topBrands")
                    .type(integer(1, ProfileSpec.MAX_TOP_BRANDS))
                    .defaultValue(5)
                    .in(PatternsConfig.class, c -> c.profile().topBrands())
                    .withDescription("brands the affinity and the brand purchase counts keep");

    public static final Setting<Integer> CYCLE_CATEGORIES =
            DECLARED.key("profile.cycleCategories")
                    .type(integer(0, ProfileSpec.MAX_CYCLE_CATEGORIES))
                    .defaultValue(4)
                    .in(PatternsConfig.class, c -> c.profile().cycleCategories())
                    .withDescription("categories with a purchase cycle of their own");

    public static final Setting<Duration> ACTIVE_HOURS_HALF_LIFE =
            DECLARED.key("profile.activeHoursHalfLife")
                    .type(duration(ofHours(1), ONE_YEAR))
                    .defaultValue(ofDays(30))
                    .in(PatternsConfig.class, c -> c.profile().activeHoursHalfLife())
                    .withDescription("the active-hours histogram halves in this time");

    public static final Setting<Double> PRICE_WEIGHT =
            DECLARED.key("profile.priceWeight")
                    .type(number(0.01, 1))
                    .defaultValue(0.1)
                    .in(PatternsConfig.class, c -> c.profile().priceWeight())
                    .withDescription(
                            "weight of the newest price in the averages of prices viewed and"
                                    + " paid");

    public static final Setting<Integer> RECENT_ITEMS =
            DECLARED.key("profile.recentItems")
                    .type(integer(0, ProfileSpec.MAX_RECENT_ITEMS))
                    .defaultValue(10)
                    .in(PatternsConfig.class, c -> c.profile().recentItems())
                    .withDescription("recently viewed items kept per user");

    public static final Setting<Double> ENGAGEMENT_PRIOR_RATE =
            DECLARED.key("profile.engagementPrior.rate")
                    .type(number(0, 1))
                    .defaultValue(0.2)
                    .in(PatternsConfig.class, c -> c.profile().engagementPriorRate())
                    .withDescription("the engagement rate assumed of a channel without feedback");

    public static final Setting<Double> ENGAGEMENT_PRIOR_WEIGHT =
            DECLARED.key("profile.engagementPrior.weight")
                    .type(number(0, 10_000))
                    .defaultValue(5.0)
                    .in(PatternsConfig.class, c -> c.profile().engagementPriorWeight())
                    .withDescription("... weighing this many deliveries");

    public static final Setting<LocalTime> QUIET_HOURS_START =
            DECLARED.key("policy.quietHours.start")
                    .type(SettingType.timeOfDay())
                    .defaultValue(LocalTime.of(22, 0))
                    .live()
                    .in(PatternsConfig.class, c -> c.policy().quietHours().start())
                    .withDescription(
                            "nothing is sent from this time of day in the user's time zone ...");

    public static final Setting<LocalTime> QUIET_HOURS_END =
            DECLARED.key("policy.quietHours.end")
                    .type(SettingType.timeOfDay())
                    .defaultValue(LocalTime.of(8, 0))
                    .live()
                    .in(PatternsConfig.class, c -> c.policy().quietHours().end())
                    .withDescription("... to this one; `start` = `end` for no quiet hours");

    public static final Setting<QuietHours.Mode> QUIET_HOURS_MODE =
            DECLARED.key("policy.quietHours.mode")
                    .type(oneOf(QuietHours.Mode.class))
                    .defaultValue(QuietHours.Mode.HOLD)
                    .live()
                    .in(PatternsConfig.class, c -> c.policy().quietHours().mode())
                    .withDescription(
                            "an action decided in quiet hours waits for their end (`HOLD`) or is"
                                    + " suppressed as `QUIET_HOURS` (`DROP`)");

    public static final Setting<List<FrequencyCap>> FREQUENCY_CAPS =
            DECLARED.key("policy.frequencyCaps")
                    .type(
                            SettingType.<List<FrequencyCap>>structure(
                                    "a list of caps, at most " + ConfigLimits.MAX_FREQUENCY_CAPS))
                    .defaultValue(List.of())
                    .live()
                    .in(PatternsConfig.class, c -> c.policy().frequencyCaps())
                    .withDescription(
                            "each cap holds a user to `max` actions in every rolling `per`");

    public static final Setting<String> CAP_CHANNEL =
            DECLARED.key("policy.frequencyCaps[].channel")
                    .type(choice("ANY", "PUSH", "EMAIL", "SMS"))
                    .defaultValue("ANY")
                    .live()
                    .withDescription("the channel a cap counts, or all of them together");

    public static final Setting<Integer> CAP_MAX =
            DECLARED.key("policy.frequencyCaps[].max")
                    .type(integer(1, 10_000))
                    .required("the most actions allowed per window, e.g. 3")
                    .live()
                    .withDescription("the most actions in the window");

    public static final Setting<Duration> CAP_PER =
            DECLARED.key("policy.frequencyCaps[].per")
                    .type(duration(ofMinutes(1), ONE_YEAR))
                    .required("the rolling window, e.g. 1d")
                    .live()
                    .withDescription("the rolling window");

    public static final Setting<Void> CAP_OVERFLOW =
            DECLARED.key("policy.capOverflow")
                    .removed("SKIP")
                    .live()
                    .withDescription(
                            "SKIP, its one mode, is what always happens: over a frequency cap a"
                                    + " match is FREQUENCY_CAP, neither sent nor queued");

    public static final Setting<Duration> ARBITRATION_WINDOW =
            DECLARED.key("policy.arbitrationWindow")
                    .type(duration(ZERO, ofHours(1)))
                    .defaultValue(ofMinutes(1))
                    .live()
                    .in(PatternsConfig.class, c -> c.policy().arbitrationWindow())
                    .withDescription(
                            "a user's matches within this compete, the highest priority goes on;"
                                    + " `0s` for none");

    public static final Setting<Double> HOLDOUT_PERCENT =
            DECLARED.key("policy.holdoutPercent")
                    .type(number(0, 100))
                    .defaultValue(0.0)
                    .live()
                    .in(PatternsConfig.class, c -> c.policy().holdoutPercent())
                    .withDescription("the share of users in the control group, sent nothing");

    public static final Setting<String> HOLDOUT_SALT =
            DECLARED.key("policy.holdoutSalt")
                    .type(text(ConfigLimits.HOLDOUT_SALT))
                    .defaultValue("nudge")
                    .live()
                    .in(PatternsConfig.class, c -> c.policy().holdoutSalt())
                    .withDescription(
                            "hashed with each user id to draw the control group; a new salt"
                                    + " draws a new one");

    public static final Setting<Duration> ATTRIBUTION_WINDOW =
            DECLARED.key("policy.attributionWindow")
                    .type(duration(ofMinutes(1), ofDays(90)))
                    .defaultValue(ofDays(3))
                    .live()
                    .in(PatternsConfig.class, c -> c.policy().attributionWindow())
                    .withDescription(
                            "a purchase within this after a decision sent or held out is"
                                    + " attributed to it");

    public static final Setting<Map<Channel, Boolean>> CONSENT_DEFAULTS =
            DECLARED.key("policy.consentDefaults")
                    .type(
                            SettingType.<Map<Channel, Boolean>>structure(
                                    "`{PUSH: true|false, EMAIL: ..., SMS: ...}`"))
                    .defaultValue(
                            Map.of(Channel.PUSH, true, Channel.EMAIL, true, Channel.SMS, false))
                    .live()
                    .in(PatternsConfig.class, c -> c.policy().consentDefaults())
                    .withDescription("the consent of a user who never chose for a channel");

    public static final Setting<List<OfferRule>> OFFERS =
            DECLARED.key("offers")
                    .type(
                            SettingType.<List<OfferRule>>structure(
                                    "a list of rules, at most " + ConfigLimits.MAX_OFFER_RULES))
                    .defaultValue(List.of())
                    .live()
                    .in(PatternsConfig.class, PatternsConfig::offers)
                    .withDescription(
                            "the offer of the first rule whose segment the user has goes into the"
                                    + " action (a pattern's own rules first)");

    public static final Setting<String> OFFER_SEGMENT =
            DECLARED.key("offers[].segment")
                    .type(SettingType.string("a tag: segment, stage, RFM score or outside tag"))
                    .required("a segment, stage, RFM score or declared tag")
                    .live()
                    .withDescription("a tag the user must have");

    public static final Setting<String> OFFER_CODE =
            DECLARED.key("offers[].offer")
                    .type(text(ConfigLimits.OFFER))
                    .required(ConfigLimits.OFFER.describe())
                    .live()
                    .withDescription("the offer code the action carries");

    public static final Setting<Void> PATTERNS =
            DECLARED.key("patterns")
                    .type(
                            SettingType.<Void>structure(
                                    "a list of patterns, at most " + ConfigLimits.MAX_PATTERNS))
                    .required("a list of patterns (see docs/operators.md, Patterns)")
                    .withDescription(
                            "the marketing moments to react to; adding or removing one needs a"
                                    + " restart");

    public static final Setting<String> ID =
            DECLARED.key("patterns[].id")
                    .type(text(ConfigLimits.PATTERN_ID))
                    .required("a unique id of lower-case letters, digits and -")
                    .withDescription("names the pattern in actions, decisions, metrics and `diff`");

    public static final Setting<PatternType> TYPE =
            DECLARED.key("patterns[].type")
                    .type(oneOf(PatternType.class))
                    .required(
                            "one of "
                                    + String.join(
                                            ", ",
                                            Arrays.stream(PatternType.values())
                                                    .map(Enum::name)
                                                    .toList()))
                    .in(PatternSpec.class, PatternSpec::type)
                    .withDescription("the kind of moment, see Patterns");

    public static final Setting<Boolean> ENABLED =
            DECLARED.key("patterns[].enabled")
                    .type(bool())
                    .defaultValue(true)
                    .live()
                    .in(PatternSpec.class, PatternSpec::enabled)
                    .withDescription(
                            "the kill switch; switching on a pattern that was off when the job"
                                    + " started needs a restart");

    public static final Setting<PatternParams> PARAMS_OF_TYPE =
            DECLARED.key("patterns[].params")
                    .type(SettingType.<PatternParams>structure("the params of the type"))
                    .absentMeans("the type's defaults")
                    .in(PatternSpec.class, PatternSpec::params)
                    .withDescription("what the type counts, and in what window, see Patterns");

    public static final Setting<List<String>> AUDIENCE_SEGMENTS =
            DECLARED.key("patterns[].audience.segments")
                    .type(strings("a list of tags: segments, stages, RFM scores, outside tags"))
                    .defaultValue(List.of())
                    .absentMeans("any")
                    .live()
                    .in(PatternSpec.class, p -> p.audience().segments())
                    .withDescription("the user must have one of these tags ...");

    public static final Setting<List<LifecycleStage>> AUDIENCE_STAGES =
            DECLARED.key("patterns[].audience.stages")
                    .type(listOf(LifecycleStage.class))
                    .defaultValue(List.of())
                    .absentMeans("any")
                    .live()
                    .in(PatternSpec.class, p -> p.audience().stages())
                    .withDescription("... be in one of these stages ...");

    public static final Setting<List<String>> AUDIENCE_EXCLUDE =
            DECLARED.key("patterns[].audience.exclude")
                    .type(strings("a list of tags, as in `segments`"))
                    .defaultValue(List.of())
                    .absentMeans("none")
                    .live()
                    .in(PatternSpec.class, p -> p.audience().exclude())
                    .withDescription("... and have none of these");

    public static final Setting<Schedule.Bound> SCHEDULE_FROM =
            DECLARED.key("patterns[].schedule.from")
                    .type(scheduleBound())
                    .absentMeans("always")
                    .live()
                    .in(PatternSpec.class, p -> p.schedule().from())
                    .withDescription(
                            "a match triggered before this (the start of the day, minute or second"
                                    + " written) is `OUT_OF_SCHEDULE` ...");

    public static final Setting<Schedule.Bound> SCHEDULE_UNTIL =
            DECLARED.key("patterns[].schedule.until")
                    .type(scheduleBound())
                    .absentMeans("for ever")
                    .live()
                    .in(PatternSpec.class, p -> p.schedule().until())
                    .withDescription(
                            "... and one triggered after this (the whole day, minute or second"
                                    + " written); not before `from`");

    public static final Setting<List<Schedule.Day>> SCHEDULE_DAYS =
            DECLARED.key("patterns[].schedule.days")
                    .type(listOf(Schedule.Day.class))
                    .defaultValue(List.of())
                    .absentMeans("every day")
                    .live()
                    .in(PatternSpec.class, p -> p.schedule().days())
                    .withDescription("... and one triggered on another day of the week ...");

    public static final Setting<Schedule.Hours> SCHEDULE_HOURS =
            DECLARED.key("patterns[].schedule.hours")
                    .type(scheduleHours())
                    .absentMeans("all day")
                    .live()
                    .in(PatternSpec.class, p -> p.schedule().hours())
                    .withDescription(
                            "... or outside these hours (the end not included; past midnight they"
                                    + " belong to the day they began on) ...");

    public static final Setting<Schedule.Zone> SCHEDULE_ZONE =
            DECLARED.key("patterns[].schedule.zone")
                    .type(oneOf(Schedule.Zone.class))
                    .defaultValue(Schedule.Zone.CONFIG)
                    .live()
                    .in(PatternSpec.class, p -> p.schedule().zone())
                    .withDescription(
                            "... local times in the configuration's `timezone` (`CONFIG`) or the"
                                    + " user's (`USER`)");

    public static final Setting<Double> PATTERN_HOLDOUT_PERCENT =
            DECLARED.key("patterns[].holdoutPercent")
                    .type(number(0, 100))
                    .absentMeans("`policy.holdoutPercent`")
                    .live()
                    .in(PatternSpec.class, PatternSpec::holdoutPercent)
                    .withDescription(
                            "the share of users held out of this pattern (by the policy's salt: a"
                                    + " larger share holds out the same users and more)");

    public static final Setting<List<Channel>> ACTION_CHANNELS =
            DECLARED.key("patterns[].action.channels")
                    .type(listOf(Channel.class))
                    .defaultValue(List.of())
                    .required("a list of channels in preference order, e.g. [PUSH, EMAIL]")
                    .live()
                    .in(PatternSpec.class, p -> p.action().channels())
                    .withDescription("the channels to send on, in order of preference");

    public static final Setting<String> ACTION_TEMPLATE =
            DECLARED.key("patterns[].action.template")
                    .type(text(ConfigLimits.TEMPLATE))
                    .required(ConfigLimits.TEMPLATE.describe())
                    .live()
                    .in(PatternSpec.class, p -> p.action().template())
                    .withDescription("the senders' template");

    public static final Setting<Integer> ACTION_PRIORITY =
            DECLARED.key("patterns[].action.priority")
                    .type(integer(0, 1000))
                    .defaultValue(50)
                    .live()
                    .in(PatternSpec.class, p -> p.action().priority())
                    .withDescription("the highest goes on in arbitration");

    public static final Setting<Duration> ACTION_COOLDOWN =
            DECLARED.key("patterns[].action.cooldown")
                    .type(duration(ZERO, ONE_YEAR))
                    .defaultValue(ofHours(24))
                    .live()
                    .in(PatternSpec.class, p -> p.action().cooldown())
                    .withDescription("no second action of the pattern for the user within this");

    public static final Setting<Duration> ACTION_TTL =
            DECLARED.key("patterns[].action.ttl")
                    .type(duration(ofMinutes(1), ofDays(30)))
                    .defaultValue(ofHours(24))
                    .live()
                    .in(PatternSpec.class, p -> p.action().ttl())
                    .withDescription(
                            "`expiresAt` = `sendAt` + ttl; an action that would wait longer for"
                                    + " its send time expires");

    public static final Setting<SendTime> ACTION_SEND_TIME =
            DECLARED.key("patterns[].action.sendTime")
                    .type(oneOf(SendTime.class))
                    .defaultValue(SendTime.ASAP)
                    .live()
                    .in(PatternSpec.class, p -> p.action().sendTime())
                    .withDescription("as soon as may be, or at the user's most active hour");

    public static final Setting<List<OfferRule>> ACTION_OFFERS =
            DECLARED.key("patterns[].action.offers")
                    .type(
                            SettingType.<List<OfferRule>>structure(
                                    "a list of rules as in `offers`, at most "
                                            + ConfigLimits.MAX_OFFER_RULES))
                    .defaultValue(List.of())
                    .live()
                    .in(PatternSpec.class, p -> p.action().offers())
                    .withDescription("the pattern's own offer rules, tried before `offers`");

    public static final Setting<List<Variant>> ACTION_VARIANTS =
            DECLARED.key("patterns[].action.variants")
                    .type(
                            SettingType.<List<Variant>>structure(
                                    "a list of variants, at most " + ConfigLimits.MAX_VARIANTS))
                    .defaultValue(List.of())
                    .absentMeans("none")
                    .live()
                    .in(PatternSpec.class, p -> p.action().variants())
                    .withDescription(
                            "users not held out are split between the variants by weight, each"
                                    + " always into the same one (see Patterns, \"Experiments\")");

    public static final Setting<String> VARIANT_ID =
            DECLARED.key("patterns[].action.variants[].id")
                    .type(text(ConfigLimits.VARIANT_ID))
                    .required(ConfigLimits.VARIANT_ID.describe())
                    .live()
                    .withDescription(
                            "names the variant in actions, decisions, conversions and metrics;"
                                    + " unique in the action");

    public static final Setting<Double> VARIANT_WEIGHT =
            DECLARED.key("patterns[].action.variants[].weight")
                    .type(number(0, 10_000))
                    .required("a weight from 0 to 10,000, e.g. 50")
                    .live()
                    .withDescription(
                            "its share of the users, relative to the other variants' weights; at"
                                    + " least one above 0");

    public static final Setting<String> VARIANT_TEMPLATE =
            DECLARED.key("patterns[].action.variants[].template")
                    .type(text(ConfigLimits.TEMPLATE))
                    .absentMeans("the action's")
                    .live()
                    .withDescription("the variant's template");

    public static final Setting<String> VARIANT_OFFER =
            DECLARED.key("patterns[].action.variants[].offer")
                    .type(text(ConfigLimits.OFFER))
                    .absentMeans("the offer rules'")
                    .live()
                    .withDescription("the offer code of every action of the variant");

    public static final Setting<List<Channel>> VARIANT_CHANNELS =
            DECLARED.key("patterns[].action.variants[].channels")
                    .type(listOf(Channel.class))
                    .absentMeans("the action's")
                    .live()
                    .withDescription("the variant's channels, in order of preference");

    public static final Setting<SendTime> VARIANT_SEND_TIME =
            DECLARED.key("patterns[].action.variants[].sendTime")
                    .type(oneOf(SendTime.class))
                    .absentMeans("the action's")
                    .live()
                    .withDescription("the variant's send time");

    public static final Setting<String> ACTION_GOAL_EVENT =
            DECLARED.key("patterns[].action.goal.event")
                    .type(eventOrTag(Goal.EVENT_TYPES))
                    .defaultValue(Goal.PURCHASE.event())
                    .live()
                    .in(PatternSpec.class, p -> p.action().goal().event())
                    .withDescription(
                            "what a message of the pattern is for: an event of this type (a"
                                    + " TAG event of this tag) converts the pattern's decision"
                                    + " that is the user's latest SENT or HOLDOUT one ...");

    public static final Setting<Duration> ACTION_GOAL_WITHIN =
            DECLARED.key("patterns[].action.goal.within")
                    .type(duration(ofMinutes(1), ofDays(90)))
                    .absentMeans("`policy.attributionWindow`")
                    .live()
                    .in(PatternSpec.class, p -> p.action().goal().within())
                    .withDescription("... within this after the send");

    public static final Setting<List<FlowSpec>> FLOWS =
            DECLARED.key("flows")
                    .type(
                            SettingType.<List<FlowSpec>>structure(
                                    "a list of flows, at most " + ConfigLimits.MAX_FLOWS))
                    .defaultValue(List.of())
                    .absentMeans("none")
                    .live()
                    .in(PatternsConfig.class, PatternsConfig::flows)
                    .withDescription(
                            "sequences of messages, waits and branches that matches of patterns"
                                    + " start for a user (see Flows)");

    public static final Setting<String> FLOW_ID =
            DECLARED.key("flows[].id")
                    .type(text(ConfigLimits.PATTERN_ID))
                    .required("a unique id of lower-case letters, digits and -, not a pattern's")
                    .live()
                    .withDescription(
                            "names the flow in decisions, metrics and `diff`; not a pattern's id");

    public static final Setting<Boolean> FLOW_ENABLED =
            DECLARED.key("flows[].enabled")
                    .type(bool())
                    .defaultValue(true)
                    .live()
                    .in(FlowSpec.class, FlowSpec::enabled)
                    .withDescription(
                            "the kill switch: switched off, the flow's users leave it at their"
                                    + " next wake-up");

    public static final Setting<List<String>> FLOW_ENTRY_PATTERNS =
            DECLARED.key("flows[].entry.patterns")
                    .type(strings("a list of pattern ids"))
                    .required("a list of pattern ids, e.g. [cart-abandonment]")
                    .live()
                    .in(FlowSpec.class, f -> f.entry().patterns())
                    .withDescription("the patterns whose matches enter a user into the flow ...");

    public static final Setting<FlowSpec.EntryMode> FLOW_ENTRY_MODE =
            DECLARED.key("flows[].entry.mode")
                    .type(oneOf(FlowSpec.EntryMode.class))
                    .defaultValue(FlowSpec.EntryMode.INSTEAD)
                    .live()
                    .in(FlowSpec.class, f -> f.entry().mode())
                    .withDescription(
                            "... instead of the pattern's own action (`INSTEAD`) or besides it"
                                    + " (`BESIDES`); one mode per pattern in every flow");

    public static final Setting<Duration> FLOW_REENTRY =
            DECLARED.key("flows[].reentry")
                    .type(reentry())
                    .absentMeans("`NEVER`")
                    .live()
                    .in(FlowSpec.class, FlowSpec::reentry)
                    .withDescription(
                            "how long after leaving the flow a user may enter it again; `NEVER`"
                                    + " for as long as the user's state lives");

    public static final Setting<String> FLOW_EXIT_EVENT =
            DECLARED.key("flows[].exit.event")
                    .type(eventOrTag(sorted(FlowSpec.Exit.EVENT_TYPES)))
                    .absentMeans("`PURCHASE` without `exit`")
                    .live()
                    .in(FlowSpec.class, f -> f.exit().event())
                    .withDescription(
                            "the flow's goal: an event of this type (a TAG event of this tag) ends"
                                    + " it for the user, even mid-wait ...");

    public static final Setting<String> FLOW_EXIT_SEGMENT =
            DECLARED.key("flows[].exit.segment")
                    .type(SettingType.string("a tag: segment, stage, RFM score or outside tag"))
                    .absentMeans("none")
                    .live()
                    .in(FlowSpec.class, f -> f.exit().segment())
                    .withDescription("... and so does the user coming to have this tag");

    public static final Setting<Double> FLOW_HOLDOUT_PERCENT =
            DECLARED.key("flows[].holdoutPercent")
                    .type(number(0, 100))
                    .absentMeans("`policy.holdoutPercent`")
                    .live()
                    .in(FlowSpec.class, FlowSpec::holdoutPercent)
                    .withDescription(
                            "the share of users whose sends in the flow are held out; they walk"
                                    + " the flow all the same");

    public static final Setting<List<FlowSpec.Step>> FLOW_STEPS =
            DECLARED.key("flows[].steps")
                    .type(
                            SettingType.<List<FlowSpec.Step>>structure(
                                    "a list of steps, at most " + ConfigLimits.MAX_FLOW_STEPS))
                    .required("a list of at least one step (see docs/operators.md, Flows)")
                    .live()
                    .in(FlowSpec.class, FlowSpec::steps)
                    .withDescription(
                            "the steps, each a `send`, a `wait` or a `branch`; a user enters at the"
                                    + " first");

    public static final Setting<String> STEP_NAME =
            DECLARED.key("flows[].steps[].name")
                    .type(text(ConfigLimits.STEP_NAME))
                    .required(ConfigLimits.STEP_NAME.describe())
                    .live()
                    .withDescription(
                            "names the step in `next`, decisions and flow events; unique in the"
                                    + " flow");

    public static final Setting<List<Channel>> SEND_CHANNELS =
            DECLARED.key("flows[].steps[].send.channels")
                    .type(listOf(Channel.class))
                    .defaultValue(List.of())
                    .required("a list of channels in preference order, e.g. [PUSH, EMAIL]")
                    .live()
                    .withDescription(
                            "a send step's message, written as a pattern's `action` but for"
                                    + " `goal` (the flow's exit is its goal): the channels, in"
                                    + " order of preference");

    public static final Setting<String> SEND_TEMPLATE =
            DECLARED.key("flows[].steps[].send.template")
                    .type(text(ConfigLimits.TEMPLATE))
                    .required(ConfigLimits.TEMPLATE.describe())
                    .live()
                    .withDescription("the senders' template");

    public static final Setting<Integer> SEND_PRIORITY =
            DECLARED.key("flows[].steps[].send.priority")
                    .type(integer(0, 1000))
                    .defaultValue(50)
                    .live()
                    .withDescription(
                            "the highest goes on in arbitration, with every pattern's and flow's");

    public static final Setting<Duration> SEND_COOLDOWN =
            DECLARED.key("flows[].steps[].send.cooldown")
                    .type(duration(ZERO, ONE_YEAR))
                    .defaultValue(ZERO)
                    .live()
                    .withDescription(
                            "no send of the flow to the user within this after its last one; the"
                                    + " waits set the flow's pace");

    public static final Setting<Duration> SEND_TTL =
            DECLARED.key("flows[].steps[].send.ttl")
                    .type(duration(ofMinutes(1), ofDays(30)))
                    .defaultValue(ofHours(24))
                    .live()
                    .withDescription("`expiresAt` = `sendAt` + ttl");

    public static final Setting<SendTime> SEND_SEND_TIME =
            DECLARED.key("flows[].steps[].send.sendTime")
                    .type(oneOf(SendTime.class))
                    .defaultValue(SendTime.ASAP)
                    .live()
                    .withDescription("as soon as may be, or at the user's most active hour");

    public static final Setting<List<OfferRule>> SEND_OFFERS =
            DECLARED.key("flows[].steps[].send.offers")
                    .type(
                            SettingType.<List<OfferRule>>structure(
                                    "a list of rules as in `offers`, at most "
                                            + ConfigLimits.MAX_OFFER_RULES))
                    .defaultValue(List.of())
                    .live()
                    .withDescription("the send's own offer rules, tried before `offers`");

    public static final Setting<List<Variant>> SEND_VARIANTS =
            DECLARED.key("flows[].steps[].send.variants")
                    .type(
                            SettingType.<List<Variant>>structure(
                                    "a list of variants, at most " + ConfigLimits.MAX_VARIANTS))
                    .defaultValue(List.of())
                    .absentMeans("none")
                    .live()
                    .withDescription(
                            "users not held out are split between the variants by weight, as a"
                                    + " pattern's are");

    public static final Setting<String> SEND_VARIANT_ID =
            DECLARED.key("flows[].steps[].send.variants[].id")
                    .type(text(ConfigLimits.VARIANT_ID))
                    .required(ConfigLimits.VARIANT_ID.describe())
                    .live()
                    .withDescription("names the variant; unique in the send");

    public static final Setting<Double> SEND_VARIANT_WEIGHT =
            DECLARED.key("flows[].steps[].send.variants[].weight")
                    .type(number(0, 10_000))
                    .required("a weight from 0 to 10,000, e.g. 50")
                    .live()
                    .withDescription("its share of the users; at least one above 0");

    public static final Setting<String> SEND_VARIANT_TEMPLATE =
            DECLARED.key("flows[].steps[].send.variants[].template")
                    .type(text(ConfigLimits.TEMPLATE))
                    .absentMeans("the send's")
                    .live()
                    .withDescription("the variant's template");

    public static final Setting<String> SEND_VARIANT_OFFER =
            DECLARED.key("flows[].steps[].send.variants[].offer")
                    .type(text(ConfigLimits.OFFER))
                    .absentMeans("the offer rules'")
                    .live()
                    .withDescription("the offer code of every message of the variant");

    public static final Setting<List<Channel>> SEND_VARIANT_CHANNELS =
            DECLARED.key("flows[].steps[].send.variants[].channels")
                    .type(listOf(Channel.class))
                    .absentMeans("the send's")
                    .live()
                    .withDescription("the variant's channels, in order of preference");

    public static final Setting<SendTime> SEND_VARIANT_SEND_TIME =
            DECLARED.key("flows[].steps[].send.variants[].sendTime")
                    .type(oneOf(SendTime.class))
                    .absentMeans("the send's")
                    .live()
                    .withDescription("the variant's send time");

    public static final Setting<Duration> WAIT_FOR =
            DECLARED.key("flows[].steps[].wait.for")
                    .type(duration(ofMinutes(1), ofDays(90)))
                    .absentMeans("one of `for`, `until`")
                    .live()
                    .withDescription("a wait step waits this long, then goes on to `next` ...");

    public static final Setting<EventType> WAIT_UNTIL =
            DECLARED.key("flows[].steps[].wait.until")
                    .type(eventType(FlowSpec.Condition.EVENT_TYPES))
                    .absentMeans("one of `for`, `until`")
                    .live()
                    .withDescription(
                            "... or waits for an event of this type (feedback on the flow's own"
                                    + " messages), then goes on to `next` ...");

    public static final Setting<Duration> WAIT_TIMEOUT =
            DECLARED.key("flows[].steps[].wait.timeout")
                    .type(duration(ofMinutes(1), ofDays(90)))
                    .absentMeans("required with `until`")
                    .live()
                    .withDescription("... or for this long, then goes on to `onTimeout`");

    public static final Setting<String> STEP_NEXT =
            DECLARED.key("flows[].steps[].next")
                    .type(text(ConfigLimits.STEP_NAME))
                    .absentMeans("the flow completes")
                    .live()
                    .withDescription("the step after a send or a wait");

    public static final Setting<String> STEP_ON_TIMEOUT =
            DECLARED.key("flows[].steps[].onTimeout")
                    .type(text(ConfigLimits.STEP_NAME))
                    .absentMeans("`next`")
                    .live()
                    .withDescription("the step after a wait with `until` that timed out");

    public static final Setting<String> STEP_EXIT_EVENT =
            DECLARED.key("flows[].steps[].exit.event")
                    .type(eventOrTag(sorted(FlowSpec.Exit.EVENT_TYPES)))
                    .absentMeans("none")
                    .live()
                    .withDescription(
                            "a wait step's own exit, as the flow's `exit`, while a user waits"
                                    + " there ...");

    public static final Setting<String> STEP_EXIT_SEGMENT =
            DECLARED.key("flows[].steps[].exit.segment")
                    .type(SettingType.string("a tag: segment, stage, RFM score or outside tag"))
                    .absentMeans("none")
                    .live()
                    .withDescription("... by an event, or a tag the user comes to have");

    public static final Setting<List<FlowSpec.Case>> BRANCH =
            DECLARED.key("flows[].steps[].branch")
                    .type(
                            SettingType.<List<FlowSpec.Case>>structure(
                                    "a list of cases, at most " + ConfigLimits.MAX_LIST_ITEMS))
                    .absentMeans("not a branch")
                    .live()
                    .withDescription(
                            "a branch step goes at once to the `next` of the first case whose"
                                    + " `when` holds ...");

    public static final Setting<EventType> WHEN_EVENT =
            DECLARED.key("flows[].steps[].branch[].when.event")
                    .type(eventType(FlowSpec.Condition.EVENT_TYPES))
                    .absentMeans("one of `event`, `segment`")
                    .live()
                    .withDescription(
                            "a case holds when the user had an event of this type (feedback on"
                                    + " the flow's own messages) ...");

    public static final Setting<FlowSpec.Since> WHEN_SINCE =
            DECLARED.key("flows[].steps[].branch[].when.since")
                    .type(oneOf(FlowSpec.Since.class))
                    .defaultValue(FlowSpec.Since.ENTRY)
                    .live()
                    .withDescription(
                            "... since entering the flow (`ENTRY`) or since its last send"
                                    + " (`LAST_SEND`) ...");

    public static final Setting<String> WHEN_SEGMENT =
            DECLARED.key("flows[].steps[].branch[].when.segment")
                    .type(SettingType.string("a tag: segment, stage, RFM score or outside tag"))
                    .absentMeans("one of `event`, `segment`")
                    .live()
                    .withDescription("... or when the user has this tag");

    public static final Setting<String> CASE_NEXT =
            DECLARED.key("flows[].steps[].branch[].next")
                    .type(text(ConfigLimits.STEP_NAME))
                    .required("the name of the step to go to when the case holds")
                    .live()
                    .withDescription("the step to go to when the case holds");

    public static final Setting<String> BRANCH_OTHERWISE =
            DECLARED.key("flows[].steps[].otherwise")
                    .type(text(ConfigLimits.STEP_NAME))
                    .absentMeans("the flow completes")
                    .live()
                    .withDescription("the step after a branch none of whose cases holds");

    public static final Setting<Integer> BROWSE_MIN_VIEWS =
            param(PatternType.BROWSE_WITHOUT_BUY, "minViews")
                    .type(integer(1, 1000))
                    .defaultValue(2)
                    .in(BrowseWithoutBuyParams.class, BrowseWithoutBuyParams::minViews)
                    .withDescription("views within the window");

    public static final Setting<Duration> BROWSE_WINDOW =
            param(PatternType.BROWSE_WITHOUT_BUY, "window")
                    .type(duration(ofMinutes(1), ofDays(7)))
                    .defaultValue(ofMinutes(30))
                    .in(BrowseWithoutBuyParams.class, BrowseWithoutBuyParams::window)
                    .withDescription("from the first view");

    public static final Setting<Duration> CART_WINDOW =
            param(PatternType.CART_ABANDONMENT, "window")
                    .type(duration(ofMinutes(1), ofDays(7)))
                    .defaultValue(ofHours(2))
                    .in(WindowParams.class, WindowParams::window)
                    .withDescription("from the first add to cart");

    public static final Setting<PredictedRepurchaseParams.Scope> REPURCHASE_SCOPE =
            param(PatternType.PREDICTED_REPURCHASE, "scope")
                    .type(oneOf(PredictedRepurchaseParams.Scope.class))
                    .defaultValue(PredictedRepurchaseParams.Scope.OVERALL)
                    .in(PredictedRepurchaseParams.class, PredictedRepurchaseParams::scope)
                    .withDescription("the user's purchases overall, or each tracked category");

    public static final Setting<Integer> REPURCHASE_MIN_OCCASIONS =
            param(PatternType.PREDICTED_REPURCHASE, "minOccasions")
                    .type(integer(2, 100))
                    .defaultValue(3)
                    .in(PredictedRepurchaseParams.class, PredictedRepurchaseParams::minOccasions)
                    .withDescription("occasions the prediction is made from");

    public static final Setting<Duration> REPURCHASE_LEAD_TIME =
            param(PatternType.PREDICTED_REPURCHASE, "leadTime")
                    .type(duration(ZERO, ofDays(30)))
                    .defaultValue(ofDays(1))
                    .in(PredictedRepurchaseParams.class, PredictedRepurchaseParams::leadTime)
                    .withDescription("how long before the predicted purchase it fires");

    public static final Setting<Percentile> REPURCHASE_AT =
            param(PatternType.PREDICTED_REPURCHASE, "at")
                    .type(percentile())
                    .absentMeans("`leadTime` before the predicted purchase (the median gap)")
                    .in(PredictedRepurchaseParams.class, PredictedRepurchaseParams::at)
                    .withDescription(
                            "fire when this percentile of the user's own gaps has passed since the"
                                    + " last purchase, instead of a lead time; not with `leadTime`");

    public static final Setting<PredictedRepurchaseParams.Scope> OVERDUE_SCOPE =
            param(PatternType.PURCHASE_OVERDUE, "scope")
                    .type(oneOf(PredictedRepurchaseParams.Scope.class))
                    .defaultValue(PredictedRepurchaseParams.Scope.OVERALL)
                    .in(OverdueParams.class, OverdueParams::scope)
                    .withDescription("the user's purchases overall, or each tracked category");

    public static final Setting<Integer> OVERDUE_MIN_OCCASIONS =
            param(PatternType.PURCHASE_OVERDUE, "minOccasions")
                    .type(integer(2, 100))
                    .defaultValue(4)
                    .in(OverdueParams.class, OverdueParams::minOccasions)
                    .withDescription("occasions the user's rhythm is judged from");

    public static final Setting<Percentile> OVERDUE_AT =
            param(PatternType.PURCHASE_OVERDUE, "at")
                    .type(percentile())
                    .defaultValue(new Percentile(90))
                    .in(OverdueParams.class, OverdueParams::at)
                    .withDescription("the percentile of the user's own gaps they have passed");

    public static final Setting<Duration> OVERDUE_GRACE =
            param(PatternType.PURCHASE_OVERDUE, "grace")
                    .type(duration(ZERO, ofDays(90)))
                    .defaultValue(ofDays(1))
                    .in(OverdueParams.class, OverdueParams::grace)
                    .withDescription("how long after that percentile it fires");

    public static final Setting<LifecycleStage> TRANSITION_TO =
            param(PatternType.LIFECYCLE_TRANSITION, "to")
                    .type(
                            oneOf(
                                    LifecycleStage.class,
                                    EnumSet.complementOf(EnumSet.of(LifecycleStage.PROSPECT))))
                    .defaultValue(LifecycleStage.SILENT)
                    .in(LifecycleTransitionParams.class, LifecycleTransitionParams::to)
                    .withDescription("the stage the user moves to");

    public static final Setting<LifecycleStage> TRANSITION_FROM =
            param(PatternType.LIFECYCLE_TRANSITION, "from")
                    .type(oneOf(LifecycleStage.class))
                    .absentMeans("any")
                    .in(LifecycleTransitionParams.class, LifecycleTransitionParams::from)
                    .withDescription("the stage the user leaves");

    public static final Setting<Duration> NEW_USER_WINDOW =
            param(PatternType.NEW_USER_NO_PURCHASE, "window")
                    .type(duration(ofMinutes(1), ofDays(90)))
                    .defaultValue(ofDays(3))
                    .in(WindowParams.class, WindowParams::window)
                    .withDescription("from the REGISTER");

    public static final Setting<Double> HIGH_VALUE_SPEND_PARAM =
            param(PatternType.HIGH_VALUE, "spend")
                    .type(number(0.01, 1e12))
                    .defaultValue(1000.0)
                    .unit("in `currency`")
                    .in(HighValueParams.class, HighValueParams::spend)
                    .withDescription("the spend to reach within the window");

    public static final Setting<Duration> HIGH_VALUE_WINDOW =
            param(PatternType.HIGH_VALUE, "window")
                    .type(duration(ofHours(1), ofDays(365)))
                    .defaultValue(ofDays(30))
                    .in(HighValueParams.class, HighValueParams::window)
                    .withDescription("the rolling window of the spend");

    public static final Setting<List<SequenceParams.Step>> SEQUENCE_STEPS =
            param(PatternType.SEQUENCE, "steps")
                    .type(
                            SettingType.<List<SequenceParams.Step>>structure(
                                    "a list of steps, at most " + ConfigLimits.MAX_STEPS))
                    .required("a list of at least one step, e.g. [{type: SEARCH}]")
                    .in(SequenceParams.class, SequenceParams::steps)
                    .withDescription("the steps, in order, see SEQUENCE in Patterns");

    public static final Setting<Duration> SEQUENCE_WITHIN =
            param(PatternType.SEQUENCE, "within")
                    .type(duration(ofSeconds(1), ofDays(30)))
                    .required("the time limit of the sequence, e.g. 10m")
                    .in(SequenceParams.class, SequenceParams::within)
                    .withDescription("the whole sequence happens within this of its first event");

    /**
     * The settings of a pattern's {@code action} block, {@code goal} aside: how {@link
     * PatternsConfigReader} reads it.
     */
    static final ActionSettings PATTERN_ACTION =
            new ActionSettings(
                    ACTION_CHANNELS,
                    ACTION_TEMPLATE,
                    ACTION_PRIORITY,
                    ACTION_COOLDOWN,
                    ACTION_TTL,
                    ACTION_SEND_TIME,
                    ACTION_OFFERS,
                    ACTION_VARIANTS,
                    VARIANT_ID,
                    VARIANT_WEIGHT,
                    VARIANT_TEMPLATE,
                    VARIANT_OFFER,
                    VARIANT_CHANNELS,
                    VARIANT_SEND_TIME);

    /** The settings of a flow's {@code send} block: a pattern's action, {@code goal} aside. */
    static final ActionSettings FLOW_SEND =
            new ActionSettings(
                    SEND_CHANNELS,
                    SEND_TEMPLATE,
                    SEND_PRIORITY,
                    SEND_COOLDOWN,
                    SEND_TTL,
                    SEND_SEND_TIME,
                    SEND_OFFERS,
                    SEND_VARIANTS,
                    SEND_VARIANT_ID,
                    SEND_VARIANT_WEIGHT,
                    SEND_VARIANT_TEMPLATE,
                    SEND_VARIANT_OFFER,
                    SEND_VARIANT_CHANNELS,
                    SEND_VARIANT_SEND_TIME);

    /**
     * The settings of a block written as a pattern's {@code action} is, wherever it is: its keys
     * are declared under the block's own key, so that each place has its defaults and its row in
     * the README.
     */
    record ActionSettings(
            Setting<List<Channel>> channels,
            Setting<String> template,
            Setting<Integer> priority,
            Setting<Duration> cooldown,
            Setting<Duration> ttl,
            Setting<SendTime> sendTime,
            Setting<List<OfferRule>> offers,
            Setting<List<Variant>> variants,
            Setting<String> variantId,
            Setting<Double> variantWeight,
            Setting<String> variantTemplate,
            Setting<String> variantOffer,
            Setting<List<Channel>> variantChannels,
            Setting<SendTime> variantSendTime) {}

    /**
     * An event as written where it may be one of {@code types} or a tag's name: a goal's, an exit's
     * (whether the tag is declared is checked with the rest of the document, {@link
     * PatternsConfigReader}).
     */
    private static SettingType<String> eventOrTag(List<EventType> types) {
        return SettingType.of(
                (node, name, fallback) -> {
                    String event = node.string(name, fallback);
                    EventType type = event == null ? null : EventType.byName(event);
                    boolean writable =
                            type != null
                                    ? types.contains(type)
                                    : ConfigLimits.TAG_NAME.accepts(event);
                    if (event != null && !writable) {
                        node.error(name, "\"" + event + "\"", eventsOrTag(types).replace("`", ""));
                        return fallback;
                    }
                    return event;
                },
                eventsOrTag(types));
    }

    /** {@code types} in session order, the order the README and errors list them in. */
    private static List<EventType> sorted(Set<EventType> types) {
        return types.stream().sorted().toList();
    }

    /** One of {@code types}, by its name. */
    private static SettingType<EventType> eventType(Set<EventType> types) {
        List<String> names = sorted(types).stream().map(Enum::name).toList();
        return new SettingType.Ranged<>(
                (node, name, fallback) -> {
                    String text = node.string(name, null);
                    if (text == null) {
                        return fallback;
                    }
                    EventType type = EventType.byName(text);
                    if (type == null || !types.contains(type)) {
                        node.error(
                                name,
                                ConfigNode.show(node.json(name)),
                                "one of "
                                        + String.join(", ", names)
                                        + Suggestions.hint(text, names));
                        return fallback;
                    }
                    return type;
                },
                names.stream().map(type -> "`" + type + "`").collect(joining(", ")),
                true);
    }

    /**
     * A flow's {@code reentry}: a duration from 1m to 366d, or {@code NEVER}, read as {@code null}.
     */
    private static SettingType<Duration> reentry() {
        Duration least = ofMinutes(1);
        String expected =
                "a duration from "
                        + Durations.format(least)
                        + " to "
                        + Durations.format(ONE_YEAR)
                        + ", e.g. 7d, or NEVER";
        return new SettingType<>() {
            @Override
            public Duration read(ConfigNode node, String name, Duration fallback) {
                String text = node.string(name, null);
                if (text == null || text.equals(NEVER)) {
                    return text == null ? fallback : null;
                }
                Duration reentry = Durations.parseOrNull(text);
                if (reentry == null
                        || reentry.compareTo(least) < 0
                        || reentry.compareTo(ONE_YEAR) > 0) {
                    node.error(name, ConfigNode.show(node.json(name)), expected);
                    return fallback;
                }
                return reentry;
            }

            @Override
            public String allowed() {
                return Durations.format(least) + "–" + Durations.format(ONE_YEAR) + " or `NEVER`";
            }

            @Override
            public String written(Duration reentry) {
                return reentry == null ? NEVER : Durations.format(reentry);
            }
        };
    }

    /** What an event of {@code types} or a tag's name may be, in words. */
    private static String eventsOrTag(List<EventType> types) {
        return types.stream().map(type -> "`" + type.name() + "`").collect(joining(", "))
                + " or a tag's name ("
                + ConfigLimits.TAG_NAME.describe()
                + ")";
    }

    private PatternsYaml() {}

    /** The settings of the {@code params} of a pattern of {@code type}, in declaration order. */
    public static Settings params(PatternType type) {
        return PARAMS.get(type);
    }

    /**
     * {@code schedule.from} and {@code until}: a date or a date and time, see {@link
     * Schedule.Bound}.
     */
    private static SettingType<Schedule.Bound> scheduleBound() {
        return SettingType.of(
                (node, name, fallback) -> {
                    String text = node.string(name, null);
                    Schedule.Bound bound = text == null ? null : Schedule.Bound.parse(text);
                    if (text != null && bound == null) {
                        node.error(name, "\"" + text + "\"", Schedule.Bound.EXPECTED);
                    }
                    return bound == null ? fallback : bound;
                },
                "a date `2026-12-24` or date-time `2026-12-24T23:59`, local or with an offset"
                        + " (`+08:00`, `Z`)");
    }

    /** {@code schedule.hours}: {@code "09:00-21:00"}, see {@link Schedule.Hours}. */
    private static SettingType<Schedule.Hours> scheduleHours() {
        return SettingType.of(
                (node, name, fallback) -> {
                    String text = node.string(name, null);
                    Schedule.Hours hours = text == null ? null : Schedule.Hours.parse(text);
                    if (text != null && hours == null) {
                        node.error(name, "\"" + text + "\"", Schedule.Hours.EXPECTED);
                    }
                    return hours == null ? fallback : hours;
                },
                "`HH:MM-HH:MM`, two different times; past midnight when the second is earlier");
    }

    private static Setting.Key param(PatternType type, String name) {
        return PARAMS.computeIfAbsent(type, t -> new Settings()).key("patterns[].params." + name);
    }
}
