package dev.nudge.backtest;

import java.util.List;

/**
 * One table of the backtest report with its cells already formatted, so that the Markdown and the
 * HTML show the very same figures.
 *
 * @param columns the columns; a run of columns with the same {@link Column#group} is headed by it
 *     in the HTML, and explained by {@code note} in both
 * @param total the totals row, or empty for none
 * @param note a sentence or two under the table on how to read it, or empty
 * @param empty what is shown instead of a table without rows
 */
record ReportTable(
        List<Column> columns,
        List<List<String>> rows,
        List<String> total,
        String note,
        String empty) {

    /** A column: its heading, whether it holds numbers (right-aligned), and its group or "". */
    record Column(String name, boolean number, String group) {
        static Column text(String name) {
            return new Column(name, false, "");
        }

        static Column number(String name) {
            return new Column(name, true, "");
        }

        Column in(String group) {
            return new Column(name, number, group);
        }
    }
}
