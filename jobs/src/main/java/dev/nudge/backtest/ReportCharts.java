package dev.nudge.backtest;

import static dev.nudge.backtest.BacktestReport.count;
import static dev.nudge.backtest.BacktestReport.escape;

import dev.nudge.backtest.BacktestSummary.PatternCounts;
import dev.nudge.event.Channel;
import dev.nudge.policy.SuppressionReason;
import dev.nudge.report.ExperimentTables;
import dev.nudge.report.Experiments.PatternRows;
import dev.nudge.report.Experiments.Row;
import dev.nudge.report.Uplift;
import dev.nudge.report.Users;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The charts of the HTML report, drawn as inline SVG so that the page needs nothing but itself:
 * outcomes per pattern, actions per day, goal conversion per user by arm and variant and, with
 * flows, each flow's funnel. Every text from the result files is escaped.
 */
final class ReportCharts {
    static final int WIDTH = 1100;

    private static final String INK = "#1b1f24";
    private static final String MUTED = "#5b6570";
    private static final String GRID = "#e3e6ea";
    private static final String AXIS = "#9aa3ad";

    /** A fill and the colour of text written on it. */
    record Paint(String fill, String ink) {}

    /*
     * Every outcome, reason and channel has one colour, the same in every report, so that two
     * reports compare at a glance: none depends on which others a backtest happened to have.
     */
    private static final Paint SENT = new Paint("#009E73", "#ffffff");
    private static final Paint HOLDOUT = new Paint("#AEB6BF", INK);
    private static final Paint TREATMENT = new Paint("#0072B2", "#ffffff");
    private static final Paint HELD = new Paint("#2E4057", "#ffffff");
    private static final Paint ENTERED_FLOW = new Paint("#44AA99", INK);

    /** All the suppressed messages of a flow's step together. */
    private static final Paint SUPPRESSED = new Paint("#E15759", "#ffffff");

    private static final Paint WALKS = new Paint("#6F8FAF", "#ffffff");

    /** What a send step's bar shows beyond its messages: reached, not decided (a stop mid-way). */
    private static final String UNDECIDED = "#e3e6ea";

    /**
     * One colour per {@link SuppressionReason}, in its declaration order: colour-blind-safe ones
     * (Okabe and Ito) first, then more; none is an outcome's.
     */
    private static final List<Paint> REASONS =
            List.of(
                    new Paint("#E69F00", INK), // NOT_IN_AUDIENCE
                    new Paint("#CC79A7", INK), // NO_CONSENT
                    new Paint("#D55E00", "#ffffff"), // FREQUENCY_CAP
                    new Paint("#0072B2", "#ffffff"), // COOLDOWN
                    new Paint("#F0E442", INK), // LOWER_PRIORITY
                    new Paint("#8C564B", "#ffffff"), // DISABLED
                    new Paint("#4D4D4D", "#ffffff"), // ERASED
                    new Paint("#56B4E9", INK), // CONVERTED_BEFORE_SEND
                    new Paint("#BCBD22", INK), // EXPIRED
                    new Paint("#7F3C8D", "#ffffff"), // QUIET_HOURS
                    new Paint("#17BECF", INK), // HOLD_FULL
                    new Paint("#E377C2", INK), // OUT_OF_SCHEDULE
                    new Paint("#882255", "#ffffff"), // IN_FLOW
                    new Paint("#DDCC77", INK), // FLOW_REENTRY
                    new Paint("#332288", "#ffffff")); // FLOW_EXITED

    /** For a reason this version does not know (a newer job's): one of these by its name. */
    private static final List<Paint> OTHER_REASONS =
            List.of(
                    new Paint("#999933", INK),
                    new Paint("#AA4499", "#ffffff"),
                    new Paint("#661100", "#ffffff"),
                    new Paint("#6699CC", INK));

    /** One colour per {@link Channel}, in its declaration order. */
    private static final List<Paint> CHANNELS =
            List.of(
                    new Paint("#0072B2", "#ffffff"), // PUSH
                    new Paint("#E69F00", INK), // EMAIL
                    new Paint("#CC79A7", INK)); // SMS

