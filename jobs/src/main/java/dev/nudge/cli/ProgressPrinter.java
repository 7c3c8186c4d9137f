package dev.nudge.cli;

import dev.nudge.backtest.BacktestProgress;
import dev.nudge.backtest.BacktestProgress.Phase;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Prints a backtest's progress to the console at most once per interval, so that a long input shows
 * signs of life and a short one prints nothing: each phase (reading, sorting, merging, running the
 * job) with a bar of how much of it is done, its count and its rate since the phase began, e.g.
 * {@code reading [########--------] 52% 1,234,567 rows 410k rows/s}. Once anything was printed, the
 * start of the job is printed too, since the job's first report comes a while later. Plain ASCII,
 * like every other line the commands print: a terminal may not take more.
 */
final class ProgressPrinter implements Consumer<BacktestProgress> {
    private static final int BAR_WIDTH = 20;

    private final PrintWriter console;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final long start;
    private long lastPrinted;
    private boolean printedAny;
    private Phase phase;
    private long phaseStart;
    private long phaseStartCount;

    /**
     * @param nanoClock a monotonic clock in nanoseconds, e.g. {@code System::nanoTime}
     */
    ProgressPrinter(PrintWriter console, Duration interval, LongSupplier nanoClock) {
        this.console = console;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
        this.lastPrinted = start;
        this.phaseStart = start;
    }

    @Override
    public void accept(BacktestProgress progress) {
        long now = nanoClock.getAsLong();
        boolean newPhase = progress.phase() != phase;
        if (newPhase) {
            // Reading begins with the printer; each later phase when it is first reported.
            if (phase != null) {
                phaseStart = now;
                phaseStartCount = progress.count();
            }
            phase = progress.phase();
        }
        boolean due = now - lastPrinted >= intervalNanos;
        boolean jobStarts = newPhase && progress.phase() == Phase.RUNNING && printedAny;
        if (due || jobStarts) {
            console.printf(
                    "backtest %6.1f s  %s%n",
                    (now - start) / 1e9, line(progress, now - phaseStart));
            console.flush();
            lastPrinted = now;
            printedAny = true;
        }
    }

    /**
     * One phase's line, e.g. {@code running [####------] 25% 250,000 of 1,000,000 events 80k
     * events/s (3 dead letters)}.
     */
    private String line(BacktestProgress progress, long phaseNanos) {
        StringBuilder line = new StringBuilder();
        line.append(
                String.format(
                        Locale.ROOT, "%-9s ", progress.phase().name().toLowerCase(Locale.ROOT)));
        line.append(bar(progress.fraction()))
                .append(String.format(Locale.ROOT, " %3d%%  ", (int) (progress.fraction() * 100)));
        line.append(String.format(Locale.ROOT, "%,d ", progress.count()));
        if (progress.total() != BacktestProgress.UNKNOWN) {
            line.append(String.format(Locale.ROOT, "of %,d ", progress.total()));
        }
        line.append(progress.unit());
        if (phaseNanos > 0) {
            double perSecond = (progress.count() - phaseStartCount) / (phaseNanos / 1e9);
            line.append("  ")
                    .append(rate(perSecond))
                    .append(' ')
                    .append(progress.unit())
                    .append("/s");
        }
        return line.append(" (").append(progress.detail()).append(')').toString();
    }

    /** {@code [########------------]}: how much of the phase is done. */
    static String bar(double fraction) {
        int full = (int) Math.round(Math.max(0, Math.min(1, fraction)) * BAR_WIDTH);
        return "[" + "#".repeat(full) + "-".repeat(BAR_WIDTH - full) + "]";
    }

    /** {@code 950}, {@code 410k}, {@code 1.2M}. */
    static String rate(double perSecond) {
        if (perSecond < 1_000) {
            return String.format(Locale.ROOT, "%.0f", perSecond);
        } else if (perSecond < 1_000_000) {
            return String.format(Locale.ROOT, "%.0fk", perSecond / 1_000);
        }
        return String.format(Locale.ROOT, "%.1fM", perSecond / 1_000_000);
    }
}
