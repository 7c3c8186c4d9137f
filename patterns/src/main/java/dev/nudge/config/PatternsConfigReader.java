package dev.nudge.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nudge.event.Channel;
import dev.nudge.event.Money;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates {@code patterns.yaml} (or its JSON form). Every error in a document is
 * reported at once, each with its field path, the value found and what is expected; unknown keys
 * are errors, with the closest valid key suggested.
 */
public final class PatternsConfigReader {
    /** The start of the error of a document that made a check fail unforeseen. */
    static final String UNFORESEEN = "a document this version cannot check";

    private static final Duration ONE_YEAR = Duration.ofDays(366);

    private static final Set<String> ROOT =
            Set.of(
                    "version",
                    "timezone",
                    "currency",
                    "lifecycle",
                    "segments",
                    "rfm",
                    "profile",
                    "policy",
                    "offers",
                    "patterns");
    private static final Set<String> LIFECYCLE = Set.of("silentAfter", "churnedAfter");
    private static final Set<String> SEGMENTS =
            Set.of("price-sensitive", "brand-loyal", "high-value", "potential", "advocate");
    private static final Set<String> PRICE_SENSITIVE = Set.of("minDiscountedShare", "minPurchases");
    private static final Set<String> BRAND_LOYAL = Set.of("minTopBrandShare", "minPurchases");
    private static final Set<String> HIGH_VALUE = Set.of("minSpend90d");
    private static final Set<String> POTENTIAL = Set.of("minViews", "activeWithin");
    private static final Set<String> ADVOCATE = Set.of("minReviewsAndShares");
    private static final Set<String> RFM = Set.of("recencyDays", "frequency", "monetary");
    private static final Set<String> PROFILE =
            Set.of(
                    "occasionGap",
                    "minOccasions",
                    "cycleWeight",
                    "affinityHalfLife",
                    "affinityWeights",
                    "topCategories",
                    "topBrands",
                    "cycleCategories",
                    "activeHoursHalfLife",
                    "priceWeight",
                    "recentItems",
                    "engagementPrior");
    private static final Set<String> AFFINITY_WEIGHTS =
            Set.of("VIEW", "FAVORITE", "ADD_TO_CART", "PURCHASE");
    private static final Set<String> ENGAGEMENT_PRIOR = Set.of("rate", "weight");
    private static final Set<String> POLICY =
            Set.of(
                    "quietHours",
                    "frequencyCaps",
                    "capOverflow",
                    "arbitrationWindow",
                    "holdoutPercent",
                    "holdoutSalt",
                    "attributionWindow",
                    "consentDefaults");
    private static final Set<String> QUIET_HOURS = Set.of("start", "end", "mode");
    private static final Set<String> CAP = Set.of("channel", "max", "per");
    private static final Set<String> CHANNELS = Set.of("PUSH", "EMAIL", "SMS");
    private static final Set<String> OFFER = Set.of("segment", "offer");
    private static final Set<String> PATTERN =
            Set.of("id", "type", "enabled", "params", "audience", "action");
    private static final Set<String> AUDIENCE = Set.of("segments", "stages", "exclude");
    private static final Set<String> ACTION =
            Set.of("channels", "template", "priority", "cooldown", "ttl", "sendTime", "offers");

    private PatternsConfigReader() {}

    /**
     * Reads the document in {@code file}, as {@link #read(byte[], String)} does.
     *
     * @throws IOException when the file cannot be read (no such file, a directory …)
     */
    public static PatternsConfig read(Path file) throws IOException, ConfigException {
        return read(readDocument(file), file.toString());
    }

