package dev.nudge.backtest;

/**
 * A history file that is not in the format it was given as, e.g. a header where the format has
 * none. Unlike a bad row, which becomes a dead letter, this stops the backtest before it starts:
 * the message names the file, what was found and the fix.
 */
public final class HistoryFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    public HistoryFormatException(String message) {
        super(message);
    }
}
