package dev.nudge.demo;

import dev.nudge.config.Shown;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The demo's output: whole lines from several threads (the demo itself, the feeder, the watcher),
 * each flushed at once, and the seconds since the demo began for every line that tells of something
 * happening. Remembers when it last printed, so that a quiet screen can be filled with a progress
 * line.
 */
final class Screen {
    private final PrintWriter out;
    private final long startedNanos;
    private final int width;
    private long lastLineNanos;

    /**
     * @param width the terminal's width, to which lines of what is happening are cut
     */
    Screen(PrintWriter out, long startedNanos, int width) {
        this.out = out;
        this.startedNanos = startedNanos;
        this.width = width;
        this.lastLineNanos = startedNanos;
    }

    /** Seconds since the demo began. */
    double seconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    synchronized void line(String text) {
        out.println(text);
        out.flush();
        lastLineNanos = System.nanoTime();
    }

    /**
     * A line of what is happening, in the time column of the actions, cut to the width like an
     * action's line.
     */
    void status(String format, Object... args) {
        String time = String.format(Locale.ROOT, "  %5.1fs  ", seconds());
        String text = String.format(Locale.ROOT, format, args);
        line(time + Shown.clipped(text, Math.max(2, width - time.length())));
    }

    /** A line under a line of what is happening, indented below its text and cut to the width. */
    void detail(String text) {
        String indent = "            ";
        line(indent + Shown.clipped(text, Math.max(2, width - indent.length())));
    }

    /** Milliseconds since the last line. */
    synchronized long quietMillis() {
        return (System.nanoTime() - lastLineNanos) / 1_000_000;
    }
}
