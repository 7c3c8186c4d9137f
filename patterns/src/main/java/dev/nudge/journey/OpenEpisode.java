package dev.nudge.journey;

import dev.nudge.pattern.PatternType;

/**
 * An episode still open when a bounded input ended: a backtest reports it instead of firing it,
 * because the end of a file is not the end of time (SPEC §8).
 *
 * <p>An action held for quiet hours or the user's best hour past the end is reported the same way,
 * with the time it would have been released.
 *
 * @param since when the episode began
 * @param heldUntil the planned send time of a held action; {@link Long#MIN_VALUE} for an episode
 */
public record OpenEpisode(
        String userId, String patternId, PatternType type, long since, long heldUntil) {

    public static final long NOT_HELD = Long.MIN_VALUE;

    public boolean isHeldAction() {
        return heldUntil != NOT_HELD;
    }
}
