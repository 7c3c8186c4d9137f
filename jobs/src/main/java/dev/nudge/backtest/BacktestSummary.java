package dev.nudge.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.config.PatternSpec;
import dev.nudge.event.EventType;
import dev.nudge.report.Experiments;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * What a backtest found, counted from its output files, and where its clock stopped: per pattern
 * the matches, how each was decided or that it was still held for its send time when the clock
 * stopped, the conversions of each arm and the episodes still open then; the same per pattern and
 * variant, with users and feedback ({@link Experiments}, as the {@code report} command counts the
 * live topics); the actions per day and channel, and per user ({@link MessagesPerUser}); and per
 * flow its funnel and goal conversion ({@link FlowFunnel}); and how well the purchase cycles
 * predicted ({@link PredictionAccuracy}). Every pattern of the configuration has counts, and one
 * without a match the reason why, from what the input had ({@link NoMatchReasons}). {@link
 * BacktestReport} renders it.
 *
 * <p>A flow's sends are no matches of the pattern whose match entered the user: their decisions,
 * and their messages still held at the end, count for the flow's steps. The match that entered the
 * user instead of acting is its pattern's, decided {@code ENTERED_FLOW}.
 *
 * <p>Counting per user keeps every user id of every pattern's arms and every sent action's id in
 * memory, about {@value Experiments#BYTES_PER_ENTRY} bytes each: less than the job's own state of
 * the same users.
 */
public record BacktestSummary(
        String input,
        String format,
        String patternsFile,
        String configVersion,
        long rows,
        long events,
        long firstTime,
        long lastTime,
        long until,
        long afterUntil,
        Map<String, Long> deadLetters,
        Map<String, PatternCounts> patterns,
        Map<String, String> noMatch,
        InputEvents inputEvents,
        long conversionsWithRevenue,
        Map<LocalDate, Map<String, Long>> actionsByDay,
        MessagesPerUser.Result messagesPerUser,
        Experiments.Result experiments,
        int sortedRuns,
        Map<String, FlowFunnel> flows,
        PredictionAccuracy.Result predictions) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The counts of one pattern: its matches, the treatment arm (the {@code SENT} decisions and
     * their conversions), the holdout arm, the matches that entered users in a flow instead of
     * acting ({@code ENTERED_FLOW}), the other decided matches by the reason they were suppressed,
     * the matches still held for their send time when the clock stopped (undecided, but matches),
     * and the episodes open then (not matches). The conversions of an arm are all those attributed
     * to the pattern's moments, its flows' sends included.
     */
    public record PatternCounts(
            long matches,
            Arm treatment,
            Arm holdout,
            long enteredFlow,
            Map<String, Long> suppressed,
            long held,
            long open) {

        public long sent() {
            return treatment.decisions();
        }

        PatternCounts plus(PatternCounts other) {
            Map<String, Long> reasons = new TreeMap<>(suppressed);
            other.suppressed.forEach((reason, count) -> reasons.merge(reason, count, Long::sum));
            return new PatternCounts(
                    matches + other.matches,
                    treatment.plus(other.treatment),
                    holdout.plus(other.holdout),
                    enteredFlow + other.enteredFlow,
                    reasons,
                    held + other.held,
                    open + other.open);
        }
    }

    /**
     * One arm of the comparison: the decisions that put users in it, and the conversions and
     * revenue attributed to those decisions (exact decimals in the deployment's currency).
     */
    public record Arm(long decisions, long conversions, BigDecimal revenue) {
        static final Arm EMPTY = new Arm(0, 0, BigDecimal.ZERO);

        /** Conversions per decision; only meaningful when there are decisions. */
        public double rate() {
            return decisions == 0 ? 0 : (double) conversions / decisions;
        }

        Arm plus(Arm other) {
            return new Arm(
                    decisions + other.decisions,
                    conversions + other.conversions,
                    revenue.add(other.revenue));
        }
    }

    /** A conversion's revenue as written, exactly; zero when it is missing or not a number. */
    private static BigDecimal revenue(JsonNode value) {
        if (value.isBigDecimal()) {
            return value.decimalValue();
        }
        if (!value.isNumber()) {
            return BigDecimal.ZERO;
        }
        return new BigDecimal(value.asText());
    }

    /**
     * Why the report shows no revenue, or empty when it does: when no conversion had any, 0.00
     * would read as a measured nothing, and it is most often an input without prices.
     */
    public String noRevenue() {
        if (conversionsWithRevenue > 0) {
            return "";
        }
        return inputEvents.pricedPurchases() == 0
                ? "no prices in the input"
                : "no conversion had a revenue";
    }

    /** Whether the clock stopped at a time given ({@code --until}), not at the last event. */
    public boolean stoppedAtUntil() {
        return until != BacktestInput.LAST_EVENT;
    }

    public long deadLetterTotal() {
        return deadLetters.values().stream().mapToLong(Long::longValue).sum();
    }

    public long matches() {
        return total().matches();
    }

    /** Every pattern's counts added up. */
    public PatternCounts total() {
        return patterns.values().stream()
                .reduce(
                        new PatternCounts(0, Arm.EMPTY, Arm.EMPTY, 0, Map.of(), 0, 0),
                        PatternCounts::plus);
    }

    public long actions() {
        return actionsByChannel().values().stream().mapToLong(Long::longValue).sum();
    }

    public Map<String, Long> actionsByChannel() {
        Map<String, Long> byChannel = new TreeMap<>();
        actionsByDay
                .values()
                .forEach(
                        day -> day.forEach((channel, n) -> byChannel.merge(channel, n, Long::sum)));
        return byChannel;
    }

    static BacktestSummary of(
            BacktestInput input, SortedInput.Result prepared, Path outDir, BacktestConfig config)
            throws IOException {
        return counted(
                input.file().getFileName().toString(),
                input.format().name(),
                prepared.rows(),
                prepared.events(),
                prepared.firstTime(),
                prepared.lastTime(),
                input.until(),
                prepared.afterUntil(),
                prepared.runs(),
                prepared.inputEvents(),
                outDir,
                config);
    }

    /**
     * Counts the result files in {@code outDir}; a file that is not there counts as empty.
     *
     * @param events the events the job read
     * @param until where the clock stopped, or {@link BacktestInput#LAST_EVENT}
     * @param afterUntil the valid events after {@code until}, left out
     * @param inputEvents the types of the events the job read
     * @param config the configuration the backtest ran; each of its patterns gets counts, and one
     *     without a match the reason why ({@link NoMatchReasons})
     */
    static BacktestSummary counted(
            String input,
            String format,
            long rows,
            long events,
            long firstTime,
            long lastTime,
            long until,
            long afterUntil,
            int sortedRuns,
            InputEvents inputEvents,
            Path outDir,
            BacktestConfig config)
            throws IOException {
        Map<String, Long> deadLetters = new TreeMap<>();
        forEachLine(
                outDir.resolve(Backtest.DEAD_LETTERS),
                dead -> deadLetters.merge(dead.get("reason").asText(), 1L, Long::sum));
        Map<String, Tally> tallies = new TreeMap<>();
        long[] withRevenue = {0};
        Experiments experiments = Experiments.all(Long.MAX_VALUE);
        FlowFunnels funnels = new FlowFunnels(config.flows());
        PredictionAccuracy accuracy = new PredictionAccuracy();
        int[] mostOccasions = {inputEvents.of(EventType.PURCHASE) > 0 ? 1 : 0};
        forEachLine(
                outDir.resolve(Backtest.PREDICTIONS),
                check -> {
                    accuracy.check(check);
                    // The occasions before this one, and this one.
                    mostOccasions[0] =
                            Math.max(mostOccasions[0], check.path("occasions").asInt() + 1);
                });
        forEachLine(
                outDir.resolve(Backtest.DECISIONS),
                decision -> {
                    experiments.decision(decision);
                    accuracy.decision(decision);
                    if (!text(decision, "step").isEmpty()) {
                        funnels.decision(decision);
                        return;
                    }
                    Tally tally =
                            tallies.computeIfAbsent(
                                    text(decision, "patternId"), pattern -> new Tally());
                    tally.matches++;
                    String outcome = text(decision, "outcome");
                    switch (outcome) {
                        case "SENT" -> tally.sent++;
                        case "HOLDOUT" -> tally.holdout++;
                        case "ENTERED_FLOW" -> tally.enteredFlow++;
                        default -> {
                            String reason = text(decision, "suppressedBy");
                            tally.suppressed.merge(
                                    reason.isEmpty() ? outcome : reason, 1L, Long::sum);
                        }
                    }
                });
        forEachLine(
                outDir.resolve(Backtest.CONVERSIONS),
                conversion -> {
                    experiments.conversion(conversion);
                    Tally tally =
                            tallies.computeIfAbsent(
                                    text(conversion, "patternId"), pattern -> new Tally());
                    BigDecimal revenue = revenue(conversion.path("revenue"));
                    if (revenue.signum() != 0) {
                        withRevenue[0]++;
                    }
                    // Only the two arms of SPEC 3.4 exist; anything else is not a conversion of
                    // either and would only blur the comparison.
                    switch (text(conversion, "arm")) {
                        case "TREATMENT" -> {
                            tally.treatmentConversions++;
                            tally.treatmentRevenue = tally.treatmentRevenue.add(revenue);
                        }
                        case "HOLDOUT" -> {
                            tally.holdoutConversions++;
                            tally.holdoutRevenue = tally.holdoutRevenue.add(revenue);
                        }
                        default -> {}
                    }
                });
        forEachLine(outDir.resolve(Backtest.ENGAGEMENT), experiments::engagement);
        forEachLine(
                outDir.resolve(Backtest.OPEN_EPISODES),
                open -> {
                    if (!text(open, "flowId").isEmpty()) {
                        funnels.held(open);
                        return;
                    }
                    Tally tally =
                            tallies.computeIfAbsent(
                                    text(open, "patternId"), pattern -> new Tally());
                    // A held moment was matched and waits for its send time: it has no decision
                    // yet, and is a match all the same.
                    if (text(open, "state").equals("held")) {
                        tally.matches++;
                        tally.held++;
                    } else {
                        tally.open++;
                    }
                });
        Map<String, String> noMatch = new TreeMap<>();
        NoMatchReasons.Input seen = new NoMatchReasons.Input(inputEvents, mostOccasions[0]);
        for (PatternSpec pattern : config.patterns()) {
            Tally tally = tallies.computeIfAbsent(pattern.id(), id -> new Tally());
            if (tally.matches == 0) {
                noMatch.put(pattern.id(), NoMatchReasons.of(pattern, config.lifecycle(), seen));
            }
        }
        Map<String, PatternCounts> patterns = new TreeMap<>();
        tallies.forEach((pattern, tally) -> patterns.put(pattern, tally.counts()));
        forEachLine(outDir.resolve(Backtest.FLOWS), funnels::flowEvent);
        Map<LocalDate, Map<String, Long>> actionsByDay = new TreeMap<>();
        MessagesPerUser messages = new MessagesPerUser();
        forEachLine(
                outDir.resolve(Backtest.ACTIONS),
                action -> {
                    actionsByDay
                            .computeIfAbsent(
                                    LocalDate.ofInstant(
                                            Instant.parse(text(action, "sendAt")), ZoneOffset.UTC),
                                    day -> new TreeMap<>())
                            .merge(text(action, "channel"), 1L, Long::sum);
                    messages.action(action);
                });
        return new BacktestSummary(
                input,
                format,
                config.file(),
                config.version(),
                rows,
                events,
                firstTime,
                lastTime,
                until,
                afterUntil,
                deadLetters,
                patterns,
                noMatch,
                inputEvents,
                withRevenue[0],
                actionsByDay,
                messages.result(),
                experiments.result(),
                sortedRuns,
                funnels.result(),
                accuracy.result(until == BacktestInput.LAST_EVENT ? lastTime : until));
    }

    /** What one pattern has counted so far. */
    private static final class Tally {
        long matches;
        long sent;
        long holdout;
        long enteredFlow;
        final Map<String, Long> suppressed = new TreeMap<>();
        long held;
        long open;
        long treatmentConversions;
        BigDecimal treatmentRevenue = BigDecimal.ZERO;
        long holdoutConversions;
        BigDecimal holdoutRevenue = BigDecimal.ZERO;

        PatternCounts counts() {
            return new PatternCounts(
                    matches,
                    new Arm(sent, treatmentConversions, treatmentRevenue),
                    new Arm(holdout, holdoutConversions, holdoutRevenue),
                    enteredFlow,
                    suppressed,
                    held,
                    open);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    /** Reads a result file line by line, so that its size does not matter. */
    private static void forEachLine(Path file, Consumer<JsonNode> action) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.isBlank()) {
                    action.accept(JSON.readTree(line));
                }
            }
        }
    }
}
