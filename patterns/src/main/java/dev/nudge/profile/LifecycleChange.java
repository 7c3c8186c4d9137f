package dev.nudge.profile;

import dev.nudge.config.LifecycleStage;

/**
 * A user's lifecycle stage changed at {@code at} (event time): on a purchase, or when the time
 * without one reached {@code silentAfter} or {@code churnedAfter}.
 *
 * @param reactivation a purchase brought the user back from SILENT or CHURNED
 */
public record LifecycleChange(LifecycleStage from, LifecycleStage to, long at, boolean reactivation)
        implements ProfileSignal {

    @Override
    public Kind kind() {
        return Kind.LIFECYCLE;
    }
}
