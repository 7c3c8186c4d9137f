package dev.nudge.config;

import dev.nudge.event.Money;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a {@link Setting} holds: how its value is read and checked in a document, and how it is
 * described to the people who write one.
 *
 * @param <T> the value as the job uses it
 */
public interface SettingType<T> {

    /**
     * The value written at {@code name} of {@code node}, which holds one; records an error in the
     * node and returns {@code fallback} when it is not a value of this type.
     */
    T read(ConfigNode node, String name, T fallback);

    /** What may be written, for the README's tables, e.g. {@code 1–1,000} or {@code HOLD, DROP}. */
    String allowed();

    /**
     * The range of values in a few characters, for a summary such as {@code window (30m, 1m–7d)};
     * {@code null} when there is none shorter than {@link #allowed()}.
     */
    default String range() {
        return null;
    }

    /** Whether {@link #range()} lists the values a setting may take, rather than bounds. */
    default boolean listsValues() {
        return false;
    }

    /** A value as it is written in the document. */
    default String written(T value) {
        return Written.of(value);
    }

    /** A whole number within {@code [min, max]}. */
    static SettingType<Integer> integer(int min, int max) {
        return new Ranged<>(
                (node, name, fallback) ->
                        node.integer(name, fallback == null ? min : fallback, min, max),
                grouped(min) + "–" + grouped(max));
    }

    /** A number within {@code [min, max]}. */
    static SettingType<Double> number(double min, double max) {
        return new Ranged<>(
                (node, name, fallback) ->
                        node.number(name, fallback == null ? min : fallback, min, max),
                grouped(min) + "–" + grouped(max));
    }

    /** A duration within {@code [min, max]}, written as {@code 30s}, {@code 2h}, {@code 3d}. */
    static SettingType<Duration> duration(Duration min, Duration max) {
        return new Ranged<>(
                (node, name, fallback) -> node.duration(name, fallback, min, max),
                Durations.format(min) + "–" + Durations.format(max));
    }

    /** {@code true} or {@code false}. */
    static SettingType<Boolean> bool() {
        return of(
                (node, name, fallback) -> node.bool(name, fallback != null && fallback),
                "`true`, `false`");
    }

    /** Any non-empty string. */
    static SettingType<String> string(String allowed) {
        return of((node, name, fallback) -> node.string(name, fallback), allowed);
    }

    /** A string of the length and characters of {@code limit}. */
    static SettingType<String> text(ConfigLimits.TextLimit limit) {
        return of(
                (node, name, fallback) -> node.text(name, limit, fallback),
                limit.describe().replace("\"", "`"));
    }

    /** A string the whole of which matches {@code pattern}; {@code expected} says what does. */
    static SettingType<String> matching(Pattern pattern, String expected) {
        return of(
                (node, name, fallback) -> {
                    String value = node.string(name, fallback);
                    if (value != null && !pattern.matcher(value).matches()) {
                        node.error(name, "\"" + value + "\"", expected);
                    }
                    return value;
                },
                expected);
    }

    /** One of a few words. */
    static SettingType<String> choice(String... words) {
        List<String> choices = List.of(words);
        String oneOf = String.join(", ", choices);
        return new Ranged<>(
                (node, name, fallback) -> {
                    String value = node.string(name, fallback);
                    if (value != null && !choices.contains(value)) {
                        node.error(name, "\"" + value + "\"", "one of " + oneOf);
                        return fallback;
                    }
                    return value;
                },
                codes(choices),
                true);
    }

    /** A constant of {@code type}, by its name. */
    static <E extends Enum<E>> SettingType<E> oneOf(Class<E> type) {
        return oneOf(type, EnumSet.allOf(type));
    }

    /**
     * A constant of {@code type}, by its name; {@code meaningful} are those a document may use (the
     * others are read, to be rejected with a reason of their own).
     */
    static <E extends Enum<E>> SettingType<E> oneOf(Class<E> type, Collection<E> meaningful) {
        return new Ranged<>(
                (node, name, fallback) -> node.enumValue(name, type, fallback),
                codes(meaningful.stream().map(Enum::name).toList()),
                true);
    }

    /** A list of constants of {@code type}. */
    static <E extends Enum<E>> SettingType<List<E>> listOf(Class<E> type) {
        return of(
                (node, name, fallback) -> node.enums(name, type),
                "a list of "
                        + codes(Arrays.stream(type.getEnumConstants()).map(Enum::name).toList()));
    }

    /** A list of strings. */
    static SettingType<List<String>> strings(String allowed) {
        return of((node, name, fallback) -> node.strings(name), allowed);
    }

