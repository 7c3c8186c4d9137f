package dev.nudge.config;

import static java.util.Map.entry;

import dev.nudge.event.Money;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;

/**
 * What changed between two pattern configurations, and which of the changes the running job can
 * apply live (SPEC §6). The line runs where the job keeps state. What it reads on every decision —
 * the policy, the offers, the segment thresholds, and a pattern's {@code enabled}, audience and
 * action — can change under it. What it builds when it starts cannot: the patterns' detectors,
 * whose per-user episodes follow their {@code type} and {@code params}; a Flink CEP operator per
 * enabled SEQUENCE pattern; and the profile's clock and formulas ({@code timezone}, {@code
 * lifecycle}, {@code rfm}, {@code profile}), whose results are already in every user's state.
 * Whatever is not known to be live needs a restart, so a setting added to the document is safe
 * until it is classified here.
 *
 * <p>A change is reported for each changed value, nested records followed down ({@code
 * policy.quietHours.start} rather than the whole policy); lists and maps are compared as wholes.
 * Changes come in document order, the patterns in the new document's order and removed ones last,
 * so that two runs over the same documents read the same.
 */
public final class ConfigDiff {
    /** The top-level sections read on every decision. */
    private static final Set<String> LIVE_SECTIONS = Set.of("segments", "policy", "offers");

    /** A pattern's fields read on every decision ({@code enabled} with one exception). */
    private static final Set<String> LIVE_PATTERN_FIELDS = Set.of("enabled", "audience", "action");

    /** The document's keys for the record components named otherwise, by component path. */
    private static final Map<String, String> DOCUMENT_KEYS =
            Map.ofEntries(
                    entry("money", "currency"),
                    entry(
                            "segments.priceSensitiveShare",
                            "segments.price-sensitive.minDiscountedShare"),
                    entry(
                            "segments.priceSensitivePurchases",
                            "segments.price-sensitive.minPurchases"),
                    entry("segments.brandLoyalShare", "segments.brand-loyal.minTopBrandShare"),
                    entry("segments.brandLoyalPurchases", "segments.brand-loyal.minPurchases"),
                    entry("segments.highValueSpend90d", "segments.high-value.minSpend90d"),
                    entry("segments.potentialViews", "segments.potential.minViews"),
                    entry("segments.potentialActiveWithin", "segments.potential.activeWithin"),
                    entry("segments.advocateActions", "segments.advocate.minReviewsAndShares"),
                    entry("profile.viewWeight", "profile.affinityWeights.VIEW"),
                    entry("profile.favoriteWeight", "profile.affinityWeights.FAVORITE"),
                    entry("profile.cartWeight", "profile.affinityWeights.ADD_TO_CART"),
                    entry("profile.purchaseWeight", "profile.affinityWeights.PURCHASE"),
                    entry("profile.engagementPriorRate", "profile.engagementPrior.rate"),
                    entry("profile.engagementPriorWeight", "profile.engagementPrior.weight"));

    private ConfigDiff() {}

    /**
     * The changes from {@code before} to {@code after} for a job started with {@code before}: its
     * running patterns are those {@code before} enables.
     */
    public static List<ConfigChange> between(PatternsConfig before, PatternsConfig after) {
        return between(before, after, enabledPatterns(before));
    }

    /**
     * The changes from {@code before}, the configuration the job applies now, to {@code after}.
     *
     * @param running the ids of the patterns the job built a detector or a CEP operator for when it
     *     started (those enabled then); one disabled live since can be enabled again live
     */
    public static List<ConfigChange> between(
            PatternsConfig before, PatternsConfig after, Set<String> running) {
        List<ConfigChange> changes = new ArrayList<>();
        for (RecordComponent section : PatternsConfig.class.getRecordComponents()) {
            String name = section.getName();
            if (name.equals("patterns")) {
                patterns(before, after, running, changes);
            } else if (!name.equals("version")) {
                boolean live = LIVE_SECTIONS.contains(name);
                compare(name, value(section, before), value(section, after), live, changes);
            }
        }
        return changes;
    }

