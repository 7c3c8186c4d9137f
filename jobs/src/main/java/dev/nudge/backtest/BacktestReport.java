package dev.nudge.backtest;

import dev.nudge.backtest.BacktestSummary.PatternCounts;
import dev.nudge.report.ExperimentTables;
import dev.nudge.report.ReportTable;
import dev.nudge.report.ReportTable.Column;
import dev.nudge.wire.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The report of a backtest: per pattern the matches and each outcome; per pattern and variant, with
 * the pattern's holdout as its own row, the sends, suppressions and feedback, the users and their
 * goal conversions and the balance of the split ({@link ExperimentTables}, as the {@code report}
 * command shows the live topics, but with no comparison: nothing was sent, so treatment and holdout
 * differ only by chance); with flows, per flow and step its funnel and per flow the share of its
 * users who reached its goal, per arm; and the actions per day and channel. It is written as
 * Markdown ({@code summary.md}, also printed by the command line) and as one self-contained HTML
 * page with charts ({@code report.html}) that fetches nothing: both show the same tables. A
 * configuration without flows has no flow section.
 */
public final class BacktestReport {
    private static final ExperimentTables.Mode BACKTEST = ExperimentTables.Mode.BACKTEST;

    static final String ALL_PATTERNS = "all patterns";

    static final String FUNNEL_HEADING = "Flows: funnel per step";
    static final String GOAL_HEADING = "Flows: goal reached per arm";
    static final String PREDICTIONS_HEADING = "Next-purchase predictions against baselines";
    static final String MOMENTS_HEADING = "Purchases after purchase-cycle moments";
    static final String ENTERED_FLOW = "entered flow";
    static final String NO_MATCH = "why no match";
    static final String MESSAGES_HEADING = "Messages per user";

    private final BacktestSummary summary;
    private final List<String> facts;
    private final List<Section> sections;

    /** A heading with its chart (HTML only) and its table. */
    private record Section(String heading, String chart, ReportTable table) {}

    public BacktestReport(BacktestSummary summary) {
        this.summary = summary;
        this.facts = facts(summary);
        List<String> reasons = new ArrayList<>(summary.total().suppressed().keySet());
        List<LocalDate> days = days(summary);
        List<String> channels = new ArrayList<>(summary.actionsByChannel().keySet());
        List<Section> sections = new ArrayList<>();
        sections.add(
                new Section(
                        "Outcomes per pattern",
                        ReportCharts.outcomes(summary.patterns(), reasons, summary.noMatch()),
                        outcomes(summary, reasons)));
        sections.add(
                new Section(
                        ExperimentTables.SENDS_HEADING,
                        "",
                        ExperimentTables.sends(summary.experiments(), BACKTEST)));
        sections.add(
                new Section(
                        ExperimentTables.BACKTEST_CONVERSIONS_HEADING,
                        ReportCharts.conversionRates(summary.experiments().patterns()),
                        ExperimentTables.conversions(
                                summary.experiments(), BACKTEST, summary.noRevenue())));
        if (!summary.flows().isEmpty()) {
            List<String> flowReasons = flowReasons(summary.flows());
            sections.add(
                    new Section(
                            FUNNEL_HEADING,
                            ReportCharts.flowFunnels(summary.flows()),
                            funnels(summary.flows(), flowReasons)));
            sections.add(new Section(GOAL_HEADING, "", goals(summary.flows())));
        }
        if (!summary.predictions().isEmpty()) {
            sections.add(new Section(PREDICTIONS_HEADING, "", predictions(summary.predictions())));
            sections.add(new Section(MOMENTS_HEADING, "", cycleMoments(summary.predictions())));
        }
        sections.add(
                new Section(
                        "Actions per day",
                        ReportCharts.actionsPerDay(days, summary.actionsByDay(), channels),
                        actionsPerDay(summary, days, channels)));
        sections.add(
                new Section(
                        MESSAGES_HEADING,
                        ReportCharts.messagesPerUser(summary.messagesPerUser()),
                        messagesPerUser(summary.messagesPerUser(), days.size())));
        this.sections = List.copyOf(sections);
    }

    /** Writes {@link Backtest#SUMMARY} and {@link Backtest#REPORT} into {@code outDir}. */
    public void writeTo(Path outDir) throws IOException {
        Files.writeString(outDir.resolve(Backtest.SUMMARY), markdown(), StandardCharsets.UTF_8);
        Files.writeString(outDir.resolve(Backtest.REPORT), html(), StandardCharsets.UTF_8);
    }

