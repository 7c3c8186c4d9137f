package dev.nudge.backtest;

/**
 * How far a backtest has got, reported while it runs so that a long input shows signs of life and
 * how long it has still to go.
 *
 * @param count what the phase has done so far: rows read while {@link Phase#READING}, else events
 *     sorted, merged or read by the job
 * @param total the events the phase has to do, or {@link #UNKNOWN} while reading (the rows of a
 *     file are not known before it is read)
 * @param fraction how much of the phase is done, from 0 to 1: while reading, the bytes read of the
 *     file's size; else {@code count} of {@code total}
 * @param deadLetters rows rejected so far
 * @param runs sorted runs written to disk so far
 */
public record BacktestProgress(
        Phase phase, long count, long total, double fraction, long deadLetters, int runs) {

    /** A total not known yet. */
    public static final long UNKNOWN = -1;

    /** What the backtest is doing. */
    public enum Phase {
        /** Reading and checking rows; full chunks are sorted and written as runs meanwhile. */
        READING,
        /** Sorting the events in memory and writing them in order, when they fit in one chunk. */
        SORTING,
        /** Merging the sorted runs from disk into the job's input. */
        MERGING,
        /** The job runs over the sorted events. */
        RUNNING
    }

    /** Rows read so far, {@code bytesRead} of a file of {@code fileBytes}. */
    public static BacktestProgress reading(
            long rows, long bytesRead, long fileBytes, long deadLetters, int runs) {
        double fraction = fileBytes > 0 ? Math.min(1.0, (double) bytesRead / fileBytes) : 1.0;
        return new BacktestProgress(Phase.READING, rows, UNKNOWN, fraction, deadLetters, runs);
    }

    /** {@code events} of {@code total} done in {@code phase}. */
    public static BacktestProgress events(
            Phase phase, long events, long total, long deadLetters, int runs) {
        double fraction = total > 0 ? Math.min(1.0, (double) events / total) : 1.0;
        return new BacktestProgress(phase, events, total, fraction, deadLetters, runs);
    }

    /** What {@link #count} counts: {@code rows} or {@code events}. */
    public String unit() {
        return phase == Phase.READING ? "rows" : "events";
    }

    /** {@code 1 sorted run}, {@code 2 sorted runs}. */
    static String runs(int count) {
        return String.format("%,d sorted run%s", count, count == 1 ? "" : "s");
    }

    /** What the phase has on the side, e.g. {@code 7 dead letters, 2 sorted runs on disk}. */
    public String detail() {
        return switch (phase) {
            case READING -> String.format("%,d dead letters, %s on disk", deadLetters, runs(runs));
            case SORTING -> "in memory";
            case MERGING -> "from " + runs(runs);
            case RUNNING -> String.format("%,d dead letters", deadLetters);
        };
    }
}