    /** The ids of the patterns {@code config} enables: a job started with it runs them. */
    public static Set<String> enabledPatterns(PatternsConfig config) {
        return config.patterns().stream()
                .filter(PatternSpec::enabled)
                .map(PatternSpec::id)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether publishing the new document applies all of {@code changes} without a restart. */
    public static boolean allLive(List<ConfigChange> changes) {
        return changes.stream().allMatch(ConfigChange::live);
    }

    /** The changes that apply live, in their order. */
    public static List<ConfigChange> live(List<ConfigChange> changes) {
        return changes.stream().filter(ConfigChange::live).toList();
    }

    /** The changes that need a stop with savepoint and a start from it, in their order. */
    public static List<ConfigChange> restartNeeded(List<ConfigChange> changes) {
        return changes.stream().filter(change -> !change.live()).toList();
    }

    private static void patterns(
            PatternsConfig before,
            PatternsConfig after,
            Set<String> running,
            List<ConfigChange> changes) {
        for (PatternSpec pattern : after.patterns()) {
            PatternSpec old = before.pattern(pattern.id());
            if (old == null) {
                changes.add(
                        new ConfigChange(
                                path(pattern), ConfigChange.NONE, pattern.type().name(), false));
            } else {
                pattern(old, pattern, running, changes);
            }
        }
        for (PatternSpec pattern : before.patterns()) {
            if (after.pattern(pattern.id()) == null) {
                changes.add(
                        new ConfigChange(
                                path(pattern), pattern.type().name(), ConfigChange.NONE, false));
            }
        }
    }

    private static void pattern(
            PatternSpec before,
            PatternSpec after,
            Set<String> running,
            List<ConfigChange> changes) {
        for (RecordComponent field : PatternSpec.class.getRecordComponents()) {
            String name = field.getName();
            boolean live =
                    name.equals("enabled")
                            ? enabledIsLive(after, running)
                            : LIVE_PATTERN_FIELDS.contains(name);
            compare(
                    path(after) + "." + name,
                    value(field, before),
                    value(field, after),
                    live,
                    changes);
        }
    }

    /**
     * Disabling a pattern is live. Enabling one is live only if the job runs it: a job builds the
     * detectors and the CEP operators of the patterns enabled when it starts, and keeps running a
     * pattern disabled live (its matches are decided {@code DISABLED}), so that it can be switched
     * on again at once; a pattern off since the start has neither.
     */
    private static boolean enabledIsLive(PatternSpec pattern, Set<String> running) {
        return !pattern.enabled() || running.contains(pattern.id());
    }

    /** Adds the changes from {@code before} to {@code after}, following records down. */
    private static void compare(
            String path, Object before, Object after, boolean live, List<ConfigChange> changes) {
        if (Objects.deepEquals(before, after)) {
            return;
        }
        if (before instanceof Record
                && !(before instanceof Money)
                && after != null
                && before.getClass() == after.getClass()) {
            for (RecordComponent component : before.getClass().getRecordComponents()) {
                String inner = path + "." + component.getName();
                compare(inner, value(component, before), value(component, after), live, changes);
            }
        } else {
            String key = DOCUMENT_KEYS.getOrDefault(path, path);
            changes.add(new ConfigChange(key, readable(before), readable(after), live));
        }
    }

    private static String path(PatternSpec pattern) {
        return "patterns[" + pattern.id() + "]";
    }

    private static Object value(RecordComponent component, Object record) {
        try {
            var accessor = component.getAccessor();
            accessor.setAccessible(true);
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component, e);
        }
    }

    /**
     * A value as an operator writes it in the document: durations as {@code 2h}, numbers without a
     * needless {@code .0}, lists as {@code [PUSH, EMAIL]}, records and maps as {@code {key: value}}
     * without their unset ({@code null}) fields. Sets and maps come sorted, so that the same value
     * always reads the same.
     */
    private static String readable(Object value) {
        if (value == null) {
            return ConfigChange.NONE;
        } else if (value instanceof Money money) {
            return money.currency();
        } else if (value instanceof Duration duration) {
            return Durations.format(duration);
        } else if (value instanceof Double || value instanceof Float) {
            return number(((Number) value).doubleValue());
        } else if (value instanceof double[] numbers) {
            return list(DoubleStream.of(numbers).boxed());
        } else if (value instanceof String text) {
            return text.isEmpty() ? "\"\"" : text;
        } else if (value instanceof Set<?> values) {
            return list(sorted(values));
        } else if (value instanceof Collection<?> values) {
            return list(values.stream());
        } else if (value instanceof Map<?, ?> map) {
            return fields(sorted(map.keySet()).map(key -> new Field(readable(key), map.get(key))));
        } else if (value instanceof FrequencyCap cap) {
            // A cap across channels has no channel; the document writes it ANY.
            return fields(
                    Stream.of(
                            new Field("channel", cap.channel() == null ? "ANY" : cap.channel()),
                            new Field("max", cap.max()),
                            new Field("per", cap.per())));
        } else if (value instanceof Record record) {
            return fields(
                    Arrays.stream(record.getClass().getRecordComponents())
                            .map(c -> new Field(c.getName(), value(c, record)))
                            .filter(field -> field.value() != null));
        } else if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        return value.toString();
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String list(Stream<?> elements) {
        return elements.map(ConfigDiff::readable).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String fields(Stream<Field> fields) {
        return fields.map(field -> field.name() + ": " + readable(field.value()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    /** In natural order (an enum's declared order), or by how they read when not comparable. */
    private static Stream<?> sorted(Collection<?> values) {
        if (values.stream().allMatch(v -> v instanceof Comparable)) {
            return values.stream().sorted();
        }
        return values.stream().sorted(Comparator.comparing(ConfigDiff::readable));
    }

    /** One {@code name: value} of a record or map as written. */
    private record Field(String name, Object value) {}
}