    private static final Paint OTHER_CHANNEL = new Paint("#999999", INK);

    static {
        if (REASONS.size() != SuppressionReason.values().length
                || CHANNELS.size() != Channel.values().length) {
            throw new IllegalStateException("a reason or channel without its colour");
        }
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd", Locale.ROOT);

    private ReportCharts() {}

    /**
     * Horizontal stacked bars: each pattern's matches by outcome, held at the end included, on one
     * scale; a pattern without a match has an empty bar with the reason in it ({@code noMatch}).
     */
    static String outcomes(
            Map<String, PatternCounts> patterns,
            List<String> reasons,
            Map<String, String> noMatch) {
        Svg svg = new Svg("Outcomes per pattern");
        if (patterns.isEmpty()) {
            return svg.message("No matches.");
        }
        Map<String, Paint> legend = new LinkedHashMap<>();
        legend.put("sent", SENT);
        legend.put("holdout", HOLDOUT);
        boolean anyFlow = patterns.values().stream().anyMatch(c -> c.enteredFlow() > 0);
        if (anyFlow) {
            legend.put(BacktestReport.ENTERED_FLOW, ENTERED_FLOW);
        }
        reasons.forEach(reason -> legend.put(reason, reason(reason)));
        boolean anyHeld = patterns.values().stream().anyMatch(c -> c.held() > 0);
        if (anyHeld) {
            legend.put("held at end", HELD);
        }
        double y = svg.legend(legend, 0) + 10;
        long most =
                Math.max(
                        1,
                        patterns.values().stream()
                                .mapToLong(PatternCounts::matches)
                                .max()
                                .orElse(1));
        List<String> names = new ArrayList<>(legend.keySet());
        List<Paint> paints = new ArrayList<>(legend.values());
        double barWidth = WIDTH - 220;
        int barHeight = 22;
        for (Map.Entry<String, PatternCounts> pattern : patterns.entrySet()) {
            PatternCounts c = pattern.getValue();
            svg.text(0, y + 13, pattern.getKey(), 13, "start", INK, true);
            y += 19;
            List<Long> values = new ArrayList<>(List.of(c.sent(), c.holdout().decisions()));
            if (anyFlow) {
                values.add(c.enteredFlow());
            }
            reasons.forEach(reason -> values.add(c.suppressed().getOrDefault(reason, 0L)));
            if (anyHeld) {
                values.add(c.held());
            }
            double x = 0;
            svg.rect(0, y, barWidth, barHeight, "#f3f4f6", null);
            for (int i = 0; i < values.size(); i++) {
                long value = values.get(i);
                if (value == 0) {
                    continue;
                }
                double width = value * barWidth / most;
                svg.rect(
                        x,
                        y,
                        width,
                        barHeight,
                        paints.get(i).fill(),
                        names.get(i) + ": " + count(value));
                String label = count(value);
                if (width >= Svg.textWidth(label, 11) + 8) {
                    svg.text(
                            x + width / 2,
                            y + barHeight / 2.0 + 4,
                            label,
                            11,
                            "middle",
                            paints.get(i).ink(),
                            false);
                }
                x += width;
            }
            String why = noMatch.get(pattern.getKey());
            if (why != null) {
                svg.text(8, y + barHeight / 2.0 + 4, "no match: " + why, 12, "start", MUTED, false);
            }
            String total = count(c.matches()) + (c.matches() == 1 ? " match" : " matches");
            if (c.open() > 0) {
                total += ", " + count(c.open()) + " open at end";
            }
            svg.text(barWidth + 10, y + barHeight / 2.0 + 4, total, 12, "start", MUTED, false);
            y += barHeight + 14;
        }
        return svg.render(y);
    }

    /** Vertical bars, one per day, stacked by channel, with date labels under them. */
    static String actionsPerDay(
            List<LocalDate> days, Map<LocalDate, Map<String, Long>> byDay, List<String> channels) {
        Svg svg = new Svg("Actions per day");
        if (days.isEmpty()) {
            return svg.message("No actions.");
        }
        Map<String, Paint> legend = new LinkedHashMap<>();
        channels.forEach(channel -> legend.put(channel, channel(channel)));
        double top = svg.legend(legend, 0) + 16;
        double left = 60;
        double plotWidth = WIDTH - left - 10;
        double plotHeight = 260;
        double bottom = top + plotHeight;
        long most = 1;
        for (Map<String, Long> day : byDay.values()) {
            most = Math.max(most, day.values().stream().mapToLong(Long::longValue).sum());
        }
        double step = Math.max(1, niceStep(most));
        double scale = Math.ceil(most / step) * step;
        for (double v = 0; v <= scale + step / 2; v += step) {
            double gridY = bottom - v / scale * plotHeight;
            svg.line(left, gridY, left + plotWidth, gridY, v == 0 ? AXIS : GRID);
            svg.text(left - 8, gridY + 4, count(Math.round(v)), 11, "end", MUTED, false);
        }
        double slot = plotWidth / days.size();
        double bar = Math.max(1, slot * 0.72);
        // Counts over every bar or over none: a few would look like the only ones that matter.
        boolean countsFit = Svg.textWidth(count(most), 10) <= slot;
        int labelEvery = (int) Math.ceil((Svg.textWidth("00-00", 11) + 12) / slot);
        for (int i = 0; i < days.size(); i++) {
            LocalDate day = days.get(i);
            Map<String, Long> counts = byDay.getOrDefault(day, Map.of());
            double x = left + i * slot + (slot - bar) / 2;
            double stackTop = bottom;
            long total = 0;
            for (Map.Entry<String, Paint> channel : legend.entrySet()) {
                long n = counts.getOrDefault(channel.getKey(), 0L);
                if (n == 0) {
                    continue;
                }
                double height = n / scale * plotHeight;
                stackTop -= height;
                svg.rect(
                        x,
                        stackTop,
                        bar,
                        height,
                        channel.getValue().fill(),
                        day + " " + channel.getKey() + ": " + count(n));
                total += n;
            }
            if (total > 0 && countsFit) {
                svg.text(x + bar / 2, stackTop - 4, count(total), 10, "middle", MUTED, false);
            }
            if (i % labelEvery == 0) {
                svg.text(x + bar / 2, bottom + 16, DAY.format(day), 11, "middle", INK, false);
            }
        }
        svg.text(
                left,
                bottom + 36,
                "UTC date of sendAt, " + days.get(0) + " to " + days.get(days.size() - 1),
                11,
                "start",
                MUTED,
                false);
        return svg.render(bottom + 44);
    }

    static final String MESSAGES_CHART = "Users by the messages they were sent";

    /**
     * A histogram: the users sent each number of messages over the backtest, all channels together,
     * with the median and the 90th percentile marked. Past 60 columns, neighbouring numbers share a
     * column.
     */
    static String messagesPerUser(MessagesPerUser.Result result) {
        Svg svg = new Svg(MESSAGES_CHART);
        if (result.isEmpty()) {
            return svg.message("No actions.");
        }
        MessagesPerUser.Distribution d = result.overall();
        int width = (int) Math.ceil(d.most() / 60.0);
        Map<Integer, Long> columns = new TreeMap<>();
        d.histogram().forEach((n, users) -> columns.merge((n - 1) / width, users, Long::sum));
        int slots = (d.most() - 1) / width + 1;
        long most = columns.values().stream().mapToLong(Long::longValue).max().orElse(1);
        double left = 60;
        double top = 10;
        double plotHeight = 160;
        double bottom = top + plotHeight;
        double slot = Math.min(40, (WIDTH - left - 10) / slots);
        double step = Math.max(1, niceStep(most));
        double scale = Math.ceil(most / step) * step;
        for (double v = 0; v <= scale + step / 2; v += step) {
            double gridY = bottom - v / scale * plotHeight;
            svg.line(left, gridY, left + slots * slot, gridY, v == 0 ? AXIS : GRID);
            svg.text(left - 8, gridY + 4, count(Math.round(v)), 11, "end", MUTED, false);
        }
        int labelEvery = (int) Math.ceil((Svg.textWidth("000", 11) + 8) / slot);
        for (int i = 0; i < slots; i++) {
            long users = columns.getOrDefault(i, 0L);
            int from = i * width + 1;
            String messages = width == 1 ? count(from) : from + "–" + (from + width - 1);
            double x = left + i * slot + slot * 0.1;
            if (users > 0) {
                double height = users / scale * plotHeight;
                svg.rect(
                        x,
                        bottom - height,
                        slot * 0.8,
                        height,
                        SENT.fill(),
                        messages + " messages: " + count(users) + " users");
            }
            if (i % labelEvery == 0) {
                svg.text(x + slot * 0.4, bottom + 16, count(from), 11, "middle", INK, false);
            }
        }
        svg.text(
                left,
                bottom + 36,
                "messages per user (all channels); users sent any: "
                        + count(d.users())
                        + ", median "
                        + count(d.median())
                        + ", p90 "
                        + count(d.p90())
                        + ", most "
                        + count(d.most())
                        + ", most in one day "
                        + count(d.mostInADay()),
                11,
                "start",
                MUTED,
                false);
        return svg.render(bottom + 44);
    }

    /**
     * Grouped horizontal bars: per pattern, the user conversion rate of each variant of its
     * treatment and of its holdout, with each row's share of the pattern's users beside it (the
     * balance of the split). No difference is drawn: in a backtest nothing was sent, so any
     * difference is chance ({@link ExperimentTables#BACKTEST_CAVEAT}).
     *
     * <p>The axis ends at the highest rate of the rows with at least {@link #MIN_SAMPLE} users: a
     * holdout of one user who bought would otherwise stretch it to 100 % and flatten every other
     * bar. Rows with fewer users are drawn hollow, cut at the axis end when they go past it; their
     * rate is written beside them all the same. Only without any row that large do all rows set the
     * axis.
     */
    static String conversionRates(List<PatternRows> patterns) {
        Svg svg = new Svg(CONVERSION_CHART);
        if (patterns.isEmpty()) {
            return svg.message("No decisions.");
        }
        Map<String, Paint> legend = new LinkedHashMap<>();
        legend.put("treatment (users with a SENT decision)", TREATMENT);
        legend.put("holdout (users with a HOLDOUT decision)", HOLDOUT);
        double top = svg.legend(legend, 0) + 6;
        svg.text(0, top + 12, ExperimentTables.BACKTEST_CAVEAT, 12, "start", MUTED, false);
        top += 26;
        svg.text(0, top + 12, SMALL_SAMPLE_NOTE, 12, "start", MUTED, false);
        top += 26;
        double highestLarge = -1;
        double highestOfAll = 0;
        int bars = 0;
        for (PatternRows pattern : patterns) {
            for (Row row : pattern.rows()) {
                highestOfAll = Math.max(highestOfAll, row.users().rate());
                if (row.users().users() >= MIN_SAMPLE) {
                    highestLarge = Math.max(highestLarge, row.users().rate());
                }
                bars++;
            }
        }
        double highest = highestLarge < 0 ? highestOfAll : highestLarge;
        double step = highest == 0 ? 0.01 : niceStep(highest);
        double scale = Math.max(step, Math.ceil(highest / step) * step);
        double labels = 160;
        double barArea = 520;
        double shareX = 960;
        int barHeight = 16;
        double bottom = top + patterns.size() * 23 + bars * (barHeight + 4) + patterns.size() * 8;
        for (double v = 0; v <= scale + step / 2; v += step) {
            double x = labels + v / scale * barArea;
            svg.line(x, top, x, bottom, v == 0 ? AXIS : GRID);
            svg.text(
                    x,
                    bottom + 14,
                    percent(v, step),
                    11,
                    v == 0 ? "start" : "middle",
                    MUTED,
                    false);
        }
        double y = top;
        for (PatternRows pattern : patterns) {
            svg.text(0, y + 14, pattern.patternId(), 13, "start", INK, true);
            svg.text(shareX, y + 14, "share of users", 11, "start", MUTED, false);
            y += 19;
            long patternUsers = pattern.users();
            for (Row row : pattern.rows()) {
                boolean holdout = row.isHoldout();
                String label =
                        holdout
                                ? "holdout"
                                : row.variant() == null ? "treatment" : "variant " + row.variant();
                svg.text(0, y + barHeight - 4, label, 12, "start", INK, false);
                Users users = row.users();
                if (users.users() == 0) {
                    svg.text(labels, y + barHeight - 4, "no users", 11, "start", MUTED, false);
                } else {
                    boolean small = users.users() < MIN_SAMPLE;
                    boolean cut = users.rate() > scale;
                    double width = Math.min(users.rate(), scale) * barArea / scale;
                    String fill = (holdout ? HOLDOUT : TREATMENT).fill();
                    if (small) {
                        svg.outline(labels, y, width, barHeight, fill);
                    } else {
                        svg.rect(labels, y, width, barHeight, fill, null);
                    }
                    svg.text(
                            labels + width + 6,
                            y + barHeight - 4,
                            (cut ? "» " : "")
                                    + ExperimentTables.percent(users.rate())
                                    + "  ("
                                    + count(users.converted())
                                    + " of "
                                    + count(users.users())
                                    + " users"
                                    + (small ? ", small sample" : "")
                                    + ")",
                            11,
                            "start",
                            small ? MUTED : INK,
                            false);
                }
                if (patternUsers > 0) {
                    svg.text(
                            shareX,
                            y + barHeight - 4,
                            ExperimentTables.percent((double) users.users() / patternUsers),
                            12,
                            "start",
                            INK,
                            false);
                }
                y += barHeight + 4;
            }
            y += 8;
        }
        return svg.render(bottom + 22);
    }

    static final String CONVERSION_CHART = "Goal conversion per user by arm and variant";

    /** Rows with fewer users than this neither set the axis of a rate chart nor look solid. */
    static final long MIN_SAMPLE = Uplift.MIN_ARM_USERS;

    static final String SMALL_SAMPLE_NOTE =
            "Axis up to the highest rate of rows with at least "
                    + MIN_SAMPLE
                    + " users; rows with fewer are hollow (small sample), and cut at the axis end (»)"
                    + " when higher.";

    static final String FUNNEL_CHART = "Funnel per flow";

    /**
     * Per flow, one horizontal bar per stage of its walks on the flow's own scale: the entries,
     * each step reached (a send step's bar split by what became of its messages), the completions
     * and the walks still under way at the end; beside each, its count, its share of the entries
     * and the walks that ended there; under the flow, its goal conversion per arm.
     */
    static String flowFunnels(Map<String, FlowFunnel> flows) {
        Svg svg = new Svg(FUNNEL_CHART);
        Map<String, Paint> legend = new LinkedHashMap<>();
        legend.put("reached (entered, wait, branch, completed, still in)", WALKS);
        legend.put("sent", SENT);
        legend.put("holdout", HOLDOUT);
        legend.put("suppressed", SUPPRESSED);
        legend.put("held at end", HELD);
        double y = svg.legend(legend, 0) + 10;
        for (FlowFunnel flow : flows.values()) {
            svg.text(0, y + 14, flow.flowId(), 13, "start", INK, true);
            y += 22;
            long most = Math.max(1, flow.entered());
            for (FlowFunnel.Step step : flow.steps()) {
                most = Math.max(most, Math.max(step.reached(), step.messages()));
            }
            most = Math.max(most, Math.max(flow.completed(), flow.stillIn()));
            double scale = FUNNEL_BARS / most;
            y = stage(svg, y, "entered", "", flow.entered(), flow, scale, List.of(), "");
            for (FlowFunnel.Step step : flow.steps()) {
                List<Map.Entry<Paint, Long>> parts = new ArrayList<>();
                if (step.kind().equals(FlowFunnels.SEND)) {
                    parts.add(Map.entry(SENT, step.sent()));
                    parts.add(Map.entry(HOLDOUT, step.holdout()));
                    parts.add(Map.entry(SUPPRESSED, step.suppressedTotal()));
                    parts.add(Map.entry(HELD, step.held()));
                }
                List<String> ended = new ArrayList<>();
                if (step.timedOut() > 0) {
                    ended.add(count(step.timedOut()) + " timed out");
                }
                if (step.exited() > 0) {
                    ended.add(count(step.exited()) + " exited by goal");
                }
                if (step.left() > 0) {
                    ended.add(count(step.left()) + " left");
                }
                y =
                        stage(
                                svg,
                                y,
                                step.name(),
                                step.kind(),
                                step.reached(),
                                flow,
                                scale,
                                parts,
                                String.join(", ", ended));
            }
            y = stage(svg, y, "completed", "", flow.completed(), flow, scale, List.of(), "");
            y = stage(svg, y, "still in at end", "", flow.stillIn(), flow, scale, List.of(), "");
            svg.text(
                    0,
                    y + 14,
                    "goal reached: treatment "
                            + goal(flow.treatment())
                            + "; holdout "
                            + goal(flow.holdout()),
                    12,
                    "start",
                    MUTED,
                    false);
            y += 30;
        }
        return svg.render(y);
    }

    private static final double FUNNEL_LABELS = 190;
    private static final double FUNNEL_BARS = 470;
    private static final int FUNNEL_BAR_HEIGHT = 18;

    /** The parts of a send step's bar, in the order of {@link #flowFunnels}'s parts. */
    private static final List<String> MESSAGES =
            List.of("sent", "holdout", "suppressed", "held at end");

    /**
     * One stage of a funnel: its label, its bar (in {@code parts} when given, the rest of the bar
     * in a pale fill), and its count and share of the entries; returns where the next one goes.
     */
    private static double stage(
            Svg svg,
            double y,
            String name,
            String kind,
            long walks,
            FlowFunnel flow,
            double scale,
            List<Map.Entry<Paint, Long>> parts,
            String ended) {
        double baseline = y + FUNNEL_BAR_HEIGHT - 5;
        svg.text(0, baseline, name, 12, "start", INK, false);
        if (!kind.isEmpty()) {
            svg.text(FUNNEL_LABELS - 50, baseline, kind, 11, "start", MUTED, false);
        }
        double x = FUNNEL_LABELS;
        if (parts.isEmpty()) {
            svg.rect(
                    x,
                    y,
                    walks * scale,
                    FUNNEL_BAR_HEIGHT,
                    WALKS.fill(),
                    name + ": " + count(walks));
        } else {
            long shown = 0;
            for (int i = 0; i < parts.size(); i++) {
                long value = parts.get(i).getValue();
                if (value == 0) {
                    continue;
                }
                svg.rect(
                        x,
                        y,
                        value * scale,
                        FUNNEL_BAR_HEIGHT,
                        parts.get(i).getKey().fill(),
                        name + " " + MESSAGES.get(i) + ": " + count(value));
                x += value * scale;
                shown += value;
            }
            if (walks > shown) {
                svg.rect(
                        x,
                        y,
                        (walks - shown) * scale,
                        FUNNEL_BAR_HEIGHT,
                        UNDECIDED,
                        name + " reached, no message decided: " + count(walks - shown));
            }
        }
        String label = count(walks);
        if (flow.entered() > 0) {
            label += " (" + ExperimentTables.percent((double) walks / flow.entered()) + ")";
        }
        double textX = FUNNEL_LABELS + FUNNEL_BARS + 10;
        svg.text(textX, baseline, label, 11, "start", INK, false);
        if (!ended.isEmpty()) {
            svg.text(
                    textX + Svg.textWidth(label, 11) + 8,
                    baseline,
                    ended,
                    11,
                    "start",
                    MUTED,
                    false);
        }
        return y + FUNNEL_BAR_HEIGHT + 6;
    }

    private static String goal(FlowFunnel.Goal arm) {
        return arm.users() == 0
                ? "no users"
                : ExperimentTables.percent(arm.rate())
                        + " ("
                        + count(arm.exited())
                        + " of "
                        + count(arm.users())
                        + " users)";
    }

    /** The colour of a suppression reason (or an outcome without one), the same in every report. */
    static Paint reason(String name) {
        for (SuppressionReason reason : SuppressionReason.values()) {
            if (reason.name().equals(name)) {
                return REASONS.get(reason.ordinal());
            }
        }
        // A String's hash is fixed by the language: the same name, the same colour.
        return OTHER_REASONS.get(Math.floorMod(name.hashCode(), OTHER_REASONS.size()));
    }

    /** The colour of a channel, the same in every report. */
    static Paint channel(String name) {
        Channel channel = Channel.byName(name);
        return channel == null ? OTHER_CHANNEL : CHANNELS.get(channel.ordinal());
    }

    /** A grid line's rate, with as many decimals as the step between lines needs. */
    private static String percent(double fraction, double step) {
        int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step * 100) - 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f%%", fraction * 100);
    }

