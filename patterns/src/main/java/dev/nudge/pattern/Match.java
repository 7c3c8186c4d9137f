package dev.nudge.pattern;

import dev.nudge.policy.ActionParams;
import java.util.List;

/**
 * One recognised marketing moment: a pattern matched one episode of a user's journey.
 *
 * @param triggeredAt when the moment became knowable: the window end for absence patterns, the
 *     completing event otherwise
 * @param anchorAt when the episode began (its first event)
 * @param evidence ids of the events that made the moment, first ones first, at most {@link
 *     #MAX_EVIDENCE}
 * @param params what the moment tells a template (items, category ...)
 * @param reason one sentence for people: why this user, why now
 */
public record Match(
        String patternId,
        PatternType type,
        String userId,
        long triggeredAt,
        long anchorAt,
        List<String> evidence,
        ActionParams params,
        String reason) {

    public static final int MAX_EVIDENCE = 20;

    public Match {
        evidence = List.copyOf(evidence);
    }
}
