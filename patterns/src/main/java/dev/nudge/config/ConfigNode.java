package dev.nudge.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.nudge.event.Money;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A typed, path-aware view of one object in a configuration document. Every accessor returns a
 * usable value (the default when something is wrong) and records what was wrong in the shared error
 * list, so that one pass over a document reports every error at once.
 *
 * <p>Longer than other classes on purpose: one accessor per kind of value a document holds (text,
 * numbers, durations, enums, times of day, lists and objects of each), each with its bounds and the
 * same error wording; they share the path and the error list, and apart they would repeat both.
 */
public final class ConfigNode {
    private final JsonNode node;
    private final String path;
    private final List<ConfigError> errors;

    private ConfigNode(JsonNode node, String path, List<ConfigError> errors) {
        this.node = node;
        this.path = path;
        this.errors = errors;
    }

    /**
     * The document root. It must be an object; its keys must be among {@code keys}.
     *
     * @param errors where problems are recorded
     */
    public static ConfigNode root(JsonNode document, List<ConfigError> errors, Set<String> keys) {
        ConfigNode root = new ConfigNode(document, "", errors);
        if (document == null || document.isMissingNode() || document.isNull()) {
            errors.add(new ConfigError(ConfigError.DOCUMENT, "nothing", "a YAML or JSON object"));
            return new ConfigNode(MissingNode.getInstance(), "", errors);
        }
        if (!document.isObject()) {
            errors.add(
                    new ConfigError(ConfigError.DOCUMENT, show(document), "a YAML or JSON object"));
            return new ConfigNode(MissingNode.getInstance(), "", errors);
        }
        root.allowOnly(keys);
        return root;
    }

    /**
     * A block that is not in any document, at {@code path}: every setting read from it takes its
     * default. What the defaults of a block are, without writing them down twice.
     */
    public static ConfigNode absent(String path) {
        return new ConfigNode(MissingNode.getInstance(), path, new ArrayList<>());
    }

    /**
     * The value of {@code setting}, which is written in this block: see {@link Setting#readFrom}.
     */
    public <T> T get(Setting<T> setting) {
        return setting.readFrom(this);
    }

    /** The value of this object at {@code key}, as parsed; {@code null} when absent. */
    JsonNode json(String key) {
        return node.get(key);
    }

    /** Where this node records the problems it finds: one list for the whole document. */
    List<ConfigError> errors() {
        return errors;
    }

    /** This block's key as the declarations write it: positions and ids in lists as {@code []}. */
    String keyPattern() {
        return path.replaceAll("\\[[^\\]]*]", "[]");
    }

    public String path() {
        return path.isEmpty() ? ConfigError.DOCUMENT : path;
    }

    /** Whether this object was present in the document. */
    public boolean isPresent() {
        return node.isObject();
    }

    /** Whether the value at {@code key} is an object (as opposed to absent or a plain value). */
    public boolean isObject(String key) {
        JsonNode value = node.get(key);
        return value != null && value.isObject();
    }

    public boolean has(String key) {
        JsonNode value = node.get(key);
        return value != null && !value.isNull();
    }

    /** Records an error at {@code key} of this object. */
    public void error(String key, String found, String expected) {
        errors.add(new ConfigError(child(key), found, expected));
    }

    /** Records an error about this object as a whole. */
    public void error(String found, String expected) {
        errors.add(new ConfigError(path(), found, expected));
    }