    /** Four ascending numbers, the bounds between the scores 1 to 5 of an RFM dimension. */
    static SettingType<double[]> ascendingFour() {
        return of(
                (node, name, fallback) -> node.ascendingFour(name, fallback),
                "four ascending numbers ≥ 0");
    }

    /** A percentile of the user's gaps between purchase occasions, {@code p1}–{@code p99}. */
    static SettingType<Percentile> percentile() {
        return new Ranged<>(
                (node, name, fallback) -> {
                    String value = node.string(name, null);
                    if (value == null) {
                        return fallback;
                    }
                    Percentile percentile = Percentile.parse(value);
                    if (percentile == null) {
                        node.error(name, "\"" + value + "\"", Percentile.ALLOWED + ", e.g. p30");
                        return fallback;
                    }
                    return percentile;
                },
                Percentile.ALLOWED,
                "p1–p99",
                false);
    }

    /** A time of day, {@code HH:MM}. */
    static SettingType<LocalTime> timeOfDay() {
        return of((node, name, fallback) -> node.timeOfDay(name, fallback), "`HH:MM`");
    }

    /** An IANA time zone. */
    static SettingType<ZoneId> zone() {
        return new SettingType<>() {
            @Override
            public ZoneId read(ConfigNode node, String name, ZoneId fallback) {
                return node.zone(name, fallback);
            }

            @Override
            public String allowed() {
                return "an IANA time zone, e.g. `Asia/Shanghai`";
            }

            @Override
            public String written(ZoneId zone) {
                return zone.equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
            }
        };
    }

    /** An ISO 4217 currency code. */
    static SettingType<Money> currency() {
        return of(
                (node, name, fallback) -> node.currency(name, fallback),
                "an ISO 4217 code, e.g. `CNY`, `USD`, `JPY`");
    }

    /**
     * A list or an object whose items the document's reader reads itself, since they hold settings
     * of their own or are checked together; {@link Setting#readFrom} only checks that it is there
     * when it must be.
     */
    static <T> SettingType<T> structure(String allowed) {
        return of((node, name, fallback) -> fallback, allowed);
    }

    /**
     * A key no longer read: accepted with the one value it ever took, {@code formerValue}, and
     * ignored; any other value is an error.
     */
    static SettingType<Void> removed(String formerValue) {
        return new Removed(formerValue);
    }

    /** A type read by {@code reader} and described by {@code allowed}. */
    static <T> SettingType<T> of(Reader<T> reader, String allowed) {
        return new Ranged<>(reader, allowed, null, false);
    }

    /** Reads a value of a type. */
    @FunctionalInterface
    interface Reader<T> {
        T read(ConfigNode node, String name, T fallback);
    }

    /** The usual type: a reader and a description, with a short range where there is one. */
    record Ranged<T>(Reader<T> reader, String allowed, String range, boolean listsValues)
            implements SettingType<T> {
        Ranged(Reader<T> reader, String range) {
            this(reader, range, range, false);
        }

        Ranged(Reader<T> reader, String values, boolean listsValues) {
            this(reader, values, values.replace("`", ""), listsValues);
        }

        @Override
        public T read(ConfigNode node, String name, T fallback) {
            return reader.read(node, name, fallback);
        }
    }

    /** See {@link #removed(String)}. */
    record Removed(String formerValue) implements SettingType<Void> {
        @Override
        public Void read(ConfigNode node, String name, Void fallback) {
            throw new IllegalStateException("a removed key is read by Setting#readFrom");
        }

        @Override
        public String allowed() {
            return "`" + formerValue + "` (ignored)";
        }
    }

    private static String codes(List<String> words) {
        return words.stream().map(word -> "`" + word + "`").collect(Collectors.joining(", "));
    }

    /**
     * A bound as people read it: thousands grouped ({@code 10,000}), a power of ten from 10⁹ on as
     * one ({@code 10¹²}).
     */
    private static String grouped(double bound) {
        if (bound >= 1e9 && Math.log10(bound) == Math.rint(Math.log10(bound))) {
            String superscripts = "⁰¹²³⁴⁵⁶⁷⁸⁹";
            StringBuilder power = new StringBuilder("10");
            for (char digit : Long.toString((long) Math.log10(bound)).toCharArray()) {
                power.append(superscripts.charAt(digit - '0'));
            }
            return power.toString();
        }
        return new DecimalFormat("#,##0.##", DecimalFormatSymbols.getInstance(Locale.ROOT))
                .format(bound);
    }
}
