package dev.nudge.report;

import java.util.List;

/**
 * One table of a report with its cells already formatted, so that the Markdown and the HTML show
 * the very same figures.
 *
 * @param columns the columns; a run of columns with the same {@link Column#group} is headed by it
 *     in the HTML, and explained by {@code note} in both
 * @param total the totals row, or empty for none
 * @param note a sentence or two under the table on how to read it, or empty
 * @param empty what is shown instead of a table without rows
 */
public record ReportTable(
        List<Column> columns,
        List<List<String>> rows,
        List<String> total,
        String note,
        String empty) {

    /** A column: its heading, whether it holds numbers (right-aligned), and its group or "". */
    public record Column(String name, boolean number, String group) {
        public static Column text(String name) {
            return new Column(name, false, "");
        }

        public static Column number(String name) {
            return new Column(name, true, "");
        }

        public Column in(String group) {
            return new Column(name, number, group);
        }
    }

    /**
     * Appends the table as Markdown: the header, the rows, the total and the note; or the {@code
     * empty} text alone. Groups are not shown: the note explains them.
     */
    public void appendMarkdown(StringBuilder md) {
        if (rows.isEmpty()) {
            md.append(empty).append('\n');
            return;
        }
        markdownRow(md, columns.stream().map(Column::name).toList());
        md.append('|');
        columns.forEach(c -> md.append(c.number() ? "---:|" : "---|"));
        md.append('\n');
        rows.forEach(row -> markdownRow(md, row));
        if (!total.isEmpty()) {
            markdownRow(md, total);
        }
        if (!note.isEmpty()) {
            md.append('\n').append(note).append('\n');
        }
    }

    private static void markdownRow(StringBuilder md, List<String> cells) {
        md.append('|');
        // A pipe inside a cell would end it.
        cells.forEach(cell -> md.append(' ').append(cell.replace("|", "\\|")).append(" |"));
        md.append('\n');
    }
}
