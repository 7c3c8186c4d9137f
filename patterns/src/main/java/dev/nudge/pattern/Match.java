package dev.nudge.pattern;

import dev.nudge.config.PatternType;
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
 * @param reason one sentence for people: why this user, why now; at most {@link #MAX_REASON}
 *     characters
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

    /** The longest reason kept: a longer sentence is cut, so that every output stays bounded. */
    public static final int MAX_REASON = 1000;

    public Match {
        evidence =
                List.copyOf(
                        evidence.size() > MAX_EVIDENCE
                                ? evidence.subList(0, MAX_EVIDENCE)
                                : evidence);
        if (reason != null && reason.length() > MAX_REASON) {
            int end = MAX_REASON - 1;
            if (Character.isHighSurrogate(reason.charAt(end - 1))) {
                end--;
            }
            reason = reason.substring(0, end) + "…";
        }
    }
}
