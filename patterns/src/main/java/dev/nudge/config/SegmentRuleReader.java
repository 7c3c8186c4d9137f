package dev.nudge.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the custom segment rules of {@code segments:} and the outside tags of {@code tags:}
 * (docs/operators.md, "Segments and tags"), reporting every error with its path: unknown fields
 * with the closest valid one, unknown names, empty lists and ranges, scores outside 1–5, references
 * that make a cycle (named), and rules beyond {@link ConfigLimits}.
 */
final class SegmentRuleReader {
    /** The keys a rule object may hold, in the order README lists them. */
    static final List<String> RULE_KEYS;

    static {
        List<String> keys = new ArrayList<>(List.of("rfm", "stages"));
        for (SegmentRule.Attribute attribute : SegmentRule.Attribute.values()) {
            keys.add(attribute.key());
        }
        for (SegmentRule.Measure measure : SegmentRule.Measure.values()) {
            keys.add(measure.key());
        }
        for (SegmentRule.Moment moment : SegmentRule.Moment.values()) {
            keys.add(moment.key());
        }
        keys.addAll(List.of("tag", "all", "any", "not"));
        RULE_KEYS = List.copyOf(keys);
    }

    private static final Set<String> RFM_KEYS = new LinkedHashSet<>(List.of("R", "F", "M"));
    private static final Set<String> RANGE_KEYS = new LinkedHashSet<>(List.of("min", "max"));
    private static final Set<String> TAG_KEYS = new LinkedHashSet<>(List.of("name", "values"));
    private static final Set<String> DECLARATION_KEYS = Set.of("values");
    private static final Duration LEAST_WITHIN = Duration.ofMinutes(1);
    private static final Duration MOST_WITHIN = Duration.ofDays(366);

    private final List<ConfigError> errors;
    private final Map<String, OutsideTag> tags;

    /** Every name a rule may use, and which of them are custom segments. */
    private final Set<String> names;

    private final Set<String> customNames;

    /** The custom segments each rule names, for the cycle check. */
    private final Map<String, Set<String>> references = new LinkedHashMap<>();

    private SegmentRuleReader(
            List<ConfigError> errors, Map<String, OutsideTag> tags, Set<String> customNames) {
        this.errors = errors;
        this.tags = tags;
        this.customNames = customNames;
        this.names = new LinkedHashSet<>(SegmentRules.builtInNames());
        names.addAll(customNames);
        names.addAll(tags.keySet());
    }

    /** The outside tags declared in the document's {@code tags:} block. */
    static Map<String, OutsideTag> tags(ConfigNode root) {
        ConfigNode block = root.anyObject("tags");
        Map<String, OutsideTag> tags = new LinkedHashMap<>();
        List<String> keys = block.keys();
        if (keys.size() > ConfigLimits.MAX_OUTSIDE_TAGS) {
            block.error(
                    keys.size() + " tags", "at most " + ConfigLimits.MAX_OUTSIDE_TAGS + " tags");
        }
        for (String name : keys.subList(0, Math.min(keys.size(), ConfigLimits.MAX_OUTSIDE_TAGS))) {
            if (!ConfigLimits.TAG_NAME.accepts(name)) {
                block.error(
                        name,
                        "\"" + name + "\"",
                        "a tag name: " + ConfigLimits.TAG_NAME.describe());
                continue;
            }
            if (SegmentRules.builtInNames().contains(name)) {
                block.error(
                        name,
                        "\"" + name + "\"",
                        "a name that is not a built-in segment, stage or RFM score");
                continue;
            }
            JsonNode value = block.json(name);
            List<String> values = new ArrayList<>();
            if (value != null && !value.isNull()) {
                ConfigNode declaration = block.object(name, DECLARATION_KEYS);
                if (declaration.isPresent()) {
                    values = declaration.strings("values");
                    if (declaration.has("values") && values.isEmpty()) {
                        declaration.error(
                                "values", "[]", "at least one value, or no `values` for any");
                    }
                    for (int i = 0; i < values.size(); i++) {
                        if (!ConfigLimits.TAG_VALUE.accepts(values.get(i))) {
                            declaration.error(
                                    "values[" + i + "]",
                                    "\"" + values.get(i) + "\"",
                                    ConfigLimits.TAG_VALUE.describe());
                        }
                    }
                    values = List.copyOf(new LinkedHashSet<>(values));
                }
            }
            tags.put(name, new OutsideTag(values));
        }
        return tags;
    }

