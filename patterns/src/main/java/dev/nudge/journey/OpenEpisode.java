package dev.nudge.journey;

import dev.nudge.config.PatternType;
import dev.nudge.event.Times;

/**
 * What a bounded input left unfinished when it ended: a backtest reports it instead of firing it,
 * because the end of a file is not the end of time. Either an episode still open (a detector
 * waiting for its window to end, say), which is no match yet; or a held moment: a match already
 * made whose action waits for its send time (quiet hours, the user's best hour) past the clock's
 * stop, which is a match without a decision yet.
 *
 * @param since when the episode began; for a held moment, when it was recognised: its match's
 *     trigger time
 * @param heldUntil for a held moment, when it leaves the hold: its planned send time, or its expiry
 *     if that comes first; {@link Times#NONE} for an open episode
 * @param flowId for a held message of a flow's send, the flow (and {@code patternId} the pattern
 *     whose match entered the user); else {@code null}
 * @param step the flow's send step, or {@code null}
 */
public record OpenEpisode(
        String userId,
        String patternId,
        PatternType type,
        long since,
        long heldUntil,
        String flowId,
        String step) {

    /** An open episode or a held moment of a pattern's own. */
    public OpenEpisode(
            String userId, String patternId, PatternType type, long since, long heldUntil) {
        this(userId, patternId, type, since, heldUntil, null, null);
    }

    /** Whether this is a held moment, a match waiting for its send time, not an open episode. */
    public boolean isHeldAction() {
        return heldUntil != Times.NONE;
    }
}
