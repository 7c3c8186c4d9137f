package dev.nudge.report;

import dev.nudge.report.Experiments.Feedback;
import dev.nudge.report.Experiments.PatternRows;
import dev.nudge.report.Experiments.Result;
import dev.nudge.report.Experiments.Row;
import dev.nudge.report.ReportTable.Column;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The two tables of {@link Experiments} that both reports show, per pattern and variant with the
 * pattern's holdout as its own row: what was sent, suppressed and fed back; and the goal
 * conversions per user. Live, the second compares each variant with the holdout ({@link Uplift},
 * {@link RevenueDifference}); in a backtest nothing was sent, so it shows the balance of the split
 * and no comparison at all.
 */
public final class ExperimentTables {
    /**
     * What a backtest can and cannot show, said wherever its treatment and holdout figures appear.
     */
    public static final String BACKTEST_CAVEAT =
            "Backtest: no message was sent, so treatment and holdout can only differ by chance"
                    + " - this checks the split, it does not measure an effect.";

    /** Whether the records are of a backtest (nothing sent) or of the live job. */
    public enum Mode {
        LIVE,
        BACKTEST
    }

    private ExperimentTables() {}

    /** Decisions, sends, holdouts, suppressions by reason and the feedback of what was sent. */
    public static ReportTable sends(Result result, Mode mode) {
        List<String> reasons = new ArrayList<>(reasons(result));
        List<Column> columns = new ArrayList<>(key());
        columns.add(Column.number("decisions"));
        columns.add(Column.number("sent"));
        columns.add(Column.number("held out"));
        reasons.forEach(reason -> columns.add(Column.number(reason).in("suppressed")));
        columns.add(Column.number("delivered").in("feedback per sent action"));
        columns.add(Column.number("opened").in("feedback per sent action"));
        columns.add(Column.number("clicked").in("feedback per sent action"));
        List<List<String>> rows = new ArrayList<>();
        for (PatternRows pattern : result.patterns()) {
            for (Row row : pattern.rows()) {
                List<String> cells = new ArrayList<>(key(row));
                cells.add(count(row.decisions()));
                cells.add(count(row.sent()));
                cells.add(count(row.heldOut()));
                reasons.forEach(
                        reason -> cells.add(count(row.suppressed().getOrDefault(reason, 0L))));
                cells.addAll(feedback(row));
                rows.add(cells);
            }
        }
        String feedbackNote =
                mode == Mode.LIVE
                        ? " Delivered, opened, clicked: the share of the row's SENT actions of the"
                                + " range with that step linked to them on marketing-engagement"
                                + " (each step of an action once); \"no feedback\" when none came"
                                + " back for the row (senders report none, or the range is too"
                                + " recent)."
                        : " Delivered, opened, clicked: the share of the row's SENT actions with"
                                + " that step linked to them; a backtest links only feedback"
                                + " events of its history that name an action it sent, so it"
                                + " usually has \"no feedback\".";
        return new ReportTable(
                columns,
                rows,
                List.of(),
                "One row per variant of a pattern's treatment (\"-\": the pattern has no variants)"
                        + " and one for its holdout: held-out users are in no variant. Decisions:"
                        + " all of the row's; every one is sent, held out or suppressed for the"
                        + " reason in its column."
                        + feedbackNote,
                "No decisions.");
    }

    /**
     * Per row its users (with at least one SENT, or HOLDOUT, decision) and their share of the
     * pattern's, the goal conversions and revenue of those users, the users who converted; live,
     * each variant against the holdout.
     */
    public static ReportTable conversions(Result result, Mode mode) {
        return conversions(result, mode, "");
    }