    /** The report as Markdown, also printed by the command line. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(title()).append("\n\n");
        facts.forEach(fact -> md.append("- ").append(fact).append('\n'));
        for (Section section : sections) {
            md.append("\n## ").append(section.heading()).append("\n\n");
            section.table().appendMarkdown(md);
        }
        return md.toString();
    }

    /**
     * The report as one HTML page: inline CSS and inline SVG charts, no script, no link, no font or
     * image to fetch; a content security policy keeps it that way in the browser too. Every text
     * taken from the result files is escaped.
     */
    public String html() {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append(
                        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                                + " style-src 'unsafe-inline'\">\n")
                .append(
                        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>")
                .append(escape(title()))
                .append("</title>\n<style>\n")
                .append(CSS)
                .append("</style>\n</head>\n<body>\n<main>\n<h1>")
                .append(escape(title()))
                .append("</h1>\n<ul class=\"facts\">\n");
        facts.forEach(fact -> html.append("<li>").append(escape(fact)).append("</li>\n"));
        html.append("</ul>\n");
        for (Section section : sections) {
            html.append("<section>\n<h2>").append(escape(section.heading())).append("</h2>\n");
            if (!section.chart().isEmpty()) {
                html.append("<figure>\n").append(section.chart()).append("</figure>\n");
            }
            htmlTable(html, section.table());
            html.append("</section>\n");
        }
        return html.append("</main>\n</body>\n</html>\n").toString();
    }

    private static void htmlTable(StringBuilder html, ReportTable table) {
        if (table.rows().isEmpty()) {
            html.append("<p class=\"note\">").append(escape(table.empty())).append("</p>\n");
            return;
        }
        List<Column> columns = table.columns();
        html.append("<div class=\"table\"><table>\n<thead>\n");
        if (columns.stream().anyMatch(c -> !c.group().isEmpty())) {
            html.append("<tr class=\"groups\">");
            for (int i = 0; i < columns.size(); ) {
                String group = columns.get(i).group();
                int span = 1;
                while (i + span < columns.size() && columns.get(i + span).group().equals(group)) {
                    span++;
                }
                html.append("<th colspan=\"")
                        .append(span)
                        .append("\">")
                        .append(escape(group))
                        .append("</th>");
                i += span;
            }
            html.append("</tr>\n");
        }
        html.append("<tr>");
        columns.forEach(
                c ->
                        html.append(c.number() ? "<th class=\"n\">" : "<th>")
                                // Long reason codes may break after an underscore.
                                .append(escape(c.name()).replace("_", "_<wbr>"))
                                .append("</th>"));
        html.append("</tr>\n</thead>\n<tbody>\n");
        table.rows().forEach(row -> htmlRow(html, columns, row));
        html.append("</tbody>\n");
        if (!table.total().isEmpty()) {
            html.append("<tfoot>\n");
            htmlRow(html, columns, table.total());
            html.append("</tfoot>\n");
        }
        html.append("</table></div>\n");
        if (!table.note().isEmpty()) {
            html.append("<p class=\"note\">").append(escape(table.note())).append("</p>\n");
        }
    }

    private static void htmlRow(StringBuilder html, List<Column> columns, List<String> cells) {
        html.append("<tr>");
        for (int i = 0; i < cells.size(); i++) {
            html.append(columns.get(i).number() ? "<td class=\"n\">" : "<td>")
                    .append(escape(cells.get(i)))
                    .append("</td>");
        }
        html.append("</tr>\n");
    }

    private String title() {
        return "Backtest of " + summary.input();
    }

    private static List<String> facts(BacktestSummary s) {
        List<String> facts = new ArrayList<>();
        StringBuilder input =
                new StringBuilder(
                        format(
                                "Input: %,d rows (%s), %,d valid events",
                                s.rows(), s.format(), s.events()));
        if (s.events() > 0) {
            input.append(" from ")
                    .append(Json.time(s.firstTime()))
                    .append(" to ")
                    .append(Json.time(s.lastTime()));
        }
        input.append(
                s.sortedRuns() == 0
                        ? "; sorted in memory"
                        : "; sorted on disk, " + BacktestProgress.runs(s.sortedRuns()) + " merged");
        facts.add(input.toString());
        facts.add(format("Patterns: %s, version %s", s.patternsFile(), s.configVersion()));
        facts.add(format("Dead letters: %,d%s", s.deadLetterTotal(), breakdown(s.deadLetters())));
        facts.add(
                format(
                        "Matches: %,d; actions: %,d%s",
                        s.matches(), s.actions(), breakdown(s.actionsByChannel())));
        PatternCounts total = s.total();
        facts.add(
                format(
                        "Conversions: %,d (treatment %,d, holdout %,d); revenue %s",
                        total.treatment().conversions() + total.holdout().conversions(),
                        total.treatment().conversions(),
                        total.holdout().conversions(),
                        s.noRevenue().isEmpty()
                                ? money(total.treatment().revenue().add(total.holdout().revenue()))
                                : "- (" + s.noRevenue() + ")"));
        s.flows().values().forEach(flow -> facts.add(flowFact(flow)));
        facts.add(ExperimentTables.BACKTEST_CAVEAT);
        String unfinished =
                " still open then are counted, not fired; moments held for a send time after it"
                        + " are counted as matches, held at end.";
        facts.add(
                s.stoppedAtUntil()
                        ? format(
                                "The clock stopped at %s (--until); %,d events after --until"
                                        + " ignored. Episodes%s",
                                Json.time(s.until()), s.afterUntil(), unfinished)
                        : "The clock stopped at the last event: episodes" + unfinished);
        return facts;
    }

    /**
     * One line per flow for the facts, which the command line prints too: its entries, sends, exits
     * by goal and completions.
     */
    private static String flowFact(FlowFunnel flow) {
        return format(
                "Flow %s: %,d entered (treatment %,d, holdout %,d), %,d sent, %,d exited by goal,"
                        + " %,d completed, %,d still in it at the end",
                flow.flowId(),
                flow.entered(),
                flow.enteredTreatment(),
                flow.enteredHoldout(),
                flow.sent(),
                flow.exited(),
                flow.completed(),
                flow.stillIn());
    }

    private static ReportTable outcomes(BacktestSummary s, List<String> reasons) {
        boolean flows = s.total().enteredFlow() > 0;
        List<Column> columns = new ArrayList<>();
        columns.add(Column.text("pattern"));
        columns.add(Column.number("matches"));
        columns.add(Column.number("sent"));
        columns.add(Column.number("holdout"));
        if (flows) {
            columns.add(Column.number(ENTERED_FLOW));
        }
        reasons.forEach(reason -> columns.add(Column.number(reason).in("suppressed")));
        columns.add(Column.number("held at end"));
        columns.add(Column.number("open at end"));
        boolean unmatched = !s.noMatch().isEmpty();
        if (unmatched) {
            columns.add(Column.text(NO_MATCH));
        }
        List<List<String>> rows = new ArrayList<>();
        s.patterns()
                .forEach(
                        (pattern, c) -> {
                            List<String> row = outcomeRow(pattern, c, flows, reasons);
                            if (unmatched) {
                                row.add(s.noMatch().getOrDefault(pattern, ""));
                            }
                            rows.add(row);
                        });
        List<String> total = outcomeRow(ALL_PATTERNS, s.total(), flows, reasons);
        if (unmatched) {
            total.add("");
        }
        return new ReportTable(
                columns,
                rows,
                total,
                "Every pattern of the configuration has a row. Every match is sent, held out, "
                        + (flows ? "entered a flow instead (its sends are the flow's), " : "")
                        + "suppressed for the reason in its column, or held"
                        + " at end: recognised, and waiting for a send time after the clock"
                        + " stopped (quiet hours, the best hour), so not decided yet. Open at end:"
                        + " episodes under way when the clock stopped, not matches."
                        + (unmatched
                                ? " Why no match: for a pattern without one, what the input"
                                        + " lacked for it, or the condition no user met."
                                : ""),
                "No matches and no open episodes.");
    }

    private static List<String> outcomeRow(
            String pattern, PatternCounts c, boolean flows, List<String> reasons) {
        List<String> row = new ArrayList<>();
        row.add(pattern);
        row.add(count(c.matches()));
        row.add(count(c.sent()));
        row.add(count(c.holdout().decisions()));
        if (flows) {
            row.add(count(c.enteredFlow()));
        }
        reasons.forEach(reason -> row.add(count(c.suppressed().getOrDefault(reason, 0L))));
        row.add(count(c.held()));
        row.add(count(c.open()));
        return row;
    }

    /** The reasons the sends of any flow were suppressed for, by name. */
    static List<String> flowReasons(Map<String, FlowFunnel> flows) {
        TreeSet<String> reasons = new TreeSet<>();
        flows.values()
                .forEach(
                        flow ->
                                flow.steps()
                                        .forEach(
                                                step ->
                                                        reasons.addAll(
                                                                step.suppressed().keySet())));
        return new ArrayList<>(reasons);
    }

    /**
     * Per flow: a row for its entries, one per step in the configuration's order, one for the walks
     * that completed it and one for those still under way at the end.
     */
    private static ReportTable funnels(Map<String, FlowFunnel> flows, List<String> reasons) {
        String decided = "messages of the step";
        String ended = "while at the step";
        List<Column> columns = new ArrayList<>();
        columns.add(Column.text("flow"));
        columns.add(Column.text("step"));
        columns.add(Column.text("kind"));
        columns.add(Column.number("reached"));
        columns.add(Column.number("sent").in(decided));
        columns.add(Column.number("holdout").in(decided));
        reasons.forEach(reason -> columns.add(Column.number(reason).in(decided)));
        columns.add(Column.number("held at end").in(decided));
        columns.add(Column.number("timed out").in(ended));
        columns.add(Column.number("exited by goal").in(ended));
        columns.add(Column.number("left").in(ended));
        int blanks = columns.size() - 4;
        List<List<String>> rows = new ArrayList<>();
        for (FlowFunnel flow : flows.values()) {
            rows.add(stageRow(flow.flowId(), "(entered)", flow.entered(), blanks));
            for (FlowFunnel.Step step : flow.steps()) {
                boolean send = step.kind().equals(FlowFunnels.SEND);
                boolean wait = step.kind().equals(FlowFunnels.WAIT);
                List<String> row = new ArrayList<>();
                row.add(flow.flowId());
                row.add(step.name());
                row.add(step.kind().isEmpty() ? "-" : step.kind());
                row.add(count(step.reached()));
                row.add(send ? count(step.sent()) : "-");
                row.add(send ? count(step.holdout()) : "-");
                reasons.forEach(
                        reason ->
                                row.add(
                                        send
                                                ? count(step.suppressed().getOrDefault(reason, 0L))
                                                : "-"));
                row.add(send ? count(step.held()) : "-");
                row.add(wait ? count(step.timedOut()) : "-");
                row.add(count(step.exited()));
                row.add(count(step.left()));
                rows.add(row);
            }
            rows.add(stageRow(flow.flowId(), "(completed)", flow.completed(), blanks));
            rows.add(stageRow(flow.flowId(), "(still in at end)", flow.stillIn(), blanks));
        }
        return new ReportTable(
                columns,
                rows,
                List.of(),
                "Reached: how often a walk through the flow reached the step (a user walks it once"
                        + " per entry; one who re-enters walks it again). Each time a send step is"
                        + " reached, its message is sent, held out (held-out users walk the flow"
                        + " and are sent nothing), suppressed for the reason in its column, or"
                        + " held at end: waiting for a send time after the clock stopped. While at"
                        + " the step: waits for an event that timed out (the walk goes on), walks"
                        + " that ended at the flow's exit goal, and walks taken out (the flow or"
                        + " the step removed or switched off, the user erased or forgotten)."
                        + " Completed: walks past the flow's last step; still in at end: walks"
                        + " under way when the clock stopped.",
                "No flows.");
    }

    private static List<String> stageRow(String flowId, String stage, long walks, int blanks) {
        List<String> row = new ArrayList<>(List.of(flowId, stage, "", count(walks)));
        for (int i = 0; i < blanks; i++) {
            row.add("");
        }
        return row;
    }

    /** Per flow and arm, the users who entered it and the share of them who reached its goal. */
    private static ReportTable goals(Map<String, FlowFunnel> flows) {
        List<Column> columns = new ArrayList<>();
        columns.add(Column.text("flow"));
        for (String arm : List.of("treatment", "holdout")) {
            columns.add(Column.number(arm + " users"));
            columns.add(Column.number(arm + " exited by goal"));
            columns.add(Column.number(arm + " goal rate"));
        }
        columns.add(Column.number("difference (points)"));
        List<List<String>> rows = new ArrayList<>();
        for (FlowFunnel flow : flows.values()) {
            List<String> row = new ArrayList<>();
            row.add(flow.flowId());
            for (FlowFunnel.Goal arm : List.of(flow.treatment(), flow.holdout())) {
                row.add(count(arm.users()));
                row.add(count(arm.exited()));
                row.add(arm.users() == 0 ? "-" : ExperimentTables.percent(arm.rate()));
            }
            Double difference = flow.goalDifferencePoints();
            row.add(difference == null ? "-" : format("%+.1f", difference));
            rows.add(row);
        }
        return new ReportTable(
                columns,
                rows,
                List.of(),
                "Users: who entered the flow at least once, in its treatment (sent its messages)"
                        + " or in its holdout group (walking it without them); exited by goal: of"
                        + " them, who reached its exit goal at least once; goal rate: the share"
                        + " of them. Difference: the"
                        + " treatment's goal rate less the holdout's, in percentage points. In a"
                        + " backtest no message was sent, so the difference can only be chance:"
                        + " it checks the split, it does not measure an effect.",
                "No flows.");
    }

    private static ReportTable predictions(PredictionAccuracy.Result result) {
        List<Column> columns =
                List.of(
                        Column.text("estimator"),
                        Column.number("purchases predicted"),
                        Column.number("mean abs. error"),
                        Column.number("median abs. error"),
                        Column.number("within ±1 day"),
                        Column.number("within ±3 days"),
                        Column.number("in its p25–p75 interval"));
        List<List<String>> rows = new ArrayList<>();
        for (PredictionAccuracy.Estimator e : result.estimators()) {
            rows.add(
                    List.of(
                            e.name(),
                            count(e.predictions()),
                            format("%.2f d", e.meanAbsDays()),
                            format("%.2f d", e.medianAbsDays()),
                            ExperimentTables.percent(e.withinOneDay()),
                            ExperimentTables.percent(e.withinThreeDays()),
                            e.inInterval() < 0 ? "-" : ExperimentTables.percent(e.inInterval())));
        }
        return new ReportTable(
                columns,
                rows,
                List.of(),
                "Every purchase that began an occasion and had a prediction before it (from"
                        + " profile.minOccasions occasions on; "
                        + count(result.predicted())
                        + " of the "
                        + count(result.occasions())
                        + " occasions after users' first, "
                        + ExperimentTables.percent(
                                result.occasions() == 0
                                        ? 0
                                        : (double) result.predicted() / result.occasions())
                        + " coverage): how far it fell from the profile's"
                        + " predicted date, and from two baselines computed here from the same"
                        + " occasions: the last gap repeated, and the median of all the user's"
                        + " gaps before it. In its interval: between the dates of the 25th and"
                        + " 75th percentiles of the user's gaps, half of purchases for a perfect"
                        + " interval.",
                "No purchase had a prediction before it.");
    }

    private static ReportTable cycleMoments(PredictionAccuracy.Result result) {
        List<Column> columns = new ArrayList<>();
        columns.add(Column.text("pattern"));
        columns.add(Column.number("moments"));
        for (int days : PredictionAccuracy.HORIZONS) {
            columns.add(Column.number("bought within " + days + (days == 1 ? " day" : " days")));
        }
        List<List<String>> rows = new ArrayList<>();
        for (PredictionAccuracy.Trigger trigger : result.triggers()) {
            List<String> row = new ArrayList<>();
            row.add(trigger.patternId());
            row.add(count(trigger.moments()));
            for (int h = 0; h < PredictionAccuracy.HORIZONS.length; h++) {
                row.add(
                        trigger.judged()[h] == 0
                                ? "-"
                                : ExperimentTables.percent(trigger.share(h))
                                        + " of "
                                        + count(trigger.judged()[h]));
            }
            rows.add(row);
        }
        return new ReportTable(
                columns,
                rows,
                List.of(),
                "Each match of a pattern that fires at a moment of the purchase cycle"
                        + " (PREDICTED_REPURCHASE, PURCHASE_OVERDUE), whatever its decision: the"
                        + " share followed by a purchase occasion of the user within 1, 3 and 7"
                        + " days, of the moments that many days before the clock stopped. Nothing"
                        + " was sent: this is how well the moment is timed, not an effect.",
                "No pattern fires at a moment of the purchase cycle.");
    }

    private static ReportTable actionsPerDay(
            BacktestSummary s, List<LocalDate> days, List<String> channels) {
        List<Column> columns = new ArrayList<>();
        columns.add(Column.text("day (UTC, sendAt)"));
        channels.forEach(channel -> columns.add(Column.number(channel)));
        columns.add(Column.number("actions"));
        List<List<String>> rows = new ArrayList<>();
        for (LocalDate day : days) {
            Map<String, Long> byChannel = s.actionsByDay().getOrDefault(day, Map.of());
            List<String> row = new ArrayList<>();
            row.add(day.toString());
            channels.forEach(channel -> row.add(count(byChannel.getOrDefault(channel, 0L))));
            row.add(count(byChannel.values().stream().mapToLong(Long::longValue).sum()));
            rows.add(row);
        }
        List<String> total = new ArrayList<>();
        total.add("all days");
        channels.forEach(channel -> total.add(count(s.actionsByChannel().get(channel))));
        total.add(count(s.actions()));
        return new ReportTable(columns, rows, total, "", "No actions.");
    }

    /**
     * Per channel and over all, how many messages the users who got any were sent: what an operator
     * checks for fatigue.
     */
    private static ReportTable messagesPerUser(MessagesPerUser.Result result, int days) {
        List<Column> columns =
                List.of(
                        Column.text("channel"),
                        Column.number("users sent any"),
                        Column.number("messages"),
                        Column.number("median per user"),
                        Column.number("p90 per user"),
                        Column.number("most to one user"),
                        Column.number("most to one user in a day"));
        List<List<String>> rows = new ArrayList<>();
        result.byChannel().forEach((channel, d) -> rows.add(distributionRow(channel, d)));
        return new ReportTable(
                columns,
                rows,
                result.isEmpty() ? List.of() : distributionRow("all channels", result.overall()),
                "Of the users sent at least one message (every SENT action) over the "
                        + count(days)
                        + (days == 1 ? " day" : " days")
                        + " from the first action's to the last one's: the median and the 90th"
                        + " percentile of their messages (nearest rank), the most one user was"
                        + " sent, and the most one user was sent on one day (UTC, sendAt). What a"
                        + " user would have received: hold it against policy.frequencyCaps.",
                "No actions.");
    }

    private static List<String> distributionRow(String channel, MessagesPerUser.Distribution d) {
        return List.of(
                channel,
                count(d.users()),
                count(d.messages()),
                count(d.median()),
                count(d.p90()),
                count(d.most()),
                count(d.mostInADay()));
    }

    /** Every day from the first action's to the last one's, those without actions too. */
    static List<LocalDate> days(BacktestSummary s) {
        List<LocalDate> days = new ArrayList<>();
        if (s.actionsByDay().isEmpty()) {
            return days;
        }
        TreeSet<LocalDate> withActions = new TreeSet<>(s.actionsByDay().keySet());
        for (LocalDate day = withActions.first();
                !day.isAfter(withActions.last());
                day = day.plusDays(1)) {
            days.add(day);
        }
        return days;
    }

    static String count(long n) {
        return format("%,d", n);
    }

    /** Grouped thousands and at least two decimals, exactly: 1,160.00, 0.125. */
    static String money(BigDecimal amount) {
        BigDecimal shown = amount.scale() < 2 ? amount.setScale(2) : amount;
        return format("%,." + shown.scale() + "f", shown);
    }

    private static String breakdown(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((key, n) -> parts.add(key + " " + count(n)));
        return " (" + String.join(", ", parts) + ")";
    }

    /** The same digits whatever the machine's locale: the report is a file to compare. */
    private static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    /** Text for HTML element content and quoted attribute values alike. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static final String CSS =
            """
            body { margin: 0; background: #fff; color: #1b1f24;
              font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue",
                Arial, sans-serif; }
            main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 48px; }
            h1 { font-size: 24px; margin: 0 0 12px; }
            h2 { font-size: 18px; margin: 36px 0 8px; padding-bottom: 4px;
              border-bottom: 1px solid #d8dce1; }
            ul.facts { padding-left: 20px; margin: 0; }
            figure { margin: 12px 0 16px; }
            svg { display: block; max-width: 100%; height: auto; }
            div.table { overflow-x: auto; }
            table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
            th, td { padding: 4px 10px; border-bottom: 1px solid #e6e8eb; text-align: left;
              white-space: nowrap; }
            th.n, td.n { text-align: right; }
            td:last-child:not(.n) { white-space: normal; min-width: 16em; }
            thead th { background: #f3f4f6; border-bottom: 2px solid #c9ced4;
              white-space: normal; vertical-align: bottom; }
            tr.groups th { background: #fff; border-bottom: 1px solid #c9ced4;
              text-align: center; font-weight: 600; }
            tfoot td { font-weight: 600; border-top: 2px solid #c9ced4; }
            p.note { color: #4a525c; max-width: 900px; }
            """;
}
