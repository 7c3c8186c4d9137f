package dev.nudge.journey;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the journey operator treats time and bounds its state (from {@code config/job.yaml}).
 *
 * @param dedupHorizon a repeated event id within this much event time is dropped
 * @param idleExpiry a user's state is dropped after this much event time without events
 * @param releaseDelay how long an event the watermark has passed may wait for the user's next
 *     event, to be processed with it in one state access; capped by what every detector tolerates
 *     without a later output ({@code Detector#releaseSlack}), so it never changes results or delays
 *     an action
 * @param maxPendingEvents the most events a user may have waiting for the watermark; beyond it the
 *     oldest is processed at once, and events behind it become late
 * @param profileInterval the least event time between two snapshots of one user's profile on {@code
 *     user-profiles}
 * @param erasureMemory how long, in event time, an erased user is remembered (by a hash of the id,
 *     outside the user's state) so that a match built from events before the erasure is suppressed
 * @param maxErasureMarkers the most erased users remembered per operator instance
 * @param journeyCache how many decoded journeys each operator instance keeps in memory in front of
 *     RocksDB, written back when they leave it or at the next checkpoint (0: none); unused on the
 *     heap backend
 * @param clockLimit the user's clock never passes this time; {@link Long#MAX_VALUE} in production,
 *     the last input time in a backtest (the end of a file is not the end of time)
 */
public record JourneySettings(
        Duration dedupHorizon,
        Duration idleExpiry,
        Duration releaseDelay,
        int maxPendingEvents,
        Duration profileInterval,
        Duration erasureMemory,
        int maxErasureMarkers,
        int journeyCache,
        long clockLimit)
        implements Serializable {

    public static JourneySettings defaults() {
        return new JourneySettings(
                Duration.ofHours(1),
                Duration.ofDays(180),
                Duration.ofHours(1),
                64,
                Duration.ofHours(1),
                Duration.ofDays(7),
                10_000,
                4096,
                Long.MAX_VALUE);
    }

    public JourneySettings withClockLimit(long limit) {
        return new JourneySettings(
                dedupHorizon,
                idleExpiry,
                releaseDelay,
                maxPendingEvents,
                profileInterval,
                erasureMemory,
                maxErasureMarkers,
                journeyCache,
                limit);
    }

    public JourneySettings withIdleExpiry(Duration expiry) {
        return new JourneySettings(
                dedupHorizon,
                expiry,
                releaseDelay,
                maxPendingEvents,
                profileInterval,
                erasureMemory,
                maxErasureMarkers,
                journeyCache,
                clockLimit);
    }

    public JourneySettings withReleaseDelay(Duration delay) {
        return new JourneySettings(
                dedupHorizon,
                idleExpiry,
                delay,
                maxPendingEvents,
                profileInterval,
                erasureMemory,
                maxErasureMarkers,
                journeyCache,
                clockLimit);
    }

    public JourneySettings withMaxPendingEvents(int max) {
        return new JourneySettings(
                dedupHorizon,
                idleExpiry,
                releaseDelay,
                max,
                profileInterval,
                erasureMemory,
                maxErasureMarkers,
                journeyCache,
                clockLimit);
    }

    public JourneySettings withJourneyCache(int journeys) {
        return new JourneySettings(
                dedupHorizon,
                idleExpiry,
                releaseDelay,
                maxPendingEvents,
                profileInterval,
                erasureMemory,
                maxErasureMarkers,
                journeys,
                clockLimit);
    }
}