    /**
     * The custom segment rules of the {@code segments:} block: every key that is not a built-in
     * segment's.
     */
    static Map<String, SegmentRule> rules(
            ConfigNode segments, Map<String, OutsideTag> tags, Collection<String> thresholds) {
        Set<String> customNames = new LinkedHashSet<>();
        for (String key : segments.keys()) {
            if (!thresholds.contains(key)) {
                customNames.add(key);
            }
        }
        SegmentRuleReader reader = new SegmentRuleReader(segments.errors(), tags, customNames);
        Map<String, SegmentRule> rules = new LinkedHashMap<>();
        int read = 0;
        for (String name : customNames) {
            if (++read > ConfigLimits.MAX_SEGMENT_RULES) {
                segments.error(
                        customNames.size() + " custom segments",
                        "at most " + ConfigLimits.MAX_SEGMENT_RULES + " custom segments");
                break;
            }
            String path = segments.path() + "." + name;
            if (!reader.acceptsName(segments, name, tags, thresholds)) {
                continue;
            }
            reader.references.put(name, new LinkedHashSet<>());
            JsonNode value = segments.json(name);
            if (value == null || !value.isObject()) {
                reader.error(
                        path,
                        value == null ? null : ConfigNode.show(value),
                        "a segment rule, e.g. {region: [CN-GD]} (see docs/operators.md, Segments and tags)");
                continue;
            }
            SegmentRule rule = reader.rule(value, path, name, 0);
            if (rule != null) {
                rules.put(name, rule);
            }
        }
        if (!reader.checkCycles(segments.path())) {
            reader.checkSizes(segments.path(), rules);
        }
        return rules;
    }

    private boolean acceptsName(
            ConfigNode segments,
            String name,
            Map<String, OutsideTag> tags,
            Collection<String> thresholds) {
        if (!ConfigLimits.TAG_NAME.accepts(name)) {
            String hint = Suggestions.hint(name, thresholds);
            segments.error(
                    name,
                    "\"" + name + "\"",
                    "a built-in segment ("
                            + String.join(", ", thresholds)
                            + ") or a custom segment's name: "
                            + ConfigLimits.TAG_NAME.describe()
                            + hint);
            return false;
        }
        if (tags.containsKey(name)) {
            segments.error(name, "\"" + name + "\"", "a name not used by a tag in `tags`");
            return false;
        }
        return true;
    }