    /**
     * {@link #conversions(Result, Mode)}, with the revenue shown as "-" when {@code noRevenue} says
     * why there is none (e.g. "no prices in the input"): 0.00 would read as a measured nothing.
     *
     * @param noRevenue why no revenue can be shown, or empty to show it
     */
    public static ReportTable conversions(Result result, Mode mode, String noRevenue) {
        boolean revenue = noRevenue.isEmpty();
        List<Column> columns = new ArrayList<>(key());
        columns.add(Column.number("users"));
        columns.add(Column.number("share of users"));
        columns.add(Column.text("goal"));
        columns.add(Column.number("conversions"));
        columns.add(Column.number("revenue"));
        columns.add(Column.number("converted users"));
        columns.add(Column.number("user conversion rate"));
        columns.add(Column.number("revenue per user"));
        if (mode == Mode.LIVE) {
            columns.add(Column.text("uplift vs holdout, 95% CI").in("against the holdout"));
            columns.add(
                    Column.text("revenue per user vs holdout, 95% CI").in("against the holdout"));
        }
        List<List<String>> rows = new ArrayList<>();
        for (PatternRows pattern : result.patterns()) {
            long patternUsers = pattern.users();
            Row holdout = pattern.holdout();
            for (Row row : pattern.rows()) {
                Users users = row.users();
                List<String> cells = new ArrayList<>(key(row));
                cells.add(count(users.users()));
                cells.add(patternUsers == 0 ? "-" : percent((double) users.users() / patternUsers));
                cells.add(row.goals().isEmpty() ? "-" : String.join(", ", row.goals()));
                cells.add(count(row.conversions()));
                cells.add(revenue ? money(row.revenue()) : "-");
                cells.add(count(users.converted()));
                cells.add(users.users() == 0 ? "-" : percent(users.rate()));
                cells.add(users.users() == 0 || !revenue ? "-" : amount(users.revenuePerUser()));
                if (mode == Mode.LIVE) {
                    if (row.isHoldout()) {
                        cells.add("-");
                        cells.add("-");
                    } else {
                        cells.add(uplift(users, holdout.users()));
                        cells.add(revenueDifference(users, holdout.users()));
                    }
                }
                rows.add(cells);
            }
        }
        String note =
                mode == Mode.LIVE
                        ? "Users are the unit, as the split puts users, not decisions, into an"
                                + " arm: a variant's users have at least one SENT decision of it"
                                + " in the range, the holdout's at least one HOLDOUT decision; a"
                                + " user with several decisions counts once. Converted users have"
                                + " at least one conversion of the pattern in that arm and variant"
                                + " (the goal the pattern names, attributed to the user's latest"
                                + " SENT or HOLDOUT decision). Uplift: the variant's user"
                                + " conversion rate minus the holdout's, in percentage points"
                                + " (pp), with a 95% confidence interval by Newcombe's hybrid"
                                + " score method (from the Wilson interval of each rate). Revenue"
                                + " per user: the variant's mean minus the holdout's (users who"
                                + " did not convert count as 0), with a 95% interval by Welch's"
                                + " normal approximation (each arm its own variance); revenue is"
                                + " skewed, so with few converted users it is a rough guide. Both"
                                + " are shown when each arm has at least "
                                + Uplift.MIN_ARM_USERS
                                + " users. An interval that includes 0 does not show that the"
                                + " variant makes a difference; comparing many variants, expect"
                                + " one in twenty intervals to miss by chance."
                        : BACKTEST_CAVEAT
                                + " Users: with at least one SENT decision of the variant (or"
                                + " HOLDOUT decision) in the backtest; share of users: the split"
                                + " between the pattern's rows, to hold against the configured"
                                + " holdout percent and variant weights. Conversions: goal events"
                                + " after would-be sends, attributed to the user's latest SENT or"
                                + " HOLDOUT decision; they are what the history did anyway.";
        if (!revenue) {
            note += " Revenue \"-\": " + noRevenue + ".";
        }
        return new ReportTable(columns, rows, List.of(), note, "No decisions.");
    }

