package dev.nudge.console.live;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What each pattern, variant and flow did over the last day, minute by minute, by the Kafka
 * timestamp of the records (the time the job wrote them, on the wall clock): so that "the last
 * hour" is the sum of the newest 60 minutes and "the last day" of all {@value #MINUTES}, and both
 * move on with the clock without reading anything again.
 *
 * <p>Each counter is one array of {@value #MINUTES} minutes used as a ring: when the clock enters a
 * new minute, that minute's slot is cleared in every counter. Counting a record is a map look-up
 * and an addition; answering sums the minutes of each counter.
 *
 * <p>Memory is bounded whatever the topics hold: at most {@value #MAX_PATTERNS} pattern ids and
 * {@value #MAX_FLOWS} flow ids get rows of their own, {@value #MAX_VARIANTS} variants per pattern,
 * {@value #MAX_STEPS} steps per flow and {@value #MAX_REASONS} suppression reasons; more count
 * together as {@value #OTHER}. At most {@value #MAX_COUNTERS} counters are made (11.5 KB each,
 * about 24 MB in all; a dozen patterns with flows and variants use a few hundred): once they are
 * all used, what needs a new one counts in the {@value #OTHER} row of its kind, whose counters are
 * few (one per measure) and made beyond the bound. Not thread-safe: its owner locks.
 */
final class LiveCounts {
    static final int MINUTES = 1_440;
    static final int HOUR = 60;
    static final int MAX_PATTERNS = 500;
    static final int MAX_FLOWS = 100;
    static final int MAX_VARIANTS = 12;
    static final int MAX_STEPS = 32;
    static final int MAX_REASONS = 40;
    static final int MAX_COUNTERS = 2_048;
    static final int MAX_ID = 128;
    static final String OTHER = "_other";

    private static final long MINUTE_MILLIS = 60_000;

    enum Kind {
        PATTERN,
        VARIANT,
        FLOW
    }

    /**
     * One counter: of a pattern ({@code sub} empty), a pattern's variant ({@code sub} the variant)
     * or a flow ({@code sub} the step; empty for its entries), and what it counts.
     */
    private record Key(Kind kind, String id, String sub, String measure) {}

    private final Map<Key, long[]> counters = new HashMap<>();
    private int boundedCounters;
    private long currentMinute;
    private final Set<String> patterns = new LinkedHashSet<>();
    private final Set<String> flows = new LinkedHashSet<>();
    private final Set<String> reasons = new LinkedHashSet<>();
    private final Map<String, Set<String>> variants = new HashMap<>();
    private final Map<String, Set<String>> steps = new HashMap<>();

    LiveCounts(long nowMillis) {
        currentMinute = Math.floorDiv(nowMillis, MINUTE_MILLIS);
    }

    /** Moves the clock on to {@code nowMillis}, forgetting the minutes older than a day. */
    void advance(long nowMillis) {
        long minute = Math.floorDiv(nowMillis, MINUTE_MILLIS);
        if (minute <= currentMinute) {
            return;
        }
        long from = Math.max(currentMinute + 1, minute - MINUTES + 1);
        for (long m = from; m <= minute; m++) {
            int slot = slot(m);
            for (long[] counter : counters.values()) {
                counter[slot] = 0;
            }
        }
        currentMinute = minute;
    }

    /**
     * A record of {@code marketing-decisions}. A flow's step ({@code step} given) counts in its
     * flow's row only, as the job's metrics count it; every other decision is one of its pattern's
     * matches, and one entry of its flow when it entered one.
     *
     * @return whether it was recent enough to count (written within the last day)
     */
    boolean decision(
            long at,
            String patternId,
            String variant,
            String flowId,
            String step,
            String outcome,
            String suppressedBy) {
        long minute = minuteOf(at);
        if (minute < 0) {
            return false;
        }
        String measure = measure(outcome, suppressedBy);
        if (step != null) {
            String flow = flowRow(flowId == null ? "_none" : flowId);
            add(Kind.FLOW, flow, stepRow(flow, step), measure, minute, 1);
            return true;
        }
        String pattern = patternRow(patternId == null ? "_none" : patternId);
        add(Kind.PATTERN, pattern, "", "matches", minute, 1);
        add(Kind.PATTERN, pattern, "", measure, minute, 1);
        if ("ENTERED_FLOW".equals(outcome) && flowId != null) {
            add(Kind.FLOW, flowRow(flowId), "", "entries", minute, 1);
        }
        if (variant != null) {
            add(Kind.VARIANT, pattern, variantRow(pattern, variant), measure, minute, 1);
        }
        return true;
    }

    /**
     * A record of {@code marketing-conversions}: counted per arm, and per variant when it names
     * one.
     *
     * @param revenueMillis the revenue in thousandths of the currency's unit
     * @return whether it was recent enough to count
     */
    boolean conversion(long at, String patternId, String variant, String arm, long revenueMillis) {
        long minute = minuteOf(at);
        if (minute < 0) {
            return false;
        }
        String pattern = patternRow(patternId == null ? "_none" : patternId);
        String armName = "TREATMENT".equals(arm) || "HOLDOUT".equals(arm) ? arm : OTHER;
        add(Kind.PATTERN, pattern, "", "conversions:" + armName, minute, 1);
        add(Kind.PATTERN, pattern, "", "revenue:" + armName, minute, revenueMillis);
        if (variant != null) {
            String row = variantRow(pattern, variant);
            add(Kind.VARIANT, pattern, row, "conversions", minute, 1);
            add(Kind.VARIANT, pattern, row, "revenue", minute, revenueMillis);
        }
        return true;
    }

    /** What a decision's outcome counts as: sent, heldOut, enteredFlow or suppressed:REASON. */
    private String measure(String outcome, String suppressedBy) {
        if (outcome == null) {
            return "outcome:" + OTHER;
        }
        return switch (outcome) {
            case "SENT" -> "sent";
            case "HOLDOUT" -> "heldOut";
            case "ENTERED_FLOW" -> "enteredFlow";
            case "SUPPRESSED" -> "suppressed:" + reason(suppressedBy);
            default -> "outcome:" + OTHER;
        };
    }

    private String reason(String suppressedBy) {
        String reason = suppressedBy == null ? "UNKNOWN" : clip(suppressedBy);
        return bounded(reasons, reason, MAX_REASONS);
    }

    private String patternRow(String id) {
        return bounded(patterns, clip(id), MAX_PATTERNS);
    }

    private String flowRow(String id) {
        return bounded(flows, clip(id), MAX_FLOWS);
    }

    private String variantRow(String pattern, String variant) {
        return bounded(
                variants.computeIfAbsent(pattern, p -> new LinkedHashSet<>()),
                clip(variant),
                MAX_VARIANTS);
    }

    private String stepRow(String flow, String step) {
        return bounded(
                steps.computeIfAbsent(flow, f -> new LinkedHashSet<>()), clip(step), MAX_STEPS);
    }

    /** {@code name} if it is known or there is room for it, else {@value #OTHER}. */
    private static String bounded(Set<String> known, String name, int max) {
        if (known.contains(name)) {
            return name;
        }
        if (known.size() < max) {
            known.add(name);
            return name;
        }
        return OTHER;
    }

    private static String clip(String id) {
        return id.length() <= MAX_ID ? id : id.substring(0, MAX_ID);
    }

    /** The minute of {@code at}, the current one if it is ahead; -1 when older than a day. */
    private long minuteOf(long at) {
        long minute = Math.min(Math.floorDiv(at, MINUTE_MILLIS), currentMinute);
        return minute <= currentMinute - MINUTES ? -1 : minute;
    }

    private void add(Kind kind, String id, String sub, String measure, long minute, long amount) {
        Key key = new Key(kind, id, sub, measure);
        long[] counter = counters.get(key);
        if (counter == null) {
            if (boundedCounters < MAX_COUNTERS) {
                boundedCounters++;
            } else {
                key = new Key(kind, OTHER, sub.isEmpty() ? "" : OTHER, measure);
            }
            counter = counters.computeIfAbsent(key, k -> new long[MINUTES]);
        }
        counter[slot(minute)] += amount;
    }

    private static int slot(long minute) {
        return (int) Math.floorMod(minute, (long) MINUTES);
    }

    private long sum(long[] counter, int minutes) {
        long sum = 0;
        for (long m = currentMinute - minutes + 1; m <= currentMinute; m++) {
            sum += counter[slot(m)];
        }
        return sum;
    }

    /** The rows of the last {@code minutes}: a pattern's or flow's row once it has counted. */
    Window window(int minutes, List<String> configuredPatterns, List<String> configuredFlows) {
        Map<String, Totals> patternRows = new HashMap<>();
        Map<String, Map<String, Totals>> variantRows = new HashMap<>();
        Map<String, Totals> flowEntries = new HashMap<>();
        Map<String, Map<String, Totals>> stepRows = new HashMap<>();
        for (String id : configuredPatterns) {
            patternRows.put(id, new Totals());
        }
        for (String id : configuredFlows) {
            flowEntries.put(id, new Totals());
        }
        for (Map.Entry<Key, long[]> counter : counters.entrySet()) {
            Key key = counter.getKey();
            long sum = sum(counter.getValue(), minutes);
            Totals totals =
                    switch (key.kind()) {
                        case PATTERN -> patternRows.computeIfAbsent(key.id(), id -> new Totals());
                        case VARIANT -> {
                            patternRows.computeIfAbsent(key.id(), id -> new Totals());
                            yield variantRows
                                    .computeIfAbsent(key.id(), id -> new LinkedHashMap<>())
                                    .computeIfAbsent(key.sub(), v -> new Totals());
                        }
                        case FLOW -> {
                            Totals entries =
                                    flowEntries.computeIfAbsent(key.id(), id -> new Totals());
                            yield key.sub().isEmpty()
                                    ? entries
                                    : stepRows.computeIfAbsent(key.id(), id -> new HashMap<>())
                                            .computeIfAbsent(key.sub(), s -> new Totals());
                        }
                    };
            totals.add(key.measure(), sum);
        }
        List<PatternRow> patternList = new ArrayList<>();
        for (String id : ordered(patternRows.keySet(), configuredPatterns)) {
            Totals t = patternRows.get(id);
            List<VariantRow> variantList = new ArrayList<>();
            Map<String, Totals> ofPattern = variantRows.getOrDefault(id, Map.of());
            for (String variant : ordered(ofPattern.keySet(), List.of())) {
                Totals v = ofPattern.get(variant);
                variantList.add(
                        new VariantRow(
                                variant,
                                v.get("sent"),
                                v.get("heldOut"),
                                v.get("enteredFlow"),
                                v.suppressed(),
                                v.reasons(),
                                v.get("conversions"),
                                v.get("revenue") / 1000.0));
            }
            Map<String, Long> conversions = new TreeMap<>();
            Map<String, Double> revenue = new TreeMap<>();
            for (String arm : List.of("TREATMENT", "HOLDOUT", OTHER)) {
                long converted = t.get("conversions:" + arm);
                if (converted > 0 || !arm.equals(OTHER)) {
                    conversions.put(arm, converted);
                    revenue.put(arm, t.get("revenue:" + arm) / 1000.0);
                }
            }
            patternList.add(
                    new PatternRow(
                            id,
                            t.get("matches"),
                            t.get("sent"),
                            t.get("heldOut"),
                            t.get("enteredFlow"),
                            t.suppressed(),
                            t.reasons(),
                            conversions,
                            revenue,
                            variantList));
        }
        List<FlowRow> flowList = new ArrayList<>();
        for (String id : ordered(flowEntries.keySet(), configuredFlows)) {
            List<StepRow> stepList = new ArrayList<>();
            Map<String, Totals> ofFlow = stepRows.getOrDefault(id, Map.of());
            for (String step : orderedSteps(id, ofFlow.keySet())) {
                Totals s = ofFlow.get(step);
                stepList.add(
                        new StepRow(
                                step,
                                s.get("sent"),
                                s.get("heldOut"),
                                s.suppressed(),
                                s.reasons()));
            }
            flowList.add(new FlowRow(id, flowEntries.get(id).get("entries"), stepList));
        }
        return new Window(minutes, patternList, flowList);
    }

    /** The configured ids first, in their order; then the others by name; {@value #OTHER} last. */
    private static List<String> ordered(Set<String> ids, List<String> configured) {
        List<String> order = new ArrayList<>();
        for (String id : configured) {
            if (ids.contains(id) && !order.contains(id)) {
                order.add(id);
            }
        }
        ids.stream()
                .filter(id -> !order.contains(id))
                .sorted(
                        Comparator.comparing((String id) -> id.equals(OTHER))
                                .thenComparing(id -> id))
                .forEach(order::add);
        return order;
    }

    /** A flow's steps in the order they were first seen (mostly the flow's order). */
    private List<String> orderedSteps(String flow, Set<String> present) {
        List<String> order = new ArrayList<>();
        for (String step : steps.getOrDefault(flow, Set.of())) {
            if (present.contains(step)) {
                order.add(step);
            }
        }
        present.stream().filter(s -> !order.contains(s)).sorted().forEach(order::add);
        return order;
    }

    /** The sums of one row's counters, by measure. */
    private static final class Totals {
        private final Map<String, Long> sums = new HashMap<>();

        void add(String measure, long sum) {
            sums.merge(measure, sum, Long::sum);
        }

        long get(String measure) {
            return sums.getOrDefault(measure, 0L);
        }

        long suppressed() {
            return reasons().values().stream().mapToLong(Long::longValue).sum();
        }

        Map<String, Long> reasons() {
            Map<String, Long> reasons = new TreeMap<>();
            sums.forEach(
                    (measure, sum) -> {
                        if (measure.startsWith("suppressed:") && sum > 0) {
                            reasons.put(measure.substring("suppressed:".length()), sum);
                        }
                    });
            return reasons;
        }
    }

    /** The rows of one window: the last hour or the last day. */
    record Window(int minutes, List<PatternRow> patterns, List<FlowRow> flows) {
        PatternRow pattern(String id) {
            return patterns.stream().filter(p -> p.patternId().equals(id)).findFirst().orElse(null);
        }

        FlowRow flow(String id) {
            return flows.stream().filter(f -> f.flowId().equals(id)).findFirst().orElse(null);
        }
    }

    /**
     * A pattern's decisions that are not a flow's steps, and its conversions by arm.
     *
     * @param matches its decisions (each match is decided once)
     * @param suppressed the suppressed ones, {@code suppressedBy} by reason
     * @param revenue by arm, in the currency's unit
     */
    record PatternRow(
            String patternId,
            long matches,
            long sent,
            long heldOut,
            long enteredFlow,
            long suppressed,
            Map<String, Long> suppressedBy,
            Map<String, Long> conversions,
            Map<String, Double> revenue,
            List<VariantRow> variants) {}

    /** A variant of a pattern's experiment: its decisions by outcome, its conversions. */
    record VariantRow(
            String variant,
            long sent,
            long heldOut,
            long enteredFlow,
            long suppressed,
            Map<String, Long> suppressedBy,
            long conversions,
            double revenue) {}

    /** A flow: the matches that entered it, and what each of its send steps decided. */
    record FlowRow(String flowId, long entries, List<StepRow> steps) {}

    record StepRow(
            String step,
            long sent,
            long heldOut,
            long suppressed,
            Map<String, Long> suppressedBy) {}
}
