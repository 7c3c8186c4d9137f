package dev.nudge.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nudge.event.Channel;
import dev.nudge.event.Money;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and validates {@code patterns.yaml} (or its JSON form). Every error in a document is
 * reported at once, each with its field path, the value found and what is expected; unknown keys
 * are errors, with the closest valid key suggested. Every setting is read through its declaration
 * in {@link PatternsYaml}, and the keys a block allows are those declared under it.
 */
public final class PatternsConfigReader {
    /** The start of the error of a document that made a check fail unforeseen. */
    static final String UNFORESEEN = "a document this version cannot check";

    private static final Settings DECLARED = PatternsYaml.DECLARED;

    /** The keys of {@code policy.consentDefaults}: a map by channel. */
    private static final Set<String> CHANNELS = Set.of("PUSH", "EMAIL", "SMS");

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
                            "a document like the one in docs/operators.md, Patterns"));
            return null;
        }
    }

    private static PatternsConfig bind(JsonNode document, List<ConfigError> errors) {
        ConfigNode root = ConfigNode.root(document, errors, DECLARED.keysUnder(""));
        if (!root.isPresent()) {
            return null;
        }
        String version = root.get(PatternsYaml.VERSION);
        ZoneId timezone = root.get(PatternsYaml.TIMEZONE);
        Money money = root.get(PatternsYaml.CURRENCY);
        LifecycleSpec lifecycle = lifecycle(block(root, "lifecycle"));
        Map<String, OutsideTag> tags = SegmentRuleReader.tags(root);
        SegmentRules segments = segments(root.anyObject("segments"), tags);
        RfmThresholds rfm = rfm(block(root, "rfm"));
        ProfileSpec profile = profile(block(root, "profile"));
        PolicySpec policy = policy(block(root, "policy"));
        List<String> names = segments.names();
        List<OfferRule> offers = offers(root, PatternsYaml.OFFERS, names);
        List<PatternSpec> patterns = patterns(root, names, segments.tags().keySet(), timezone);
        List<FlowSpec> flows = FlowReader.flows(root, patterns, names, segments.tags().keySet());
        return new PatternsConfig(
                version, timezone, money, lifecycle, segments, rfm, profile, policy, offers,
                patterns, flows);
    }

    /** The block at {@code key} of {@code parent}, with the keys declared under it. */
    static ConfigNode block(ConfigNode parent, String key) {
        String path = parent.keyPattern().isEmpty() ? key : parent.keyPattern() + "." + key;
        return parent.object(key, DECLARED.keysUnder(path));
    }

    private static LifecycleSpec lifecycle(ConfigNode node) {
        Duration silent = node.get(PatternsYaml.SILENT_AFTER);
        Duration churned = node.get(PatternsYaml.CHURNED_AFTER);
        if (churned.compareTo(silent) <= 0) {
            node.error(
                    PatternsYaml.CHURNED_AFTER.name(),
                    Durations.format(churned),
                    "longer than silentAfter (" + Durations.format(silent) + ")");
        }
        return new LifecycleSpec(
                node.get(PatternsYaml.LIFECYCLE_MODE),
                silent,
                churned,
                node.get(PatternsYaml.SILENT_GAPS),
                node.get(PatternsYaml.CHURNED_GAPS),
                node.get(PatternsYaml.MIN_SILENT_AFTER));
    }

    /**
     * The {@code segments:} block: a key of a built-in segment holds its thresholds, any other key
     * is a custom segment's rule.
     */
    private static SegmentRules segments(ConfigNode node, Map<String, OutsideTag> tags) {
        Set<String> thresholds = new LinkedHashSet<>(DECLARED.keysUnder("segments"));
        thresholds.remove(PatternsYaml.CUSTOM_SEGMENTS.name());
        Map<String, SegmentRule> custom = SegmentRuleReader.rules(node, tags, thresholds);
        ConfigNode priceSensitive = block(node, "price-sensitive");
        ConfigNode brandLoyal = block(node, "brand-loyal");
        ConfigNode highValue = block(node, "high-value");
        ConfigNode potential = block(node, "potential");
        return new SegmentRules(
                priceSensitive.get(PatternsYaml.PRICE_SENSITIVE_SHARE),
                priceSensitive.get(PatternsYaml.PRICE_SENSITIVE_PURCHASES),
                brandLoyal.get(PatternsYaml.BRAND_LOYAL_SHARE),
                brandLoyal.get(PatternsYaml.BRAND_LOYAL_PURCHASES),
                highValue.get(PatternsYaml.HIGH_VALUE_SPEND),
                potential.get(PatternsYaml.POTENTIAL_VIEWS),
                potential.get(PatternsYaml.POTENTIAL_ACTIVE_WITHIN),
                block(node, "advocate").get(PatternsYaml.ADVOCATE_ACTIONS),
                custom,
                tags);
    }

    private static RfmThresholds rfm(ConfigNode node) {
        return new RfmThresholds(
                node.get(PatternsYaml.RFM_RECENCY_DAYS),
                node.get(PatternsYaml.RFM_FREQUENCY),
                node.get(PatternsYaml.RFM_MONETARY));
    }

    /** The profile's constants in {@code node}; those of an absent block are the defaults. */
    static ProfileSpec profile(ConfigNode node) {
        ConfigNode weights = block(node, "affinityWeights");
        ConfigNode prior = block(node, "engagementPrior");
        node.get(PatternsYaml.CYCLE_WEIGHT);
        return new ProfileSpec(
                node.get(PatternsYaml.OCCASION_GAP),
                node.get(PatternsYaml.MIN_OCCASIONS),
                node.get(PatternsYaml.CYCLE_GAPS),
                node.get(PatternsYaml.CYCLE_DECAY),
                node.get(PatternsYaml.AFFINITY_HALF_LIFE),
                weights.get(PatternsYaml.VIEW_WEIGHT),
                weights.get(PatternsYaml.FAVORITE_WEIGHT),
                weights.get(PatternsYaml.CART_WEIGHT),
                weights.get(PatternsYaml.PURCHASE_WEIGHT),
                node.get(PatternsYaml.TOP_CATEGORIES),
                node.get(PatternsYaml.TOP_BRANDS),
                node.get(PatternsYaml.CYCLE_CATEGORIES),
                node.get(PatternsYaml.ACTIVE_HOURS_HALF_LIFE),
                node.get(PatternsYaml.PRICE_WEIGHT),
                node.get(PatternsYaml.RECENT_ITEMS),
                prior.get(PatternsYaml.ENGAGEMENT_PRIOR_RATE),
                prior.get(PatternsYaml.ENGAGEMENT_PRIOR_WEIGHT));
    }

    private static PolicySpec policy(ConfigNode node) {
        ConfigNode quiet = block(node, "quietHours");
        QuietHours quietHours =
                new QuietHours(
                        quiet.get(PatternsYaml.QUIET_HOURS_START),
                        quiet.get(PatternsYaml.QUIET_HOURS_END),
                        quiet.get(PatternsYaml.QUIET_HOURS_MODE));
        List<FrequencyCap> caps = frequencyCaps(node);
        node.get(PatternsYaml.CAP_OVERFLOW);
        double holdout = node.get(PatternsYaml.HOLDOUT_PERCENT);
        String salt = node.get(PatternsYaml.HOLDOUT_SALT);
        Map<Channel, Boolean> consentDefaults = consentDefaults(node);
        return new PolicySpec(
                quietHours,
                caps,
                node.get(PatternsYaml.ARBITRATION_WINDOW),
                holdout,
                salt,
                node.get(PatternsYaml.ATTRIBUTION_WINDOW),
                consentDefaults);
    }

    private static List<FrequencyCap> frequencyCaps(ConfigNode policy) {
        Setting<?> list = PatternsYaml.FREQUENCY_CAPS;
        List<FrequencyCap> caps = new ArrayList<>();
        for (ConfigNode cap :
                policy.objects(
                        list.name(),
                        DECLARED.keysUnder(list.key() + "[]"),
                        ConfigLimits.MAX_FREQUENCY_CAPS,
                        "frequency caps")) {
            String channel = cap.get(PatternsYaml.CAP_CHANNEL);
            caps.add(
                    new FrequencyCap(
                            "ANY".equals(channel) ? null : Channel.byName(channel),
                            orElse(cap.get(PatternsYaml.CAP_MAX), 1),
                            cap.get(PatternsYaml.CAP_PER)));
        }
        return caps;
    }

    private static Map<Channel, Boolean> consentDefaults(ConfigNode policy) {
        Setting<Map<Channel, Boolean>> setting = PatternsYaml.CONSENT_DEFAULTS;
        ConfigNode consent = policy.object(setting.name(), CHANNELS);
        Map<Channel, Boolean> consentDefaults = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            consentDefaults.put(
                    channel, consent.bool(channel.name(), setting.defaultValue().get(channel)));
        }
        return consentDefaults;
    }

    private static <T> T orElse(T value, T fallback) {
        return value == null ? fallback : value;
    }

    private static List<OfferRule> offers(
            ConfigNode node, Setting<List<OfferRule>> list, List<String> names) {
        List<OfferRule> offers = new ArrayList<>();
        for (ConfigNode rule :
                node.objects(
                        list.name(),
                        DECLARED.keysUnder(PatternsYaml.OFFERS.key() + "[]"),
                        ConfigLimits.MAX_OFFER_RULES,
                        "offer rules")) {
            String segment = rule.get(PatternsYaml.OFFER_SEGMENT);
            String offer = rule.get(PatternsYaml.OFFER_CODE);
            rule.checkKnown(
                    PatternsYaml.OFFER_SEGMENT.name(),
                    segment,
                    names,
                    "a segment, stage, RFM score or declared tag");
            if (segment != null && offer != null) {
                offers.add(new OfferRule(segment, offer));
            }
        }
        return offers;
    }

    private static List<PatternSpec> patterns(
            ConfigNode root, List<String> names, Set<String> tags, ZoneId timezone) {
        Setting<?> list = PatternsYaml.PATTERNS;
        if (!root.has(list.name())) {
            list.missingIn(root);
        }
        List<PatternSpec> patterns = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (ConfigNode node :
                root.objectsById(
                        list.name(),
                        DECLARED.keysUnder(list.key() + "[]"),
                        ConfigLimits.MAX_PATTERNS,
                        "patterns",
                        PatternsYaml.ID.name(),
                        ConfigLimits.PATTERN_ID)) {
            String id = node.get(PatternsYaml.ID);
            if (id != null && !ids.add(id)) {
                node.error(
                        PatternsYaml.ID.name(),
                        "\"" + id + "\"",
                        "an id not used by another pattern");
            }
            PatternType type = node.get(PatternsYaml.TYPE);
            boolean enabled = node.get(PatternsYaml.ENABLED);
            PatternParams params = null;
            if (type != null) {
                params =
                        type.readParams(
                                node.object(PatternsYaml.PARAMS_OF_TYPE.name(), type.paramKeys()));
            }
            Audience audience = audience(block(node, "audience"), names);
            ActionSpec action = action(node, names, tags);
            Schedule schedule = schedule(block(node, "schedule"), timezone);
            Double holdoutPercent = node.get(PatternsYaml.PATTERN_HOLDOUT_PERCENT);
            patterns.add(
                    new PatternSpec(
                            id, type, enabled, params, audience, action, schedule, holdoutPercent));
        }
        return patterns;
    }

    private static Audience audience(ConfigNode node, List<String> names) {
        if (!node.isPresent()) {
            return Audience.EVERYONE;
        }
        List<String> segments = node.get(PatternsYaml.AUDIENCE_SEGMENTS);
        for (String segment : segments) {
            node.checkKnown(
                    PatternsYaml.AUDIENCE_SEGMENTS.name(),
                    segment,
                    names,
                    "a segment, stage, RFM score or declared tag");
        }
        List<LifecycleStage> stages = node.get(PatternsYaml.AUDIENCE_STAGES);
        List<String> exclude = node.get(PatternsYaml.AUDIENCE_EXCLUDE);
        for (String excluded : exclude) {
            node.checkKnown(
                    PatternsYaml.AUDIENCE_EXCLUDE.name(),
                    excluded,
                    names,
                    "a segment, stage, RFM score or declared tag");
        }
        return new Audience(segments, stages, exclude);
    }

    private static ActionSpec action(ConfigNode pattern, List<String> names, Set<String> tags) {
        if (!pattern.has("action")) {
            pattern.error("action", null, "an action block with channels and template");
        }
        return action(
                block(pattern, "action"),
                PatternsYaml.PATTERN_ACTION,
                names,
                node -> goal(block(node, "goal"), tags));
    }

    /**
     * The action written in {@code node}, a block of the keys of a pattern's action (its own
     * declarations, {@code settings}), wherever it is.
     *
     * @param names the tags an offer rule may name
     * @param goal the goal of the action, from its block
     */
    /**
     * Whether the list at {@code key} is written empty: a list of misspelt channels reads as empty
     * too, and its items' own errors already say what is wrong with it.
     */
    private static boolean writtenEmpty(ConfigNode node, String key) {
        JsonNode written = node.json(key);
        return written != null && written.isArray() && written.isEmpty();
    }

    static ActionSpec action(
            ConfigNode node,
            PatternsYaml.ActionSettings settings,
            List<String> names,
            Function<ConfigNode, Goal> goal) {
        // Without the block, its own error says what is missing; its parts' would not.
        List<Channel> channels = node.isPresent() ? node.get(settings.channels()) : List.of();
        String name = settings.channels().name();
        if (node.has(name) && channels.isEmpty() && writtenEmpty(node, name)) {
            node.error(name, "[]", "at least one of PUSH, EMAIL, SMS");
        } else if (new LinkedHashSet<>(channels).size() != channels.size()) {
            node.error(name, channels.toString(), "each channel at most once");
        }
        String template = node.isPresent() ? node.get(settings.template()) : null;
        return new ActionSpec(
                channels,
                template,
                node.get(settings.priority()),
                node.get(settings.cooldown()),
                node.get(settings.ttl()),
                node.get(settings.sendTime()),
                offers(node, settings.offers(), names),
                variants(node, settings),
                goal.apply(node));
    }

    /**
     * The goal of an action, {@link Goal#PURCHASE} when it names none. A goal of a tag must name
     * one of the tags the document declares ({@code tags}), since TAG events of any other are not
     * kept and could never reach it.
     */
    private static Goal goal(ConfigNode node, Set<String> tags) {
        if (!node.isPresent()) {
            return Goal.PURCHASE;
        }
        String event = node.get(PatternsYaml.ACTION_GOAL_EVENT);
        Duration within = node.get(PatternsYaml.ACTION_GOAL_WITHIN);
        Goal goal = new Goal(event == null ? Goal.PURCHASE.event() : event, within);
        checkTag(
                node,
                PatternsYaml.ACTION_GOAL_EVENT.name(),
                goal.tag(),
                tags,
                "PURCHASE, ADD_TO_CART, VIEW");
        return goal;
    }

    /**
     * Checks that {@code tag}, written at {@code key} of {@code node} where an event of {@code
     * types} or a tag may be, is one the document declares: TAG events of any other are not kept.
     */
    static void checkTag(ConfigNode node, String key, String tag, Set<String> tags, String types) {
        String expected = types + " or a tag declared in tags";
        if (tag != null && tags.isEmpty()) {
            node.error(key, "\"" + tag + "\"", expected + ", and the document declares no tags");
        } else if (tag != null) {
            node.checkKnown(key, tag, tags, expected);
        }
    }

    /**
     * A pattern's schedule; {@link Schedule#ALWAYS} when it writes none. {@code from} must not be
     * after {@code until}: compared as written when both are local or both have an offset, and in
     * {@code timezone} when one is local in the configuration's zone.
     */
    private static Schedule schedule(ConfigNode node, ZoneId timezone) {
        if (!node.isPresent()) {
            return Schedule.ALWAYS;
        }
        Schedule.Bound from = node.get(PatternsYaml.SCHEDULE_FROM);
        Schedule.Bound until = node.get(PatternsYaml.SCHEDULE_UNTIL);
        List<Schedule.Day> days = node.get(PatternsYaml.SCHEDULE_DAYS);
        Schedule.Hours hours = node.get(PatternsYaml.SCHEDULE_HOURS);
        Schedule.Zone zone = node.get(PatternsYaml.SCHEDULE_ZONE);
        if (from != null && until != null) {
            Instant begins = instant(from.first(), from.offset(), zone, timezone);
            Instant ends = instant(until.end(), until.offset(), zone, timezone);
            boolean comparable = begins != null && ends != null;
            boolean empty =
                    comparable
                            ? !begins.isBefore(ends)
                            : (from.offset() == null) == (until.offset() == null)
                                    && !from.first().isBefore(until.end());
            if (empty) {
                node.error(
                        PatternsYaml.SCHEDULE_UNTIL.name(),
                        "\"" + until + "\"",
                        "a time not before from (\"" + from + "\")");
            }
        }
        if (new LinkedHashSet<>(days).size() != days.size()) {
            node.error(PatternsYaml.SCHEDULE_DAYS.name(), days.toString(), "each day at most once");
        }
        List<Schedule.Day> sorted = new LinkedHashSet<>(days).stream().sorted().toList();
        return new Schedule(from, until, sorted, hours, zone);
    }

    /**
     * The instant of a bound's local time: at its offset, or in the configuration's zone for a
     * schedule in it; {@code null} when it depends on the user's zone.
     */
    private static Instant instant(
            LocalDateTime local, ZoneOffset offset, Schedule.Zone zone, ZoneId timezone) {
        if (offset != null) {
            return local.toInstant(offset);
        }
        return zone == Schedule.Zone.CONFIG ? local.atZone(timezone).toInstant() : null;
    }

    /**
     * An action's variants: unique ids, at most {@link ConfigLimits#MAX_VARIANTS}, and at least one
     * with a weight above 0.
     */
    private static List<Variant> variants(ConfigNode action, PatternsYaml.ActionSettings settings) {
        Setting<List<Variant>> list = settings.variants();
        List<Variant> variants = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        boolean anyWeight = false;
        boolean allWeighted = true;
        List<ConfigNode> nodes =
                action.objects(
                        list.name(),
                        DECLARED.keysUnder(list.key() + "[]"),
                        ConfigLimits.MAX_VARIANTS,
                        "variants");
        for (ConfigNode node : nodes) {
            String id = node.get(settings.variantId());
            if (id != null && !ids.add(id)) {
                node.error(
                        settings.variantId().name(),
                        "\"" + id + "\"",
                        "an id not used by another variant of the action");
            }
            Double weight = node.get(settings.variantWeight());
            anyWeight |= weight != null && weight > 0;
            allWeighted &= weight != null;
            List<Channel> channels = null;
            String name = settings.variantChannels().name();
            if (node.has(name)) {
                channels = node.get(settings.variantChannels());
                if (channels.isEmpty() && writtenEmpty(node, name)) {
                    node.error(name, "[]", "at least one of PUSH, EMAIL, SMS, or no channels");
                } else if (new LinkedHashSet<>(channels).size() != channels.size()) {
                    node.error(name, channels.toString(), "each channel at most once");
                }
            }
            variants.add(
                    new Variant(
                            id,
                            weight == null ? 0 : weight,
                            node.get(settings.variantTemplate()),
                            node.get(settings.variantOffer()),
                            channels,
                            node.get(settings.variantSendTime())));
        }
        if (!nodes.isEmpty() && allWeighted && !anyWeight) {
            action.error(
                    list.name(),
                    "every weight 0",
                    "at least one variant with a weight above 0, e.g. weight: 50");
        }
        return variants;
    }
}
