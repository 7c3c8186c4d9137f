package dev.nudge.config;

import java.time.Duration;

/**
 * When users without purchases become SILENT and then CHURNED: after the same {@code silentAfter}
 * and {@code churnedAfter} for everyone ({@link Mode#GLOBAL}), or by each user's own rhythm ({@link
 * Mode#PERSONAL}, docs/profile.md, "Profile"): once a user has {@code profile.minOccasions}
 * occasions, SILENT after {@code silentGaps} times the 90th percentile of their gaps, no sooner
 * than {@code minSilentAfter}, and CHURNED after {@code churnedGaps} times it, no sooner than twice
 * that — each never later than the global value, which users without that history keep.
 */
public record LifecycleSpec(
        Mode mode,
        Duration silentAfter,
        Duration churnedAfter,
        double silentGaps,
        double churnedGaps,
        Duration minSilentAfter) {

    /** Whose rhythm says a user has lapsed. */
    public enum Mode {
        GLOBAL,
        PERSONAL
    }

    /** The global rule alone. */
    public LifecycleSpec(Duration silentAfter, Duration churnedAfter) {
        this(Mode.GLOBAL, silentAfter, churnedAfter, 2, 6, Duration.ofDays(7));
    }

    /** The percentile of a user's gaps the personal rule multiplies. */
    public static final int PERSONAL_PERCENTILE = 90;
}
