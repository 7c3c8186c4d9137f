package dev.nudge.backtest;

import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;

/**
 * A checked event of a history as the job will read it: its event time, for sorting, and its {@code
 * user-events} JSON, exactly the bytes that passed the parser; with its type and whether it has a
 * price, which the report counts to say why a pattern matched nothing ({@link InputEvents}).
 */
record TimedEvent(long ts, byte[] json, EventType type, boolean priced) {

    /** The event as parsed from {@code json}. */
    static TimedEvent of(UserEvent event, byte[] json) {
        return new TimedEvent(event.ts(), json, event.type(), event.price() != null);
    }
}