    /** Records every key of this object that is not in {@code keys}, with the closest valid key. */
    public ConfigNode allowOnly(Set<String> keys) {
        String valid = null;
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!keys.contains(name)) {
                if (valid == null) {
                    valid = "one of " + String.join(", ", keys.stream().sorted().toList());
                }
                String hint = Suggestions.hint(name, keys);
                String expected = valid + hint;
                errors.add(new ConfigError(child(name), "unknown key", expected));
            }
        }
        return this;
    }

    /** The object at {@code key}, with only {@code keys} allowed; an empty view if absent. */
    public ConfigNode object(String key, Set<String> keys) {
        ConfigNode object = anyObject(key);
        return object.isPresent() ? object.allowOnly(keys) : object;
    }

    /** The object at {@code key}, whatever its keys; an empty view if absent. */
    public ConfigNode anyObject(String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return new ConfigNode(MissingNode.getInstance(), child(key), errors);
        }
        if (!value.isObject()) {
            error(key, show(value), "an object");
            return new ConfigNode(MissingNode.getInstance(), child(key), errors);
        }
        return new ConfigNode(value, child(key), errors);
    }

    /**
     * The objects in the list at {@code key}, at most {@link ConfigLimits#MAX_LIST_ITEMS}; empty if
     * absent.
     */
    public List<ConfigNode> objects(String key, Set<String> keys) {
        return objects(key, keys, ConfigLimits.MAX_LIST_ITEMS, "items");
    }

    /**
     * The objects in the list at {@code key}; empty if absent. A longer list than {@code max} is an
     * error, and only its first {@code max} are read.
     *
     * @param what what the list holds, for the error, e.g. {@code "patterns"}
     */
    public List<ConfigNode> objects(String key, Set<String> keys, int max, String what) {
        return objects(key, keys, max, what, null, null);
    }

    /**
     * The objects in the list at {@code key}, as {@link #objects(String, Set, int, String)}, each
     * named in the paths of its errors by its id where it has a readable one ({@code
     * patterns[cart-abandonment].action.ttl}), as {@code diff} names it, else by its position
     * ({@code patterns[3]}): an id that {@code ids} refuses, that is only digits (it would read as
     * a position) or that another item of the list has too is not one.
     *
     * @param idKey the key of an item's id, e.g. {@code id}
     */
    public List<ConfigNode> objectsById(
            String key,
            Set<String> keys,
            int max,
            String what,
            String idKey,
            ConfigLimits.TextLimit ids) {
        return objects(key, keys, max, what, idKey, ids);
    }

    private List<ConfigNode> objects(
            String key,
            Set<String> keys,
            int max,
            String what,
            String idKey,
            ConfigLimits.TextLimit ids) {
        JsonNode value = node.get(key);
        List<ConfigNode> result = new ArrayList<>();
        if (value == null || value.isNull()) {
            return result;
        }
        if (!value.isArray()) {
            error(key, show(value), "a list");
            return result;
        }
        int read = Math.min(value.size(), bounded(key, value, max, what));
        Map<String, Integer> idCounts = new HashMap<>();
        for (int i = 0; idKey != null && i < read; i++) {
            String id = readableId(value.get(i), idKey, ids);
            if (id != null) {
                idCounts.merge(id, 1, Integer::sum);
            }
        }
        for (int i = 0; i < read; i++) {
            JsonNode item = value.get(i);
            String id = idKey == null ? null : readableId(item, idKey, ids);
            String itemPath =
                    child(key) + "[" + (id != null && idCounts.get(id) == 1 ? id : i) + "]";
            if (!item.isObject()) {
                errors.add(new ConfigError(itemPath, show(item), "an object"));
                continue;
            }
            result.add(new ConfigNode(item, itemPath, errors).allowOnly(keys));
        }
        return result;
    }

    /** The item's id when it is one that {@code ids} accepts and not only digits, else null. */
    private static String readableId(JsonNode item, String idKey, ConfigLimits.TextLimit ids) {
        JsonNode id = item.isObject() ? item.get(idKey) : null;
        if (id == null || !id.isTextual()) {
            return null;
        }
        String text = id.asText();
        return ids.accepts(text) && !text.chars().allMatch(Character::isDigit) ? text : null;
    }

    /** The keys of this object, in document order. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    public String string(String key, String defaultValue) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isTextual() && !value.isNumber() && !value.isBoolean()) {
            error(key, show(value), "a string");
            return defaultValue;
        }
        String text = value.asText();
        if (text.isBlank()) {
            error(key, show(value), "a non-empty string");
            return defaultValue;
        }
        return text;
    }

    /** A required string; records an error and returns {@code null} when missing. */
    public String requiredString(String key, String expected) {
        if (!has(key)) {
            error(key, null, expected);
            return null;
        }
        return string(key, null);
    }

    /**
     * A string within {@code limit} (its length and characters); {@code defaultValue} when absent,
     * or, recording an error, when not within it.
     */
    public String text(String key, ConfigLimits.TextLimit limit, String defaultValue) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        String text = string(key, null);
        if (text == null) {
            return defaultValue;
        }
        if (!limit.accepts(text)) {
            error(key, show(value), limit.describe());
            return defaultValue;
        }
        return text;
    }

    /**
     * A required string within {@code limit}; records an error and returns {@code null} when
     * missing or not within it.
     */
    public String requiredText(String key, ConfigLimits.TextLimit limit) {
        if (!has(key)) {
            error(key, null, limit.describe());
            return null;
        }
        return text(key, limit, null);
    }

    public boolean bool(String key, boolean defaultValue) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            error(key, show(value), "true or false");
            return defaultValue;
        }
        return value.booleanValue();
    }

    public int integer(String key, int defaultValue, int min, int max) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            error(key, show(value), "a whole number from " + min + " to " + max);
            return defaultValue;
        }
        int result = value.intValue();
        if (result < min || result > max) {
            error(key, show(value), "a whole number from " + min + " to " + max);
            return defaultValue;
        }
        return result;
    }

    public double number(String key, double defaultValue, double min, double max) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (!value.isNumber()) {
            error(key, show(value), "a number from " + plain(min) + " to " + plain(max));
            return defaultValue;
        }
        double result = value.doubleValue();
        if (!(result >= min && result <= max)) {
            error(key, show(value), "a number from " + plain(min) + " to " + plain(max));
            return defaultValue;
        }
        return result;
    }

    /** A duration within {@code [min, max]}. */
    public Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        Duration result = value.isTextual() ? Durations.parseOrNull(value.asText()) : null;
        String range = " from " + Durations.format(min) + " to " + Durations.format(max);
        if (result == null) {
            error(key, show(value), Durations.EXPECTED + range);
            return defaultValue;
        }
        if (result.compareTo(min) < 0 || result.compareTo(max) > 0) {
            error(key, show(value), "a duration" + range);
            return defaultValue;
        }
        return result;
    }

    /** A time of day written {@code "HH:MM"}. */
    public LocalTime timeOfDay(String key, LocalTime defaultValue) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (value.isTextual() && value.asText().matches("\\d{2}:\\d{2}")) {
            try {
                return LocalTime.parse(value.asText());
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        error(key, show(value), "a time of day \"HH:MM\" from 00:00 to 23:59");
        return defaultValue;
    }

    public ZoneId zone(String key, ZoneId defaultValue) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        try {
            if (value.isTextual()) {
                return ZoneId.of(value.asText());
            }
        } catch (DateTimeException e) {
            // reported below
        }
        error(key, show(value), "an IANA time zone such as Asia/Shanghai or UTC");
        return defaultValue;
    }

    /** An ISO 4217 currency code, e.g. {@code CNY}, with its usual minor unit. */
    public Money currency(String key, Money defaultValue) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        try {
            if (value.isTextual() && value.asText().matches("[A-Z]{3}")) {
                Money money = Money.of(value.asText());
                if (money.digits() <= 4) {
                    return money;
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        error(key, show(value), "an ISO 4217 currency code such as CNY, USD or JPY");
        return defaultValue;
    }

    public <E extends Enum<E>> E enumValue(String key, Class<E> type, E defaultValue) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        E result = value.isTextual() ? lookup(type, value.asText()) : null;
        if (result == null) {
            error(key, show(value), oneOf(type, value.isTextual() ? value.asText() : null));
            return defaultValue;
        }
        return result;
    }

    /**
     * The list of strings at {@code key}, at most {@link ConfigLimits#MAX_LIST_ITEMS}; empty if
     * absent.
     */
    public List<String> strings(String key) {
        JsonNode value = node.get(key);
        List<String> result = new ArrayList<>();
        if (value == null || value.isNull()) {
            return result;
        }
        if (!value.isArray()) {
            error(key, show(value), "a list of strings, e.g. [a, b]");
            return result;
        }
        int max = bounded(key, value, ConfigLimits.MAX_LIST_ITEMS, "items");
        for (int i = 0; i < Math.min(value.size(), max); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual() || item.asText().isBlank()) {
                errors.add(
                        new ConfigError(
                                child(key) + "[" + i + "]", show(item), "a non-empty string"));
                continue;
            }
            result.add(item.asText());
        }
        return result;
    }

    /**
     * Four strictly ascending numbers at {@code key}, the boundaries between the scores 1 to 5 of
     * an RFM dimension; {@code defaults} if absent.
     */
    public double[] ascendingFour(String key, double[] defaults) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return defaults.clone();
        }
        String expected = "four ascending numbers ≥ 0, e.g. [7, 30, 90, 180]";
        if (!value.isArray() || value.size() != 4) {
            error(key, show(value), expected);
            return defaults.clone();
        }
        double[] result = new double[4];
        for (int i = 0; i < 4; i++) {
            JsonNode item = value.get(i);
            if (!item.isNumber()
                    || item.doubleValue() < 0
                    || (i > 0 && item.doubleValue() <= result[i - 1])) {
                error(key, show(value), expected);
                return defaults.clone();
            }
            result[i] = item.doubleValue();
        }
        return result;
    }

    /**
     * The list of enum constants at {@code key}, at most {@link ConfigLimits#MAX_LIST_ITEMS}; empty
     * if absent.
     */
    public <E extends Enum<E>> List<E> enums(String key, Class<E> type) {
        JsonNode value = node.get(key);
        List<E> result = new ArrayList<>();
        if (value == null || value.isNull()) {
            return result;
        }
        if (!value.isArray()) {
            error(key, show(value), "a list of " + oneOf(type, null).replace("one of ", ""));
            return result;
        }
        int max = bounded(key, value, ConfigLimits.MAX_LIST_ITEMS, "items");
        for (int i = 0; i < Math.min(value.size(), max); i++) {
            JsonNode item = value.get(i);
            E constant = item.isTextual() ? lookup(type, item.asText()) : null;
            if (constant == null) {
                errors.add(
                        new ConfigError(
                                child(key) + "[" + i + "]",
                                show(item),
                                oneOf(type, item.isTextual() ? item.asText() : null)));
                continue;
            }
            result.add(constant);
        }
        return result;
    }

    /**
     * One constant or a list of them at {@code key}, e.g. {@code VIEW} or {@code [VIEW, SEARCH]};
     * an empty list is an error.
     */
    public <E extends Enum<E>> List<E> oneOrMoreEnums(String key, Class<E> type) {
        JsonNode value = node.get(key);
        if (value != null && value.isArray() && value.isEmpty()) {
            error(key, "[]", "at least " + oneOf(type, null));
            return List.of();
        }
        if (value != null && value.isArray()) {
            return enums(key, type);
        }
        E one = enumValue(key, type, null);
        return one == null ? List.of() : List.of(one);
    }

    /**
     * A key this version no longer reads: accepted, and ignored, with the one value it ever took,
     * so that documents written for earlier versions (and applied live, kept in checkpoints) still
     * read; any other value is an error that says why the key is gone.
     *
     * @param formerValue the one value the key ever accepted
     * @param why what happens now instead, for the error
     */
    public void removed(String key, String formerValue, String why) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return;
        }
        if (!(value.isTextual() || value.isNumber()) || !value.asText().equals(formerValue)) {
            error(key, show(value), "nothing: " + key + " was removed (" + why + "); delete it");
        }
    }

    /** Checks that {@code value} is one of {@code known}, suggesting the closest otherwise. */
    public boolean checkKnown(String key, String value, Collection<String> known, String what) {
        if (value == null || known.contains(value)) {
            return true;
        }
        String hint = Suggestions.hint(value, known);
        error(key, "\"" + value + "\"", what + ": one of " + String.join(", ", known) + hint);
        return false;
    }

    private String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static <E extends Enum<E>> E lookup(Class<E> type, String name) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        return null;
    }

    private static <E extends Enum<E>> String oneOf(Class<E> type, String written) {
        List<String> names =
                Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.toList());
        String hint = written == null ? "" : Suggestions.hint(written, names);
        return "one of " + String.join(", ", names) + hint;
    }

    private static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString((long) value)
                : Double.toString(value);
    }

    /**
     * {@code max}, recording an error when the list {@code value} at {@code key} is longer: only
     * that many of its items are read, so a long list costs no more than a list of {@code max}.
     */
    private int bounded(String key, JsonNode value, int max, String what) {
        if (value.size() > max) {
            error(key, "a list of " + value.size(), "at most " + max + " " + what);
        }
        return max;
    }

    /**
     * The value as the operator wrote it; {@link ConfigError} shortens it to one line of bounded
     * length.
     */
    static String show(JsonNode value) {
        if (value.isTextual()) {
            return "\"" + value.asText() + "\"";
        } else if (value.isObject()) {
            return "an object";
        } else if (value.isArray()) {
            return "a list";
        }
        return value.toString();
    }
}