    /** The Markdown of both tables under their headings, as the reports print them. */
    public static void appendMarkdown(StringBuilder md, Result result, Mode mode) {
        md.append("\n## ").append(SENDS_HEADING).append("\n\n");
        sends(result, mode).appendMarkdown(md);
        md.append("\n## ")
                .append(mode == Mode.LIVE ? CONVERSIONS_HEADING : BACKTEST_CONVERSIONS_HEADING)
                .append("\n\n");
        conversions(result, mode).appendMarkdown(md);
    }

    public static final String SENDS_HEADING = "Sends and feedback per pattern and variant";
    public static final String CONVERSIONS_HEADING =
            "Goal conversions per user, each variant against the holdout";
    public static final String BACKTEST_CONVERSIONS_HEADING =
            "Goal conversions per user and the balance of the split (no effect measured)";

    private static List<Column> key() {
        return List.of(Column.text("pattern"), Column.text("arm"), Column.text("variant"));
    }

    private static List<String> key(Row row) {
        return List.of(
                row.patternId(),
                row.isHoldout() ? "holdout" : "treatment",
                row.variant() == null ? "-" : row.variant());
    }

    private static List<String> feedback(Row row) {
        if (row.sent() == 0) {
            return List.of("-", "-", "-");
        }
        Feedback f = row.feedback();
        if (f.none()) {
            return List.of("no feedback", "no feedback", "no feedback");
        }
        return List.of(
                share(f.delivered(), row.sent()),
                share(f.opened(), row.sent()),
                share(f.clicked(), row.sent()));
    }

    private static TreeSet<String> reasons(Result result) {
        TreeSet<String> reasons = new TreeSet<>();
        result.patterns()
                .forEach(p -> p.rows().forEach(row -> reasons.addAll(row.suppressed().keySet())));
        return reasons;
    }

    /** "+2.3 pp (95% CI -0.8 to +5.4)", or why there is none. */
    static String uplift(Users treatment, Users holdout) {
        Optional<Uplift> uplift = Uplift.of(treatment, holdout);
        if (uplift.isEmpty()) {
            return Uplift.withheld(treatment, holdout).orElseThrow();
        }
        Uplift u = uplift.get();
        return points(u.difference())
                + " pp (95% CI "
                + points(u.lower())
                + " to "
                + points(u.upper())
                + ")";
    }

    /** "+1.25 (95% CI -0.40 to +2.90)", or why there is none. */
    static String revenueDifference(Users treatment, Users holdout) {
        Optional<RevenueDifference> difference = RevenueDifference.of(treatment, holdout);
        if (difference.isEmpty()) {
            return Uplift.withheld(treatment, holdout).orElseThrow();
        }
        RevenueDifference d = difference.get();
        return signed(d.difference())
                + " (95% CI "
                + signed(d.lower())
                + " to "
                + signed(d.upper())
                + ")";
    }

    /** A difference of rates in percentage points with its sign; never "-0.0". */
    static String points(double fraction) {
        String text = format("%+.1f", 100 * fraction);
        return text.equals("-0.0") ? "+0.0" : text;
    }

    private static String signed(double amount) {
        String text = format("%+,.2f", amount);
        return text.equals("-0.00") ? "+0.00" : text;
    }

    private static String share(long part, long whole) {
        return percent((double) part / whole) + " (" + count(part) + ")";
    }

    public static String count(long n) {
        return format("%,d", n);
    }

    public static String percent(double fraction) {
        return format("%.1f%%", 100 * fraction);
    }

    private static String amount(double amount) {
        return format("%,.2f", amount);
    }

    /** Grouped thousands and at least two decimals, exactly: 1,160.00, 0.125. */
    public static String money(BigDecimal amount) {
        BigDecimal shown = amount.scale() < 2 ? amount.setScale(2) : amount;
        return format("%,." + shown.scale() + "f", shown);
    }

    /** The same digits whatever the machine's locale: the report is a file to compare. */
    private static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
