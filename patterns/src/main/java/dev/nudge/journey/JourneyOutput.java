package dev.nudge.journey;

import dev.nudge.event.UserEvent;
import dev.nudge.policy.DecisionOutput;
import dev.nudge.profile.PredictionCheck;

/** Where a journey's results go; the Flink operator routes them to outputs and metrics. */
public interface JourneyOutput extends DecisionOutput {

    /** A snapshot of the user's profile for {@code user-profiles}, as JSON. */
    default void profile(String userId, long at, byte[] snapshot) {}

    /**
     * The user's ERASE was carried out at {@code at}: everything the journey knew of them is gone,
     * and their matches from before it are decided {@code ERASED}, also those still to come from a
     * SEQUENCE pattern's CEP operator (through the engine's erasure markers). The job writes the
     * profile's tombstone, so that compaction removes it from {@code user-profiles}.
     */
    default void erased(String userId, long at) {}

    /**
     * A purchase began a new occasion: what the user's purchase cycle had predicted for it, for the
     * backtest's accuracy table and the job's metrics.
     */
    default void predictionChecked(PredictionCheck check) {}

    /** An event that arrived after the user's clock or the watermark had passed its time. */
    void late(UserEvent event, long watermark);

    /** An event whose id the user already sent within the dedup horizon. */
    void duplicate(UserEvent event);

    /**
     * A TAG event whose tag {@code tags:} does not declare, or whose value the tag does not take:
     * the profile does not keep it.
     */
    default void ignoredTag(UserEvent event) {}

    /** Processing ran ahead of the watermark because too many events were waiting. */
    default void pendingOverflow(String userId) {}

    /**
     * An episode still open, or a moment matched and still held for its send time, when the input
     * ended (backtests only).
     */
    default void openEpisode(OpenEpisode episode) {}

    /**
     * The user's profile when the input ended, as {@code user-profiles} JSON at the time the clock
     * stopped (backtests only): for every user who still has one, whatever the snapshot throttle
     * last let through.
     */
    default void finalProfile(String userId, long at, byte[] snapshot) {}
}
