package dev.nudge.sequence;

import java.io.Serializable;

/**
 * How many events of a SEQUENCE pattern's types one user may send into Flink CEP: a token bucket in
 * event time that holds {@code maxBurst} events and refills {@code maxEventsPerMinute} a minute. A
 * shopper never comes near it; a user or bot flooding the pattern's event types is held to it, so
 * that one key cannot make the CEP operator's work, and its buffer of events waiting for the
 * watermark, grow without bound. Deterministic: the same events in the same order are admitted
 * alike in every run and backtest.
 *
 * <p>The bucket of a user is two numbers, kept in state between events: the tokens left, in units
 * of 1/60,000 of an event (one minute's refill per event unit is {@code maxEventsPerMinute}), and
 * the event time they were counted at. Events older than that time refill nothing.
 *
 * @param maxBurst events admitted at once from a full bucket
 * @param maxEventsPerMinute events admitted per minute of event time once the burst is spent
 */
public record EventBudget(int maxBurst, int maxEventsPerMinute) implements Serializable {
    private static final long UNITS_PER_EVENT = 60_000;

    public EventBudget {
        if (maxBurst < 1 || maxEventsPerMinute < 1) {
            throw new IllegalArgumentException("maxBurst and maxEventsPerMinute must be positive");
        }
    }

    /**
     * Admits or refuses one event at {@code time}.
     *
     * @param bucket the user's bucket ({@code tokens, time}) or {@code null} for a full one
     * @return the bucket after the event, or {@code null} if the event is refused (the bucket is
     *     then unchanged)
     */
    long[] admit(long[] bucket, long time) {
        long capacity = maxBurst * UNITS_PER_EVENT;
        long tokens;
        long counted;
        if (bucket == null) {
            tokens = capacity;
            counted = time;
        } else {
            tokens = bucket[0];
            counted = bucket[1];
            if (time > counted) {
                long elapsed = time - counted;
                // Saturating: a long quiet spell fills the bucket, never overflows it.
                long refill =
                        elapsed > capacity / maxEventsPerMinute
                                ? capacity
                                : elapsed * maxEventsPerMinute;
                tokens = Math.min(capacity, tokens + refill);
                counted = time;
            }
        }
        if (tokens < UNITS_PER_EVENT) {
            return null;
        }
        return new long[] {tokens - UNITS_PER_EVENT, counted};
    }
}
