package dev.nudge.backtest;

/**
 * A checked event of a history as the job will read it: its event time, for sorting, and its {@code
 * user-events} JSON, exactly the bytes that passed the parser.
 */
record TimedEvent(long ts, byte[] json) {}
