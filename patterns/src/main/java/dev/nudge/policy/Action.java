package dev.nudge.policy;

import dev.nudge.event.Channel;
import dev.nudge.pattern.ActionParams;
import java.util.List;

/**
 * A message to deliver, for the senders on {@code marketing-actions} (SPEC §3.2). It carries no
 * personal data: senders resolve contact details from {@code userId}.
 *
 * @param actionId deterministic from pattern, user and the triggering events; the senders'
 *     idempotency key
 * @param variant the pattern's variant sent, or {@code null} for a pattern without variants
 * @param sendAt not before this time
 * @param expiresAt not after this time
 * @param flowId the flow whose step sends it, or {@code null} for a pattern's own action
 * @param step the flow's step, or {@code null}
 */
public record Action(
        String actionId,
        String userId,
        String patternId,
        String variant,
        String configVersion,
        Channel channel,
        String template,
        ActionParams params,
        String offer,
        int priority,
        long triggeredAt,
        long sendAt,
        long expiresAt,
        String reason,
        List<String> evidence,
        String flowId,
        String step) {

    public Action {
        evidence = List.copyOf(evidence);
    }
}
