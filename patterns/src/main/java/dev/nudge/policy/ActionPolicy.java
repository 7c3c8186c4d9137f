package dev.nudge.policy;

import dev.nudge.config.ActionSpec;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfig;
import dev.nudge.event.Channel;
import dev.nudge.pattern.Match;
import dev.nudge.profile.Profile;
import dev.nudge.profile.ProfileKeeper;

/**
 * Turns a match into a decision and, when nothing stops it, an action (SPEC §6). The rules run in
 * the order of the specification and the first one that applies decides; this version applies the
 * pattern switch, the pattern's audience, consent per channel and the cooldown per user and
 * pattern.
 */
public final class ActionPolicy {
    private final PatternsConfig config;

    public ActionPolicy(PatternsConfig config) {
        this.config = config;
    }

    /**
     * Decides one match.
     *
     * @param lastActionAt when this pattern last acted on the user (triggered an action), or {@link
     *     Long#MIN_VALUE} if never
     * @param profile the user's profile, for consent
     */
    public Verdict decide(Match match, long lastActionAt, Profile profile, ProfileKeeper profiles) {
        PatternSpec pattern = config.pattern(match.patternId());
        if (pattern == null || !pattern.enabled()) {
            return suppress(match, SuppressionReason.DISABLED);
        }
        if (!pattern.audience().isEveryone()
                && !profiles.inAudience(profile, pattern.audience(), match.triggeredAt())) {
            return suppress(match, SuppressionReason.NOT_IN_AUDIENCE);
        }
        ActionSpec spec = pattern.action();
        Channel channel = firstConsentedChannel(spec, profile, profiles);
        if (channel == null) {
            return suppress(match, SuppressionReason.NO_CONSENT);
        }
        if (lastActionAt != Long.MIN_VALUE
                && match.triggeredAt() < lastActionAt + spec.cooldown().toMillis()) {
            return suppress(match, SuppressionReason.COOLDOWN);
        }
        return sent(match, spec, channel);
    }

    private static Channel firstConsentedChannel(
            ActionSpec spec, Profile profile, ProfileKeeper profiles) {
        for (Channel channel : spec.channels()) {
            if (profiles.consents(profile, channel)) {
                return channel;
            }
        }
        return null;
    }

    private Verdict sent(Match match, ActionSpec spec, Channel channel) {
        String actionId = Ids.actionId(match);
        long sendAt = match.triggeredAt();
        Action action =
                new Action(
                        actionId,
                        match.userId(),
                        match.patternId(),
                        config.version(),
                        channel,
                        spec.template(),
                        match.params(),
                        match.params().offer(),
                        spec.priority(),
                        match.triggeredAt(),
                        sendAt,
                        sendAt + spec.ttl().toMillis(),
                        match.reason(),
                        match.evidence());
        return new Verdict(decision(match, Outcome.SENT, null, actionId, channel), action);
    }

    /** Suppresses a match; also for a reason found outside the policy's own rules (an erasure). */
    public Verdict suppress(Match match, SuppressionReason reason) {
        return new Verdict(decision(match, Outcome.SUPPRESSED, reason, null, null), null);
    }

    private Decision decision(
            Match match,
            Outcome outcome,
            SuppressionReason reason,
            String actionId,
            Channel channel) {
        return new Decision(
                Ids.decisionId(match),
                match.userId(),
                match.patternId(),
                match.type(),
                config.version(),
                match.triggeredAt(),
                match.evidence(),
                outcome,
                reason,
                actionId,
                channel,
                match.reason());
    }
}
