package dev.nudge.backtest;

import java.nio.file.Path;

/**
 * The history a backtest reads and how it is prepared.
 *
 * @param file the history
 * @param format how its lines become events
 * @param sort how much of it is sorted in memory at a time
 * @param tempDir where the sorted events and the sort's run files are kept while the backtest runs;
 *     they are deleted at its end
 * @param until where the clock stops, in epoch milliseconds: events after it are not processed;
 *     {@link #LAST_EVENT} for the time of the last event
 */
public record BacktestInput(
        Path file, HistoryFormat format, SortLimits sort, Path tempDir, long until) {

    /** The clock stops at the last event's time. */
    public static final long LAST_EVENT = Long.MAX_VALUE;

    /**
     * A history in the default format (JSON lines) with the default sort limits, prepared in the
     * system temp dir, its clock stopping at its last event.
     */
    public static BacktestInput of(Path file) {
        return new BacktestInput(
                file,
                new JsonLinesHistory(),
                SortLimits.defaults(),
                Path.of(System.getProperty("java.io.tmpdir")),
                LAST_EVENT);
    }

    public BacktestInput withFormat(HistoryFormat format) {
        return new BacktestInput(file, format, sort, tempDir, until);
    }

    public BacktestInput withSort(SortLimits sort) {
        return new BacktestInput(file, format, sort, tempDir, until);
    }

    public BacktestInput withTempDir(Path tempDir) {
        return new BacktestInput(file, format, sort, tempDir, until);
    }

    /**
     * The same history with the clock stopping at {@code until}: events at that time are processed,
     * later ones are counted and ignored.
     */
    public BacktestInput withUntil(long until) {
        return new BacktestInput(file, format, sort, tempDir, until);
    }
}
