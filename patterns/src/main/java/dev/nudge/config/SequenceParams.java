package dev.nudge.config;

import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code params} of a SEQUENCE pattern (docs/operators.md, Patterns): its steps, each a
 * condition on one event and how it follows the step before it, and the time limit of the whole
 * sequence.
 */
public record SequenceParams(List<Step> steps, Duration within)
        implements PatternParams, java.io.Serializable {
    /**
     * The keys of a step. A step is a condition on one event, not a setting with a default, so its
     * keys are checked here rather than declared in {@link PatternsYaml}; docs/operators.md,
     * Patterns, describes them.
     */
    static final Set<String> STEP_KEYS =
            Set.of(
                    "name",
                    "type",
                    "category",
                    "brand",
                    "item",
                    "query",
                    "minPrice",
                    "maxPrice",
                    "after",
                    "times",
                    "oneOrMore");

    public SequenceParams {
        steps = List.copyOf(steps);
    }

    @Override
    public Duration longestWindow() {
        return within;
    }

    /** Every event type a step names: all the pattern's CEP operator matches on. */
    public Set<EventType> referencedTypes() {
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        steps.forEach(step -> types.addAll(step.types()));
        return types;
    }

    /** Whether the sequence ends with a step that must not happen (a timed absence). */
    public boolean endsWithAbsence() {
        return steps.get(steps.size() - 1).after() != null
                && steps.get(steps.size() - 1).after().negated();
    }

    /** How a step follows the one before it (Flink CEP's contiguity). */
    public enum After {
        /** Directly after, no other event of the referenced types in between. */
        NEXT,
        /** Later, other events in between allowed. */
        FOLLOWED_BY,
        /** The step's event must not come directly after. */
        NOT_NEXT,
        /** The step's event must not come later (within the limit). */
        NOT_FOLLOWED_BY;

        public boolean negated() {
            return this == NOT_NEXT || this == NOT_FOLLOWED_BY;
        }

        static After parse(String text) {
            return switch (text) {
                case "next" -> NEXT;
                case "followedBy" -> FOLLOWED_BY;
                case "notNext" -> NOT_NEXT;
                case "notFollowedBy" -> NOT_FOLLOWED_BY;
                default -> null;
            };
        }
    }

    /**
     * One step: which events it takes and how often.
     *
     * @param types the event types; never empty
     * @param query a case-insensitive substring of the event's query
     * @param minPrice inclusive, or {@code null}
     * @param maxPrice inclusive, or {@code null}
     * @param after how it follows the previous step ({@code null} for the first)
     * @param times exactly this many events, at least 1
     * @param oneOrMore one event or more (then {@code times} is 1)
     */
    public record Step(
            String name,
            Set<EventType> types,
            String category,
            String brand,
            String item,
            String query,
            Double minPrice,
            Double maxPrice,
            After after,
            int times,
            boolean oneOrMore)
            implements java.io.Serializable {

        public Step {
            types = Set.copyOf(types);
            if (oneOrMore && times != 1) {
                throw new IllegalArgumentException(
                        "a step takes times: N, or oneOrMore: true, not both");
            }
        }

        /** Whether an event satisfies the step's condition. */
        public boolean accepts(UserEvent e) {
            return types.contains(e.type())
                    && (category == null || category.equals(e.categoryId()))
                    && (brand == null || brand.equalsIgnoreCase(e.brand()))
                    && (item == null || item.equals(e.itemId()))
                    && (query == null
                            || e.query() != null
                                    && e.query().toLowerCase(Locale.ROOT).contains(query))
                    && (minPrice == null || e.price() != null && e.price() >= minPrice)
                    && (maxPrice == null || e.price() != null && e.price() <= maxPrice);
        }
    }

    static SequenceParams read(ConfigNode node) {
        // Without params at all, the steps' error says what is missing; the limit's would not.
        Duration within = node.isPresent() ? node.get(PatternsYaml.SEQUENCE_WITHIN) : null;
        List<Step> steps = new ArrayList<>();
        Setting<List<Step>> stepsSetting = PatternsYaml.SEQUENCE_STEPS;
        List<ConfigNode> stepNodes =
                node.objects(stepsSetting.name(), STEP_KEYS, ConfigLimits.MAX_STEPS, "steps");
        if (stepNodes.isEmpty()) {
            // An empty list, or one of no objects, is as good as none.
            stepsSetting.missingIn(node);
        }
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < stepNodes.size(); i++) {
            Step step = step(stepNodes.get(i), i);
            if (!names.add(step.name())) {
                stepNodes
                        .get(i)
                        .error("name", step.name(), "a name no other step of the pattern has");
            }
            steps.add(step);
        }
        return new SequenceParams(steps, within == null ? Duration.ofMinutes(10) : within);
    }

    private static Step step(ConfigNode node, int index) {
        String name = node.text("name", ConfigLimits.STEP_NAME, "step" + (index + 1));
        List<EventType> types = node.oneOrMoreEnums("type", EventType.class);
        if (types.isEmpty() && !node.has("type")) {
            node.error("type", null, "the event type(s) of the step, e.g. VIEW or [VIEW, SEARCH]");
        }
        if (types.contains(EventType.ERASE)) {
            node.error(
                    "type",
                    "ERASE",
                    "a shopper's event type: an ERASE ends every sequence of the user, it is never"
                            + " a step of one");
        }
        Double minPrice = node.has("minPrice") ? node.number("minPrice", 0, 0, 1e12) : null;
        Double maxPrice = node.has("maxPrice") ? node.number("maxPrice", 0, 0, 1e12) : null;
        if (minPrice != null && maxPrice != null && minPrice > maxPrice) {
            node.error(
                    "maxPrice", String.valueOf(maxPrice), "at least minPrice (" + minPrice + ")");
        }
        String afterText = node.string("after", index == 0 ? null : "followedBy");
        After after = afterText == null ? null : After.parse(afterText);
        if (index == 0 && afterText != null) {
            node.error("after", afterText, "nothing: the first step follows no other");
        } else if (afterText != null && after == null) {
            node.error("after", afterText, "one of next, followedBy, notNext, notFollowedBy");
        }
        int times = node.integer("times", 1, 1, 100);
        boolean oneOrMore = node.bool("oneOrMore", false);
        if (after != null && after.negated() && (times != 1 || oneOrMore)) {
            node.error(
                    node.has("times") ? "times" : "oneOrMore",
                    node.has("times") ? String.valueOf(times) : "true",
                    "nothing on a step that must not happen (" + afterText + ")");
        } else if (oneOrMore && node.has("times")) {
            node.error("oneOrMore", "true", "times: N, or oneOrMore: true, not both");
        }
        String query = node.text("query", ConfigLimits.EVENT_FIELD, null);
        return new Step(
                name,
                EnumSet.copyOf(types.isEmpty() ? List.of(EventType.VIEW) : types),
                node.text("category", ConfigLimits.EVENT_FIELD, null),
                node.text("brand", ConfigLimits.EVENT_FIELD, null),
                node.text("item", ConfigLimits.EVENT_FIELD, null),
                query == null ? null : query.toLowerCase(Locale.ROOT),
                minPrice,
                maxPrice,
                after,
                oneOrMore ? 1 : times,
                oneOrMore);
    }
}
