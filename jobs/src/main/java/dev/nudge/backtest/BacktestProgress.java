package dev.nudge.backtest;

/**
 * How far a backtest has got, reported while it runs so that a long input shows signs of life.
 *
 * @param rows rows read from the input so far (a header is not a row)
 * @param deadLetters rows rejected so far
 * @param events events sorted into the job's input so far (while merging), else valid rows
 * @param runs sorted runs written to disk so far
 */
public record BacktestProgress(Phase phase, long rows, long deadLetters, long events, int runs) {

    /** What the backtest is doing. */
    public enum Phase {
        /** Reading and checking rows; full chunks are sorted and written as runs meanwhile. */
        READING,
        /** Sorting the events in memory, when they fit in one chunk. */
        SORTING,
        /** Merging the sorted runs from disk into the job's input. */
        MERGING,
        /** The job runs over the sorted events. */
        RUNNING
    }

    /**
     * One line for a console, e.g. {@code reading: 1,200,000 rows, 3 dead letters, 1 sorted run on
     * disk}.
     */
    public String describe() {
        return switch (phase) {
            case READING ->
                    String.format(
                            "reading: %,d rows, %,d dead letters, %s on disk",
                            rows, deadLetters, runs(runs));
            case SORTING -> String.format("sorting: %,d events in memory", events);
            case MERGING -> String.format("merging: %,d events from %s", events, runs(runs));
            case RUNNING ->
                    String.format(
                            "running the job over %,d events (%,d rows, %,d dead letters)",
                            events, rows, deadLetters);
        };
    }

    /** {@code 1 sorted run}, {@code 2 sorted runs}. */
    static String runs(int count) {
        return String.format("%,d sorted run%s", count, count == 1 ? "" : "s");
    }
}
