package dev.nudge.policy;

import dev.nudge.config.PatternType;
import dev.nudge.event.Channel;
import java.util.List;

/**
 * The audit record of one match and what became of it, for {@code marketing-decisions} (SPEC §3.3):
 * it answers "why did, or didn't, user X get message Y".
 *
 * @param variant the pattern's variant the user is assigned to, when the pattern has variants and
 *     the user is not in its holdout; else null
 * @param suppressedBy the rule that stopped it when {@code outcome} is SUPPRESSED, else null
 * @param actionId the action emitted when {@code outcome} is SENT, else null
 * @param channel the channel chosen when SENT, or that it would have gone on when HOLDOUT; else
 *     null
 * @param reason the match's sentence: why this user, why now
 * @param flowId the flow whose step this decides, or that the match entered the user in (outcome
 *     {@code ENTERED_FLOW}); {@code null} for a pattern's own action
 * @param step the flow's step this decides; {@code null} outside a flow's send
 */
public record Decision(
        String decisionId,
        String userId,
        String patternId,
        String variant,
        PatternType patternType,
        String configVersion,
        long triggeredAt,
        List<String> evidence,
        Outcome outcome,
        SuppressionReason suppressedBy,
        String actionId,
        Channel channel,
        String reason,
        String flowId,
        String step) {

    public Decision {
        evidence = List.copyOf(evidence);
    }
}