    /** A round step for about five grid lines up to {@code max}: 1, 2 or 5 times a power of 10. */
    static double niceStep(double max) {
        double raw = max / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double normalised = raw / magnitude;
        double nice = normalised <= 1 ? 1 : normalised <= 2 ? 2 : normalised <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    /** SVG markup of one chart, with a width fixed for a 1280 px window. */
    private static final class Svg {
        private final String title;
        private final StringBuilder body = new StringBuilder();

        Svg(String title) {
            this.title = title;
        }

        /**
         * About how wide a text is in a sans-serif font of this size, erring on the wide side:
         * capitals are wider than small letters, and reason codes are all capitals.
         */
        static double textWidth(String text, int size) {
            double ems = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                ems +=
                        Character.isUpperCase(c) || c == 'm' || c == 'w' || c == '%'
                                ? 0.72
                                : Character.isLetterOrDigit(c) || c == '_' ? 0.6 : 0.35;
            }
            return ems * size;
        }

        /** Swatches with their names in rows as wide as the chart; returns the height used. */
        double legend(Map<String, Paint> entries, double y) {
            double x = 0;
            double line = y;
            for (Map.Entry<String, Paint> entry : entries.entrySet()) {
                double width = 18 + textWidth(entry.getKey(), 12) + 20;
                if (x > 0 && x + width > WIDTH) {
                    x = 0;
                    line += 20;
                }
                rect(x, line + 2, 12, 12, entry.getValue().fill(), null);
                text(x + 18, line + 12, entry.getKey(), 12, "start", INK, false);
                x += width;
            }
            return line + 16;
        }

        void rect(double x, double y, double width, double height, String fill, String tooltip) {
            body.append(
                    format(
                            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\">",
                            x, y, width, height, fill));
            if (tooltip != null) {
                body.append("<title>").append(escape(tooltip)).append("</title>");
            }
            body.append("</rect>\n");
        }

        /** A hollow bar: its outline alone, for a figure that is not to be read as solid. */
        void outline(double x, double y, double width, double height, String stroke) {
            body.append(
                    format(
                            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                                    + " fill=\"#ffffff\" stroke=\"%s\" stroke-width=\"1.5\""
                                    + " stroke-dasharray=\"4 2\"/>\n",
                            x + 0.75, y + 0.75, Math.max(0, width - 1.5), height - 1.5, stroke));
        }

        void line(double x1, double y1, double x2, double y2, String stroke) {
            body.append(
                    format(
                            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                                    + " stroke-width=\"1\"/>\n",
                            x1, y1, x2, y2, stroke));
        }

        void text(
                double x,
                double y,
                String text,
                int size,
                String anchor,
                String fill,
                boolean bold) {
            body.append(
                            format(
                                    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\""
                                            + " text-anchor=\"%s\" fill=\"%s\"%s>",
                                    x, y, size, anchor, fill, bold ? " font-weight=\"600\"" : ""))
                    .append(escape(text))
                    .append("</text>\n");
        }

        String message(String text) {
            text(0, 20, text, 13, "start", MUTED, false);
            return render(30);
        }

        String render(double height) {
            // Inline SVG in HTML needs no namespace declaration, and the page stays free of URLs.
            return format(
                            "<svg width=\"%d\" height=\"%.0f\" viewBox=\"0 0 %d %.0f\" role=\"img\""
                                    + " aria-label=\"%s\">\n",
                            WIDTH, Math.ceil(height), WIDTH, Math.ceil(height), escape(title))
                    + body
                    + "</svg>\n";
        }

        private static String format(String format, Object... args) {
            return String.format(Locale.ROOT, format, args);
        }
    }
}