    /**
     * The bytes of the document in {@code file}, reading no more than one byte past {@link
     * ConfigLimits#MAX_DOCUMENT_BYTES}, so that a huge file or an endless stream is not read into
     * memory.
     *
     * @throws ConfigException when the file is larger than a document may be
     * @throws IOException when the file cannot be read
     */
    public static byte[] readDocument(Path file) throws IOException, ConfigException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(ConfigLimits.MAX_DOCUMENT_BYTES + 1);
        }
        if (bytes.length > ConfigLimits.MAX_DOCUMENT_BYTES) {
            ConfigError tooLarge =
                    Files.isRegularFile(file)
                            ? DocumentText.tooLarge(Math.max(Files.size(file), bytes.length))
                            : DocumentText.tooLargeStream();
            throw new ConfigException(file.toString(), List.of(tooLarge));
        }
        return bytes;
    }

    /**
     * Reads a document as it arrives, from a file or the control topic. Before it is parsed, it
     * must be at most {@link ConfigLimits#MAX_DOCUMENT_BYTES} long and strict UTF-8 text: bytes
     * that are not UTF-8 are an error, never replaced. A byte order mark at the start is ignored.
     *
     * @param source names the document in the exception message
     * @throws ConfigException with every error of the document
     */
    public static PatternsConfig read(byte[] document, String source) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        return readText(DocumentText.decode(document, errors), source, errors);
    }

    /**
     * Reads a document held as a string, with the checks of {@link #read(byte[], String)}: a lone
     * surrogate, which no UTF-8 document can hold, is an error.
     *
     * @param source names the document in the exception message
     * @throws ConfigException with every error of the document
     */
    public static PatternsConfig read(String text, String source) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        return readText(DocumentText.check(text, errors), source, errors);
    }

    /**
     * The text of a document, checked as {@link #read(byte[], String)} checks it before parsing
     * (size, UTF-8, no control characters, the byte order mark dropped): what to keep or pass on as
     * the document once it has been read.
     *
     * @throws ConfigException when the bytes are not a document's text
     */
    public static String text(byte[] document, String source) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        String text = DocumentText.decode(document, errors);
        if (text == null) {
            throw new ConfigException(source, errors);
        }
        return text;
    }

    /** Every problem in a document; empty when it is valid. */
    public static List<ConfigError> problems(String text) {
        List<ConfigError> errors = new ArrayList<>();
        check(DocumentText.check(text, errors), errors);
        return errors;
    }

    /** Every problem in a document as it arrives; empty when it is valid. */
    public static List<ConfigError> problems(byte[] document) {
        List<ConfigError> errors = new ArrayList<>();
        check(DocumentText.decode(document, errors), errors);
        return errors;
    }

    /**
     * The {@code version} a document declares, however invalid the rest of it is, so that an answer
     * to a rejected document can name it; {@code null} if it declares none that can be read. Never
     * throws, and never returns more than 64 characters ({@link ConfigLimits#VERSION}): a longer
     * one is cut with "…", and control characters are escaped.
     */
    public static String declaredVersion(String text) {
        return declaredVersionOf(DocumentText.check(text, new ArrayList<>()));
    }

    /** {@link #declaredVersion(String)} of a document as it arrives. */
    public static String declaredVersion(byte[] document) {
        return declaredVersionOf(DocumentText.decode(document, new ArrayList<>()));
    }

    private static String declaredVersionOf(String text) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode document = DocumentTree.parse(text, new ArrayList<>(), true);
            JsonNode version = document == null ? null : document.get("version");
            if (version == null || !version.isValueNode() || version.isNull()) {
                return null;
            }
            return Shown.clipped(version.asText(), ConfigLimits.VERSION.maxLength());
        } catch (RuntimeException e) {
            // Only a name for an answer: a document that cannot even be parsed declares none.
            return null;
        }
    }

    private static PatternsConfig readText(String text, String source, List<ConfigError> errors)
            throws ConfigException {
        PatternsConfig config = check(text, errors);
        if (!errors.isEmpty()) {
            throw new ConfigException(source, errors);
        }
        return config;
    }

    /** The configuration of a checked text, or {@code null} once {@code errors} says why not. */
    private static PatternsConfig check(String text, List<ConfigError> errors) {
        if (text == null) {
            return null;
        }
        try {
            JsonNode tree = DocumentTree.parse(text, errors, false);
            return errors.isEmpty() ? bind(tree, errors) : null;
        } catch (RuntimeException e) {
            // A document from the control topic must be answered, not crash the job: whatever a
            // parser or a check did not foresee is an error of the document.
            errors.add(
                    new ConfigError(
                            ConfigError.DOCUMENT,
                            UNFORESEEN + " (" + e.getClass().getSimpleName() + ")",
                            "a document like the one in README, Patterns"));
            return null;
        }
    }

    private static PatternsConfig bind(JsonNode document, List<ConfigError> errors) {
        ConfigNode root = ConfigNode.root(document, errors, ROOT);
        if (!root.isPresent()) {
            return null;
        }
        String version = root.requiredText("version", ConfigLimits.VERSION);
        var timezone = root.zone("timezone", ZoneOffset.UTC);
        Money money = root.currency("currency", Money.DEFAULT);
        LifecycleSpec lifecycle = lifecycle(root.object("lifecycle", LIFECYCLE));
        SegmentRules segments = segments(root.object("segments", SEGMENTS));
        RfmThresholds rfm = rfm(root.object("rfm", RFM));
        ProfileSpec profile = profile(root.object("profile", PROFILE));
        PolicySpec policy = policy(root.object("policy", POLICY));
        List<OfferRule> offers = offers(root, "offers");
        List<PatternSpec> patterns = patterns(root);
        return new PatternsConfig(
                version, timezone, money, lifecycle, segments, rfm, profile, policy, offers,
                patterns);
    }

    private static LifecycleSpec lifecycle(ConfigNode node) {
        Duration silent =
                node.duration("silentAfter", Duration.ofDays(30), Duration.ofDays(1), ONE_YEAR);
        Duration churned =
                node.duration("churnedAfter", Duration.ofDays(90), Duration.ofDays(1), ONE_YEAR);
        if (churned.compareTo(silent) <= 0) {
            node.error(
                    "churnedAfter",
                    Durations.format(churned),
                    "longer than silentAfter (" + Durations.format(silent) + ")");
        }
        return new LifecycleSpec(silent, churned);
    }

    private static SegmentRules segments(ConfigNode node) {
        ConfigNode priceSensitive = node.object("price-sensitive", PRICE_SENSITIVE);
        ConfigNode brandLoyal = node.object("brand-loyal", BRAND_LOYAL);
        ConfigNode highValue = node.object("high-value", HIGH_VALUE);
        ConfigNode potential = node.object("potential", POTENTIAL);
        return new SegmentRules(
                priceSensitive.number("minDiscountedShare", 0.5, 0, 1),
                priceSensitive.integer("minPurchases", 2, 1, 1000),
                brandLoyal.number("minTopBrandShare", 0.6, 0, 1),
                brandLoyal.integer("minPurchases", 3, 1, 1000),
                highValue.number("minSpend90d", 1000, 0, 1e12),
                potential.integer("minViews", 5, 1, 100_000),
                potential.duration(
                        "activeWithin", Duration.ofDays(30), Duration.ofDays(1), ONE_YEAR),
                node.object("advocate", ADVOCATE).integer("minReviewsAndShares", 3, 1, 100_000));
    }

    private static RfmThresholds rfm(ConfigNode node) {
        return new RfmThresholds(
                node.ascendingFour("recencyDays", RfmThresholds.RECENCY_DAYS),
                node.ascendingFour("frequency", RfmThresholds.FREQUENCY),
                node.ascendingFour("monetary", RfmThresholds.MONETARY));
    }

    private static ProfileSpec profile(ConfigNode node) {
        ProfileSpec d = ProfileSpec.DEFAULTS;
        ConfigNode weights = node.object("affinityWeights", AFFINITY_WEIGHTS);
        ConfigNode prior = node.object("engagementPrior", ENGAGEMENT_PRIOR);
        return new ProfileSpec(
                node.duration("occasionGap", d.occasionGap(), Duration.ZERO, Duration.ofDays(1)),
                node.integer("minOccasions", d.minOccasions(), 2, 100),
                node.number("cycleWeight", d.cycleWeight(), 0.01, 1),
                node.duration(
                        "affinityHalfLife", d.affinityHalfLife(), Duration.ofHours(1), ONE_YEAR),
                weights.number("VIEW", d.viewWeight(), 0, 100),
                weights.number("FAVORITE", d.favoriteWeight(), 0, 100),
                weights.number("ADD_TO_CART", d.cartWeight(), 0, 100),
                weights.number("PURCHASE", d.purchaseWeight(), 0, 100),
                node.integer("topCategories", d.topCategories(), 1, ProfileSpec.MAX_TOP_CATEGORIES),
                node.integer("topBrands", d.topBrands(), 1, ProfileSpec.MAX_TOP_BRANDS),
                node.integer(
                        "cycleCategories",
                        d.cycleCategories(),
                        0,
                        ProfileSpec.MAX_CYCLE_CATEGORIES),
                node.duration(
                        "activeHoursHalfLife",
                        d.activeHoursHalfLife(),
                        Duration.ofHours(1),
                        ONE_YEAR),
                node.number("priceWeight", d.priceWeight(), 0.01, 1),
                node.integer("recentItems", d.recentItems(), 0, ProfileSpec.MAX_RECENT_ITEMS),
                prior.number("rate", d.engagementPriorRate(), 0, 1),
                prior.number("weight", d.engagementPriorWeight(), 0, 10_000));
    }

    private static PolicySpec policy(ConfigNode node) {
        ConfigNode quiet = node.object("quietHours", QUIET_HOURS);
        QuietHours quietHours =
                new QuietHours(
                        quiet.timeOfDay("start", LocalTime.of(22, 0)),
                        quiet.timeOfDay("end", LocalTime.of(8, 0)),
                        quiet.enumValue("mode", QuietHours.Mode.class, QuietHours.Mode.HOLD));
        List<FrequencyCap> caps = new ArrayList<>();
        for (ConfigNode cap :
                node.objects(
                        "frequencyCaps", CAP, ConfigLimits.MAX_FREQUENCY_CAPS, "frequency caps")) {
            String channel = cap.string("channel", "ANY");
            Channel parsed = "ANY".equals(channel) ? null : Channel.byName(channel);
            if (!"ANY".equals(channel) && parsed == null) {
                cap.error("channel", "\"" + channel + "\"", "one of ANY, PUSH, EMAIL, SMS");
            }
            if (!cap.has("max")) {
                cap.error("max", null, "the most actions allowed per window, e.g. 3");
            }
            if (!cap.has("per")) {
                cap.error("per", null, "the rolling window, e.g. 1d");
            }
            caps.add(
                    new FrequencyCap(
                            parsed,
                            cap.integer("max", 1, 1, 10_000),
                            cap.duration(
                                    "per", Duration.ofDays(1), Duration.ofMinutes(1), ONE_YEAR)));
        }
        node.removed(
                "capOverflow",
                "SKIP",
                "SKIP, its one mode, is what always happens: over a frequency cap a match is"
                        + " FREQUENCY_CAP, neither sent nor queued");
        double holdout = node.number("holdoutPercent", 0, 0, 100);
        String salt = node.text("holdoutSalt", ConfigLimits.HOLDOUT_SALT, "nudge");
        ConfigNode consent = node.object("consentDefaults", CHANNELS);
        Map<Channel, Boolean> consentDefaults = new EnumMap<>(Channel.class);
        consentDefaults.put(Channel.PUSH, consent.bool("PUSH", true));
        consentDefaults.put(Channel.EMAIL, consent.bool("EMAIL", true));
        consentDefaults.put(Channel.SMS, consent.bool("SMS", false));
        return new PolicySpec(
                quietHours,
                caps,
                node.duration(
                        "arbitrationWindow",
                        Duration.ofMinutes(1),
                        Duration.ZERO,
                        Duration.ofHours(1)),
                holdout,
                salt,
                node.duration(
                        "attributionWindow",
                        Duration.ofDays(3),
                        Duration.ofMinutes(1),
                        Duration.ofDays(90)),
                consentDefaults);
    }

    private static List<OfferRule> offers(ConfigNode node, String key) {
        List<OfferRule> offers = new ArrayList<>();
        for (ConfigNode rule :
                node.objects(key, OFFER, ConfigLimits.MAX_OFFER_RULES, "offer rules")) {
            String segment = rule.requiredString("segment", "a segment tag or lifecycle stage");
            String offer = rule.requiredText("offer", ConfigLimits.OFFER);
            rule.checkKnown("segment", segment, segmentsAndStages(), "a segment tag or stage");
            if (segment != null && offer != null) {
                offers.add(new OfferRule(segment, offer));
            }
        }
        return offers;
    }

    private static List<PatternSpec> patterns(ConfigNode root) {
        if (!root.has("patterns")) {
            root.error("patterns", null, "a list of patterns (see README, Patterns)");
        }
        List<PatternSpec> patterns = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigNode node :
                root.objects("patterns", PATTERN, ConfigLimits.MAX_PATTERNS, "patterns")) {
            String id =
                    node.requiredString("id", "a unique id of lower-case letters, digits and -");
            if (id != null && !ConfigLimits.PATTERN_ID.accepts(id)) {
                node.error("id", "\"" + id + "\"", ConfigLimits.PATTERN_ID.describe());
            } else if (id != null && !ids.add(id)) {
                node.error("id", "\"" + id + "\"", "an id not used by another pattern");
            }
            PatternType type = type(node);
            boolean enabled = node.bool("enabled", true);
            PatternParams params = null;
            if (type != null) {
                params = type.readParams(node.object("params", type.paramKeys()));
            }
            Audience audience = audience(node.object("audience", AUDIENCE));
            ActionSpec action = action(node);
            patterns.add(new PatternSpec(id, type, enabled, params, audience, action));
        }
        return patterns;
    }

    private static PatternType type(ConfigNode node) {
        if (!node.has("type")) {
            node.error("type", null, "one of " + available());
            return null;
        }
        return node.enumValue("type", PatternType.class, null);
    }

    private static String available() {
        return String.join(", ", Arrays.stream(PatternType.values()).map(Enum::name).toList());
    }

    private static Audience audience(ConfigNode node) {
        if (!node.isPresent()) {
            return Audience.EVERYONE;
        }
        List<String> segments = node.strings("segments");
        for (String segment : segments) {
            node.checkKnown("segments", segment, SegmentRules.TAGS, "a segment tag");
        }
        List<LifecycleStage> stages = node.enums("stages", LifecycleStage.class);
        List<String> exclude = node.strings("exclude");
        for (String excluded : exclude) {
            node.checkKnown("exclude", excluded, segmentsAndStages(), "a segment tag or stage");
        }
        return new Audience(segments, stages, exclude);
    }

    private static ActionSpec action(ConfigNode pattern) {
        if (!pattern.has("action")) {
            pattern.error("action", null, "an action block with channels and template");
        }
        ConfigNode node = pattern.object("action", ACTION);
        List<Channel> channels = node.enums("channels", Channel.class);
        if (node.isPresent() && !node.has("channels")) {
            node.error(
                    "channels", null, "a list of channels in preference order, e.g. [PUSH, EMAIL]");
        } else if (node.has("channels") && channels.isEmpty()) {
            node.error("channels", "[]", "at least one of PUSH, EMAIL, SMS");
        } else if (new LinkedHashSet<>(channels).size() != channels.size()) {
            node.error("channels", channels.toString(), "each channel at most once");
        }
        String template =
                node.isPresent() ? node.requiredText("template", ConfigLimits.TEMPLATE) : null;
        return new ActionSpec(
                channels,
                template,
                node.integer("priority", 50, 0, 1000),
                node.duration("cooldown", Duration.ofHours(24), Duration.ZERO, ONE_YEAR),
                node.duration(
                        "ttl", Duration.ofHours(24), Duration.ofMinutes(1), Duration.ofDays(30)),
                node.enumValue("sendTime", SendTime.class, SendTime.ASAP),
                offers(node, "offers"));
    }

    private static List<String> segmentsAndStages() {
        List<String> known = new ArrayList<>(SegmentRules.TAGS);
        for (LifecycleStage stage : LifecycleStage.values()) {
            known.add(stage.name());
        }
        return known;
    }
}