    /** The rule written as {@code node} at {@code path}, in the rule {@code owner}. */
    private SegmentRule rule(JsonNode node, String path, String owner, int depth) {
        if (depth > ConfigLimits.MAX_RULE_DEPTH) {
            error(
                    path,
                    "a rule nested " + depth + " deep",
                    "all, any and not nested at most " + ConfigLimits.MAX_RULE_DEPTH + " deep");
            return null;
        }
        if (node.isTextual() && depth > 0) {
            return named(node.asText(), path, owner);
        }
        if (!node.isObject()) {
            error(
                    path,
                    ConfigNode.show(node),
                    depth > 0
                            ? "a tag's name or a rule object, e.g. high-value or {region: [CN-GD]}"
                            : "a rule object, e.g. {region: [CN-GD]}");
            return null;
        }
        if (node.isEmpty()) {
            error(path, "{}", "at least one test, e.g. {region: [CN-GD]}");
            return null;
        }
        List<SegmentRule> tests = new ArrayList<>();
        boolean valid = true;
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            SegmentRule test = test(field.getKey(), field.getValue(), path, owner, depth);
            if (test == null) {
                valid = false;
            } else {
                tests.add(test);
            }
        }
        if (!valid) {
            return null;
        }
        return tests.size() == 1 ? tests.get(0) : new SegmentRule.All(tests);
    }

    private SegmentRule test(String key, JsonNode value, String path, String owner, int depth) {
        String at = path + "." + key;
        if (value.isNull()) {
            error(at, "null", "a value (see docs/operators.md, Segments and tags)");
            return null;
        }
        switch (key) {
            case "all", "any" -> {
                List<SegmentRule> rules = new ArrayList<>();
                if (!nonEmptyList(
                        value, at, "at least one rule or name, e.g. [high-value, south]")) {
                    return null;
                }
                boolean valid = true;
                for (int i = 0; i < value.size(); i++) {
                    SegmentRule rule = rule(value.get(i), at + "[" + i + "]", owner, depth + 1);
                    valid &= rule != null;
                    rules.add(rule);
                }
                if (!valid) {
                    return null;
                }
                return key.equals("all") ? new SegmentRule.All(rules) : new SegmentRule.Any(rules);
            }
            case "not" -> {
                SegmentRule rule = rule(value, at, owner, depth + 1);
                return rule == null ? null : new SegmentRule.Not(rule);
            }
            case "rfm" -> {
                return rfm(value, at);
            }
            case "stages" -> {
                return stages(value, at);
            }
            case "tag" -> {
                return tag(value, at);
            }
            default -> {
                for (SegmentRule.Attribute attribute : SegmentRule.Attribute.values()) {
                    if (attribute.key().equals(key)) {
                        List<String> values = texts(value, at, "a list of values, e.g. [a, b]");
                        return values == null ? null : new SegmentRule.OneOf(attribute, values);
                    }
                }
                for (SegmentRule.Measure measure : SegmentRule.Measure.values()) {
                    if (measure.key().equals(key)) {
                        return range(measure, value, at);
                    }
                }
                for (SegmentRule.Moment moment : SegmentRule.Moment.values()) {
                    if (moment.key().equals(key)) {
                        return within(moment, value, at);
                    }
                }
                String hint = Suggestions.hint(key, RULE_KEYS);
                error(at, "unknown key", "one of " + String.join(", ", RULE_KEYS) + hint);
                return null;
            }
        }
    }

    private SegmentRule named(String name, String path, String owner) {
        if (!names.contains(name)) {
            String hint = Suggestions.hint(name, names);
            error(
                    path,
                    "\"" + name + "\"",
                    "a segment, stage, RFM score (R1 … M5) or declared tag" + hint);
            return null;
        }
        if (customNames.contains(name)) {
            references.computeIfAbsent(owner, o -> new LinkedHashSet<>()).add(name);
        }
        return new SegmentRule.Named(name);
    }

    private SegmentRule rfm(JsonNode value, String at) {
        if (!value.isObject() || value.isEmpty()) {
            error(at, ConfigNode.show(value), "scores by R, F and M, e.g. {R: [1, 2], M: [5]}");
            return null;
        }
        List<List<Integer>> scores = new ArrayList<>(List.of(List.of(), List.of(), List.of()));
        boolean valid = true;
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            String inner = at + "." + key;
            if (!RFM_KEYS.contains(key)) {
                unknownKey(inner, key, RFM_KEYS);
                valid = false;
                continue;
            }
            JsonNode list = field.getValue();
            if (!nonEmptyList(list, inner, "a list of scores from 1 to 5, e.g. [4, 5]")) {
                valid = false;
                continue;
            }
            List<Integer> values = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                if (!item.isIntegralNumber() || item.asInt() < 1 || item.asInt() > 5) {
                    error(inner + "[" + i + "]", ConfigNode.show(item), "a score from 1 to 5");
                    valid = false;
                } else if (!values.contains(item.asInt())) {
                    values.add(item.asInt());
                }
            }
            scores.set(List.copyOf(RFM_KEYS).indexOf(key), values);
        }
        return valid ? new SegmentRule.Rfm(scores.get(0), scores.get(1), scores.get(2)) : null;
    }

    private SegmentRule stages(JsonNode value, String at) {
        if (!nonEmptyList(value, at, "a list of stages, e.g. [SILENT, CHURNED]")) {
            return null;
        }
        List<LifecycleStage> stages = new ArrayList<>();
        List<String> known = new ArrayList<>();
        for (LifecycleStage stage : LifecycleStage.values()) {
            known.add(stage.name());
        }
        boolean valid = true;
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String name = item.isTextual() ? item.asText() : null;
            if (name == null || !known.contains(name)) {
                String hint = name == null ? "" : Suggestions.hint(name, known);
                error(
                        at + "[" + i + "]",
                        ConfigNode.show(item),
                        "one of " + String.join(", ", known) + hint);
                valid = false;
            } else if (!stages.contains(LifecycleStage.valueOf(name))) {
                stages.add(LifecycleStage.valueOf(name));
            }
        }
        return valid ? new SegmentRule.Stages(stages) : null;
    }

    private SegmentRule range(SegmentRule.Measure measure, JsonNode value, String at) {
        String example = measure.isMoney() ? "{min: 2000}" : "{min: 0.5, max: 1}";
        if (!value.isObject() || value.isEmpty()) {
            error(
                    at,
                    ConfigNode.show(value),
                    "a range {min, max}, either or both, e.g. " + example);
            return null;
        }
        Double min = null;
        Double max = null;
        boolean valid = true;
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            if (!RANGE_KEYS.contains(key)) {
                unknownKey(at + "." + key, key, RANGE_KEYS);
                valid = false;
                continue;
            }
            JsonNode bound = field.getValue();
            boolean whole = measure == SegmentRule.Measure.PURCHASES;
            if (!bound.isNumber()
                    || (whole && !bound.isIntegralNumber())
                    || !(bound.doubleValue() >= 0 && bound.doubleValue() <= measure.max())) {
                error(
                        at + "." + key,
                        ConfigNode.show(bound),
                        (whole ? "a whole number" : "a number")
                                + " from 0 to "
                                + Written.of(measure.max())
                                + (measure.isMoney() ? ", in `currency`" : ""));
                valid = false;
            } else if (key.equals("min")) {
                min = bound.doubleValue();
            } else {
                max = bound.doubleValue();
            }
        }
        if (min != null && max != null && min > max) {
            error(
                    at,
                    "{min: " + Written.of(min) + ", max: " + Written.of(max) + "}",
                    "a range that holds a value: min at most max");
            valid = false;
        }
        return valid ? new SegmentRule.Between(measure, min, max) : null;
    }

    private SegmentRule within(SegmentRule.Moment moment, JsonNode value, String at) {
        Duration within = value.isTextual() ? Durations.parseOrNull(value.asText()) : null;
        if (within == null
                || within.compareTo(LEAST_WITHIN) < 0
                || within.compareTo(MOST_WITHIN) > 0) {
            error(
                    at,
                    ConfigNode.show(value),
                    "a duration from "
                            + Durations.format(LEAST_WITHIN)
                            + " to "
                            + Durations.format(MOST_WITHIN)
                            + ", e.g. 3d");
            return null;
        }
        return new SegmentRule.Within(moment, within);
    }

    private SegmentRule tag(JsonNode value, String at) {
        String name;
        List<String> values = List.of();
        String namePath = at;
        if (value.isTextual()) {
            name = value.asText();
        } else if (value.isObject()) {
            boolean valid = true;
            Iterator<String> keys = value.fieldNames();
            while (keys.hasNext()) {
                String key = keys.next();
                if (!TAG_KEYS.contains(key)) {
                    unknownKey(at + "." + key, key, TAG_KEYS);
                    valid = false;
                }
            }
            JsonNode written = value.get("name");
            namePath = at + ".name";
            if (written == null || !written.isTextual()) {
                error(namePath, written == null ? null : ConfigNode.show(written), "a tag's name");
                return null;
            }
            name = written.asText();
            if (value.has("values")) {
                values = texts(value.get("values"), at + ".values", "a list of the tag's values");
                if (values == null) {
                    return null;
                }
            }
            if (!valid) {
                return null;
            }
        } else {
            error(
                    at,
                    ConfigNode.show(value),
                    "a declared tag's name, or {name, values}, e.g. {name: crm-tier, values: [gold]}");
            return null;
        }
        OutsideTag declared = tags.get(name);
        if (declared == null) {
            String hint = Suggestions.hint(name, tags.keySet());
            error(
                    namePath,
                    "\"" + name + "\"",
                    (tags.isEmpty()
                                    ? "a tag declared in `tags` (none is)"
                                    : "a tag declared in `tags`: one of "
                                            + String.join(", ", tags.keySet()))
                            + hint);
            return null;
        }
        boolean valid = true;
        for (int i = 0; i < values.size(); i++) {
            if (!declared.takes(values.get(i))) {
                String hint = Suggestions.hint(values.get(i), declared.values());
                error(
                        at + ".values[" + i + "]",
                        "\"" + values.get(i) + "\"",
                        "a value of "
                                + name
                                + ": one of "
                                + String.join(", ", declared.values())
                                + hint);
                valid = false;
            }
        }
        return valid ? new SegmentRule.HasTag(name, values) : null;
    }

    /** The non-empty list of texts (or whole numbers, as written) at {@code at}. */
    private List<String> texts(JsonNode value, String at, String expected) {
        if (!nonEmptyList(value, at, expected)) {
            return null;
        }
        List<String> texts = new ArrayList<>();
        boolean valid = true;
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            String text =
                    item.isTextual() ? item.asText() : item.isIntegralNumber() ? item.asText() : "";
            if (text.isBlank() || text.length() > ConfigLimits.EVENT_FIELD.maxLength()) {
                error(at + "[" + i + "]", ConfigNode.show(item), "a value of 1 to 256 characters");
                valid = false;
            } else if (!texts.contains(text)) {
                texts.add(text);
            }
        }
        return valid ? texts : null;
    }

    private boolean nonEmptyList(JsonNode value, String at, String expected) {
        if (!value.isArray() || value.isEmpty()) {
            error(at, value.isArray() ? "[]" : ConfigNode.show(value), expected);
            return false;
        }
        if (value.size() > ConfigLimits.MAX_LIST_ITEMS) {
            error(
                    at,
                    "a list of " + value.size(),
                    "at most " + ConfigLimits.MAX_LIST_ITEMS + " items");
            return false;
        }
        return true;
    }

    private void unknownKey(String at, String key, Set<String> keys) {
        String hint = Suggestions.hint(key, keys);
        error(at, "unknown key", "one of " + String.join(", ", keys) + hint);
    }

    /**
     * Reports every cycle of references among the custom segments once, naming it.
     *
     * @return whether there was one
     */
    private boolean checkCycles(String segmentsPath) {
        Map<String, Integer> state = new HashMap<>(); // 1 on the path, 2 done
        int before = errors.size();
        for (String name : references.keySet()) {
            visit(name, new ArrayList<>(), state, segmentsPath);
        }
        return errors.size() > before;
    }

    private void visit(String name, List<String> path, Map<String, Integer> state, String at) {
        Integer seen = state.get(name);
        if (seen != null && seen == 2) {
            return;
        }
        if (seen != null) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            cycle.add(name);
            error(
                    at + "." + cycle.get(0),
                    "a cycle: " + String.join(" -> ", cycle),
                    "rules that do not refer back to themselves");
            return;
        }
        state.put(name, 1);
        path.add(name);
        for (String next : references.getOrDefault(name, Set.of())) {
            visit(next, path, state, at);
        }
        path.remove(path.size() - 1);
        state.put(name, 2);
    }

    /** Each rule, its references written out, must stay within {@link ConfigLimits}. */
    private void checkSizes(String segmentsPath, Map<String, SegmentRule> rules) {
        Map<String, Long> sizes = new HashMap<>();
        for (Map.Entry<String, SegmentRule> rule : rules.entrySet()) {
            long size = size(rule.getValue(), rules, sizes, 0);
            if (size > ConfigLimits.MAX_RULE_TESTS) {
                error(
                        segmentsPath + "." + rule.getKey(),
                        "a rule of " + (size == Long.MAX_VALUE ? "endless" : size) + " tests",
                        "at most "
                                + ConfigLimits.MAX_RULE_TESTS
                                + " tests with the segments it names written out");
            }
        }
    }

    private static long size(
            SegmentRule rule, Map<String, SegmentRule> rules, Map<String, Long> sizes, int hops) {
        if (hops > rules.size()) {
            return Long.MAX_VALUE; // a cycle, reported by itself
        }
        if (rule instanceof SegmentRule.Named named) {
            SegmentRule target = rules.get(named.name());
            if (target == null) {
                return 1;
            }
            Long known = sizes.get(named.name());
            if (known == null) {
                known = size(target, rules, sizes, hops + 1);
                sizes.put(named.name(), known);
            }
            return known;
        } else if (rule instanceof SegmentRule.All all) {
            return sum(all.rules(), rules, sizes, hops);
        } else if (rule instanceof SegmentRule.Any any) {
            return sum(any.rules(), rules, sizes, hops);
        } else if (rule instanceof SegmentRule.Not not) {
            return plus(1, size(not.rule(), rules, sizes, hops));
        }
        return 1;
    }

    private static long sum(
            List<SegmentRule> parts,
            Map<String, SegmentRule> rules,
            Map<String, Long> sizes,
            int hops) {
        long total = 1;
        for (SegmentRule part : parts) {
            total = plus(total, size(part, rules, sizes, hops));
        }
        return total;
    }

    private static long plus(long a, long b) {
        long sum = a + b;
        return sum < 0 || a == Long.MAX_VALUE || b == Long.MAX_VALUE ? Long.MAX_VALUE : sum;
    }

    private void error(String path, String found, String expected) {
        errors.add(new ConfigError(path, found, expected));
    }
}
