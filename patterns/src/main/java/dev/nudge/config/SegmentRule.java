package dev.nudge.config;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A custom segment's rule as {@code segments:} writes it (docs/operators.md, "Segments and tags"):
 * a closed vocabulary of tests over the profile, combined with {@code all}, {@code any} and {@code
 * not}, and names of other tags. Plain data, checked by the reader: every name it uses is known,
 * references make no cycle, every range holds a value. The profile compiles it into a test of its
 * own once per configuration.
 *
 * <p>{@link #written()} is the rule as a document writes it, for {@code diff}.
 */
public sealed interface SegmentRule {

    /** The rule as a document writes it, e.g. {@code {all: [high-value, south]}}. */
    String written();

    /**
     * A tag by name: a built-in segment, a lifecycle stage, an RFM score ({@code R1} … {@code M5}),
     * another custom segment or a declared outside tag (with any value).
     */
    record Named(String name) implements SegmentRule {
        @Override
        public String written() {
            return name;
        }
    }

    /** Every one of {@code rules} holds; what several keys of one rule object mean together. */
    record All(List<SegmentRule> rules) implements SegmentRule {
        public All {
            rules = List.copyOf(rules);
        }

        @Override
        public String written() {
            return "{all: " + list(rules) + "}";
        }
    }

    /** At least one of {@code rules} holds. */
    record Any(List<SegmentRule> rules) implements SegmentRule {
        public Any {
            rules = List.copyOf(rules);
        }

        @Override
        public String written() {
            return "{any: " + list(rules) + "}";
        }
    }

    /** {@code rule} does not hold. */
    record Not(SegmentRule rule) implements SegmentRule {
        @Override
        public String written() {
            return "{not: " + rule.written() + "}";
        }
    }

    /** The user's RFM scores are among these; an empty list allows any score of that dimension. */
    record Rfm(List<Integer> recency, List<Integer> frequency, List<Integer> monetary)
            implements SegmentRule {
        public Rfm {
            recency = List.copyOf(recency);
            frequency = List.copyOf(frequency);
            monetary = List.copyOf(monetary);
        }

        @Override
        public String written() {
            StringBuilder scores = new StringBuilder();
            append(scores, "R", recency);
            append(scores, "F", frequency);
            append(scores, "M", monetary);
            return "{rfm: {" + scores + "}}";
        }

        private static void append(StringBuilder scores, String key, List<Integer> values) {
            if (!values.isEmpty()) {
                scores.append(scores.isEmpty() ? "" : ", ").append(key).append(": ");
                scores.append(list(values));
            }
        }
    }

    /** The user is in one of these lifecycle stages. */
    record Stages(List<LifecycleStage> stages) implements SegmentRule {
        public Stages {
            stages = List.copyOf(stages);
        }

        @Override
        public String written() {
            return "{stages: " + list(stages) + "}";
        }
    }

    /** The user's {@code attribute} is one of {@code values}; a user without one is not. */
    record OneOf(Attribute attribute, List<String> values) implements SegmentRule {
        public OneOf {
            values = List.copyOf(values);
        }

        @Override
        public String written() {
            return "{" + attribute.key() + ": " + list(values) + "}";
        }
    }

    /**
     * The user's {@code measure} is at least {@code min} and at most {@code max}; {@code null}
     * leaves that side open. Money in major units of the currency.
     */
    record Between(Measure measure, Double min, Double max) implements SegmentRule {
        @Override
        public String written() {
            String bounds =
                    (min == null ? "" : "min: " + Written.of(min))
                            + (min != null && max != null ? ", " : "")
                            + (max == null ? "" : "max: " + Written.of(max));
            return "{" + measure.key() + ": {" + bounds + "}}";
        }
    }

    /** {@code moment} is within {@code within} of the time of the decision (README says how). */
    record Within(Moment moment, Duration within) implements SegmentRule {
        @Override
        public String written() {
            return "{" + moment.key() + ": " + Durations.format(within) + "}";
        }
    }

    /**
     * The user holds the outside tag {@code tag}, unexpired, with one of {@code values} (any value,
     * or none, when empty).
     */
    record HasTag(String tag, List<String> values) implements SegmentRule {
        public HasTag {
            values = List.copyOf(values);
        }

        @Override
        public String written() {
            return values.isEmpty()
                    ? "{tag: " + tag + "}"
                    : "{tag: {name: " + tag + ", values: " + list(values) + "}}";
        }
    }

    /** What a user is, as REGISTER and the affinities say. */
    enum Attribute {
        REGION("region"),
        AGE_BAND("ageBand"),
        GENDER("gender"),
        TOP_CATEGORY("topCategory"),
        TOP_BRAND("topBrand");

        private final String key;

        Attribute(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    /** A number of the profile a rule bounds. */
    enum Measure {
        /** Spend in the last 90 days, in the currency. */
        SPEND_90D("spend90d", true, 1e12),
        /** All spend, in the currency. */
        TOTAL_SPEND("totalSpend", true, 1e12),
        /** Purchase lines. */
        PURCHASES("purchases", false, 1e9),
        /** The price sensitivity score, 0 to 1. */
        PRICE_SENSITIVITY("priceSensitivity", false, 1);

        private final String key;
        private final boolean money;
        private final double max;

        Measure(String key, boolean money, double max) {
            this.key = key;
            this.money = money;
            this.max = max;
        }

        public String key() {
            return key;
        }

        /** Whether it is an amount of money, written in major units of the currency. */
        public boolean isMoney() {
            return money;
        }

        /** The largest bound a rule may write; the least is 0. */
        public double max() {
            return max;
        }
    }

    /** A time of the profile a rule asks to be near. */
    enum Moment {
        /** The predicted next purchase is from now to {@code within} ahead. */
        NEXT_PURCHASE("nextPurchaseWithin"),
        /** The last purchase was at most {@code within} ago. */
        LAST_PURCHASE("lastPurchaseWithin"),
        /** The latest event was at most {@code within} ago. */
        LAST_SEEN("lastSeenWithin");

        private final String key;

        Moment(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private static String list(List<?> values) {
        return values.stream()
                .map(v -> v instanceof SegmentRule rule ? rule.written() : Written.of(v))
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
