package dev.nudge.cli;

import dev.nudge.backtest.BacktestProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Prints a backtest's progress to the console at most once per interval, so that a long input shows
 * signs of life and a short one prints nothing. Once anything was printed, the start of the job is
 * printed too, since the job then runs for a while without reports.
 */
final class ProgressPrinter implements Consumer<BacktestProgress> {
    private final PrintWriter console;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final long start;
    private long lastPrinted;
    private boolean printedAny;

    /**
     * @param nanoClock a monotonic clock in nanoseconds, e.g. {@code System::nanoTime}
     */
    ProgressPrinter(PrintWriter console, Duration interval, LongSupplier nanoClock) {
        this.console = console;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.lastPrinted = start;
    }

    @Override
    public void accept(BacktestProgress progress) {
        long now = nanoClock.getAsLong();
        boolean due = now - lastPrinted >= intervalNanos;
        boolean jobStarts = progress.phase() == BacktestProgress.Phase.RUNNING && printedAny;
        if (due || jobStarts) {
            console.printf("backtest %6.1f s  %s%n", (now - start) / 1e9, progress.describe());
            console.flush();
            lastPrinted = now;
            printedAny = true;
        }
    }
}
