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
 * @param flow the step of a flow this match sends for, or {@code null} for a pattern's own moment;
 *     a flow's send carries the moment that entered the user ({@code patternId}, {@code type},
 *     {@code params}, {@code anchorAt} its trigger time)
 */
public record Match(
        String patternId,
        PatternType type,
        String userId,
        long triggeredAt,
        long anchorAt,
        List<String> evidence,
        ActionParams params,
        String reason,
        FlowStep flow) {

    /** A step of a flow: the flow's id and the step's name. */
    public record FlowStep(String flowId, String step) {}

    /** A pattern's own moment. */
    public Match(
            String patternId,
            PatternType type,
            String userId,
            long triggeredAt,
            long anchorAt,
            List<String> evidence,
            ActionParams params,
            String reason) {
        this(patternId, type, userId, triggeredAt, anchorAt, evidence, params, reason, null);
    }

    /** The flow's id, or {@code null} for a pattern's own moment. */
    public String flowId() {
        return flow == null ? null : flow.flowId();
    }

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
