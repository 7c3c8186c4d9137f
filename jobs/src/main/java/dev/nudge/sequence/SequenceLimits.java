package dev.nudge.sequence;

import java.io.Serializable;

/**
 * The per-user bounds of every SEQUENCE pattern's CEP operator ({@code sequences} in {@code
 * job.yaml}).
 *
 * @param maxBurst events of the pattern's types a user may send at once
 * @param maxEventsPerMinute and then per minute of event time; more are dead letters ({@code
 *     RATE_LIMITED}) for this pattern, while the rest of the job still sees them
 * @param maxPartialMatches partial matches kept per user; beyond it those that began last are
 *     dropped
 */
public record SequenceLimits(int maxBurst, int maxEventsPerMinute, int maxPartialMatches)
        implements Serializable {

    public static final SequenceLimits DEFAULTS = new SequenceLimits(200, 60, 100);

    EventBudget budget() {
        return new EventBudget(maxBurst, maxEventsPerMinute);
    }
}
