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
 */
public record BacktestInput(Path file, HistoryFormat format, SortLimits sort, Path tempDir) {

    /**
     * A history in the default format (JSON lines) with the default sort limits, prepared in the
     * system temp dir.
     */
    public static BacktestInput of(Path file) {
        return new BacktestInput(
                file,
                new JsonLinesHistory(),
                SortLimits.defaults(),
                Path.of(System.getProperty("java.io.tmpdir")));
    }

    public BacktestInput withFormat(HistoryFormat format) {
        return new BacktestInput(file, format, sort, tempDir);
    }

    public BacktestInput withSort(SortLimits sort) {
        return new BacktestInput(file, format, sort, tempDir);
    }

    public BacktestInput withTempDir(Path tempDir) {
        return new BacktestInput(file, format, sort, tempDir);
    }
}
