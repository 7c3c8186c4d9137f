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
 * the order of the specification and the first one that applies decides: the pattern switch, the
 * pattern's audience, consent per channel, the cooldown per user and pattern, the frequency caps
 * (rolling windows per channel and across channels; an action over a cap is skipped), the holdout
 * group. A HOLDOUT counts like a sent action for the cooldown and the caps, so that both arms of
 * the experiment see the same rules.
 */
public final class ActionPolicy {
    private final PatternsConfig config;

    /** The longest cap window: what a user's send log must remember. */
    private final long capHorizon;

    public ActionPolicy(PatternsConfig config) {
        this.config = config;
        this.capHorizon =
                config.policy().frequencyCaps().stream()
                        .mapToLong(cap -> cap.per().toMillis())
                        .max()
                        .orElse(0);
    }

    /**
     * Decides one match, and records it in {@code sends} when it is SENT or HOLDOUT.
     *
     * @param lastActionAt when this pattern last acted on the user (SENT or HOLDOUT), or {@link
     *     Long#MIN_VALUE} if never
     * @param profile the user's profile, for consent and the audience
     * @param sends the user's recent actions, for the frequency caps
     */
    public Verdict decide(
            Match match,
            long lastActionAt,
            Profile profile,
            ProfileKeeper profiles,
            SendLog sends) {
        PatternSpec pattern = config.pattern(match.patternId());
        if (pattern == null || !pattern.enabled()) {
            return suppress(match, SuppressionReason.DISABLED);
        }
        if (!pattern.audience().isEveryone()
                && !profiles.inAudience(profile, pattern.audience(), match.triggeredAt())) {
            return suppress(match, SuppressionReason.NOT_IN_AUDIENCE);
        }
        ActionSpec spec = pattern.action();
        if (firstConsentedChannel(spec, profile, profiles) == null) {
            return suppress(match, SuppressionReason.NO_CONSENT);
        }
        long now = match.triggeredAt();
        if (lastActionAt != Long.MIN_VALUE && now < lastActionAt + spec.cooldown().toMillis()) {
            return suppress(match, SuppressionReason.COOLDOWN);
        }
        Channel channel = firstChannelWithinCaps(spec, profile, profiles, sends, now);
        if (channel == null) {
            return suppress(match, SuppressionReason.FREQUENCY_CAP);
        }
        sends.record(now, channel, capHorizon);
        if (Ids.inHoldout(
                match.userId(), config.policy().holdoutSalt(), config.policy().holdoutPercent())) {
            return new Verdict(decision(match, Outcome.HOLDOUT, null, null, channel), null);
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

    /** The first consented channel, in the pattern's order, on which one more action is allowed. */
    private Channel firstChannelWithinCaps(
            ActionSpec spec, Profile profile, ProfileKeeper profiles, SendLog sends, long now) {
        for (Channel channel : spec.channels()) {
            if (profiles.consents(profile, channel)
                    && sends.allows(config.policy().frequencyCaps(), channel, now)) {
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
