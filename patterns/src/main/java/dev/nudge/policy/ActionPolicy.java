package dev.nudge.policy;

import dev.nudge.config.ActionSpec;
import dev.nudge.config.FlowSpec;
import dev.nudge.config.Goal;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.QuietHours;
import dev.nudge.config.Schedule;
import dev.nudge.config.SendTime;
import dev.nudge.config.Variant;
import dev.nudge.event.Channel;
import dev.nudge.event.Times;
import dev.nudge.flow.Flows;
import dev.nudge.pattern.ActionParams;
import dev.nudge.pattern.Match;
import dev.nudge.profile.ProfileView;
import java.util.List;

/**
 * Turns a match into a decision and, when nothing stops it, an action (SPEC §6). The rules run in
 * the order of the specification and the first one that applies decides, in three steps that the
 * journey engine takes at different times:
 *
 * <ol>
 *   <li>{@link #screen} at the match's trigger time: the pattern switch, the pattern's schedule,
 *       the pattern's audience, consent per channel, the cooldown per user and pattern;
 *   <li>after the arbitration between the matches of one window (the engine's), {@link #plan} for
 *       the one that won: its channel (the best engagement rate among the consented ones, ties in
 *       the configured order), its send time (quiet hours, best hour) and the frequency caps
 *       (rolling windows per channel and across channels; an action over a cap is skipped);
 *   <li>{@link #release} at the planned send time: the holdout group, then the action, with the
 *       personalisation a template needs. An action planned for later is held until then and may be
 *       cancelled before it goes.
 * </ol>
 *
 * A HOLDOUT counts like a sent action for the cooldown and the caps, and is held like one, so that
 * both arms of the experiment meet the same rules.
 *
 * <p>A pattern with variants splits the users it does not hold out between them ({@link
 * Assignment}); a variant's channels stand for the action's in the consent rule and the channel
 * choice, its send time for the action's in the plan, and its template and offer for the action's
 * in the released action. Held-out users meet the rules with the action as written. Every decision
 * of a user in a variant names it.
 */
public final class ActionPolicy {
    private final PatternsConfig config;
    private final SendTimes sendTimes;
    private final Flows flows;

    /** The longest cap window: what a user's send log must remember. */
    private final long capHorizon;

    public ActionPolicy(PatternsConfig config) {
        this.config = config;
        this.sendTimes = new SendTimes(config.policy().quietHours());
        this.flows = new Flows(config);
        this.capHorizon =
                config.policy().frequencyCaps().stream()
                        .mapToLong(cap -> cap.per().toMillis())
                        .max()
                        .orElse(0);
    }

    /** How long matches of one user wait for each other before the highest priority wins. */
    public long arbitrationWindow() {
        return config.policy().arbitrationWindow().toMillis();
    }

    /** How long after a SENT or HOLDOUT decision a purchase is attributed to it. */
    public long attributionWindow() {
        return config.policy().attributionWindow().toMillis();
    }

    /** The flows of the configuration, which send through this policy. */
    public Flows flows() {
        return flows;
    }

    /**
     * What the policy meets for a match: its pattern, or for a flow's send the step as a pattern of
     * its own ({@link Flows#sender}); {@code null} when it is no longer configured.
     */
    private PatternSpec spec(Match match) {
        return match.flow() == null
                ? config.pattern(match.patternId())
                : flows.sender(match.flow());
    }

    /**
     * The goal of the match's messages (a flow's exit event, for a flow's send); a purchase for a
     * pattern no longer configured.
     */
    public Goal goal(Match match) {
        PatternSpec pattern = spec(match);
        return pattern == null ? Goal.PURCHASE : pattern.action().goal();
    }

    /**
     * The rules that hold for a match before it enters a flow: the pattern's switch, schedule and
     * audience (the flow's sends meet the rest).
     *
     * @return the rule that stops it, or {@code null} if it may enter
     */
    public SuppressionReason screenEntry(Match match, ProfileView profile) {
        PatternSpec pattern = spec(match);
        if (pattern == null || !pattern.enabled()) {
            return SuppressionReason.DISABLED;
        }
        if (!inSchedule(pattern, match.triggeredAt(), profile)) {
            return SuppressionReason.OUT_OF_SCHEDULE;
        }
        if (!pattern.audience().isEveryone()
                && !profile.inAudience(pattern.audience(), match.triggeredAt())) {
            return SuppressionReason.NOT_IN_AUDIENCE;
        }
        return null;
    }

    /** Whether the user is in the flow's holdout group (the flow's share, or the policy's). */
    public boolean inHoldout(String userId, FlowSpec flow) {
        double percent =
                flow.holdoutPercent() != null
                        ? flow.holdoutPercent()
                        : config.policy().holdoutPercent();
        return Ids.inHoldout(userId, config.policy().holdoutSalt(), percent);
    }

    /** The decision of a match that entered the user in {@code flowId} instead of acting. */
    public Decision enteredFlow(Match match, String flowId) {
        return decision(match, Outcome.ENTERED_FLOW, null, null, null, null, flowId);
    }

    /**
     * The rules that hold for a match on its own, at its trigger time.
     *
     * @param lastActionAt when this pattern last acted on the user (SENT or HOLDOUT, or planned
     *     to), or {@link Times#NONE} if never
     * @return the rule that stops it, or {@code null} if it may go on to the arbitration
     */
    public SuppressionReason screen(Match match, long lastActionAt, ProfileView profile) {
        PatternSpec pattern = spec(match);
        if (pattern == null || !pattern.enabled()) {
            return SuppressionReason.DISABLED;
        }
        if (!inSchedule(pattern, match.triggeredAt(), profile)) {
            return SuppressionReason.OUT_OF_SCHEDULE;
        }
        if (!pattern.audience().isEveryone()
                && !profile.inAudience(pattern.audience(), match.triggeredAt())) {
            return SuppressionReason.NOT_IN_AUDIENCE;
        }
        ActionSpec spec = pattern.action();
        boolean consented = false;
        for (Channel channel : channels(spec, assigned(match, pattern))) {
            consented |= profile.consents(channel);
        }
        if (!consented) {
            return SuppressionReason.NO_CONSENT;
        }
        if (lastActionAt != Times.NONE
                && match.triggeredAt() < lastActionAt + spec.cooldown().toMillis()) {
            return SuppressionReason.COOLDOWN;
        }
        return null;
    }

    /** Whether the pattern's schedule lets a match triggered at {@code at} through. */
    private boolean inSchedule(PatternSpec pattern, long at, ProfileView profile) {
        Schedule schedule = pattern.schedule();
        if (schedule.isAlways()) {
            return true;
        }
        return Schedules.allows(
                schedule,
                at,
                schedule.zone() == Schedule.Zone.USER ? profile.zone() : config.timezone());
    }

    /**
     * The variant the match's user is in, for the pattern's rules and action: {@code null} for a
     * pattern without variants and for a user held out of the pattern.
     */
    private Variant assigned(Match match, PatternSpec pattern) {
        return Assignment.assigned(match.userId(), pattern, config.policy());
    }

    private static List<Channel> channels(ActionSpec spec, Variant variant) {
        return variant != null && variant.channels() != null ? variant.channels() : spec.channels();
    }

    private static SendTime sendTime(ActionSpec spec, Variant variant) {
        return variant != null && variant.sendTime() != null ? variant.sendTime() : spec.sendTime();
    }

    /**
     * Whether {@code a} wins the arbitration against {@code b}: the higher priority, then the lower
     * pattern id, then the earlier trigger time, then the lower decision id.
     */
    public boolean outranks(Match a, Match b) {
        int byPriority = Integer.compare(priority(a), priority(b));
        if (byPriority != 0) {
            return byPriority > 0;
        }
        int byPattern = a.patternId().compareTo(b.patternId());
        if (byPattern != 0) {
            return byPattern < 0;
        }
        if (a.triggeredAt() != b.triggeredAt()) {
            return a.triggeredAt() < b.triggeredAt();
        }
        return Ids.decisionId(a).compareTo(Ids.decisionId(b)) < 0;
    }

    private int priority(Match match) {
        PatternSpec pattern = spec(match);
        return pattern == null ? Integer.MIN_VALUE : pattern.action().priority();
    }

    /**
     * Plans the action of a match that won its arbitration, at its trigger time: the channel, the
     * send time and the caps. A planned action is entered in {@code sends} at its send time; the
     * engine takes it out again if it is not sent after all.
     *
     * @return the plan, or the reason it was stopped (QUIET_HOURS, FREQUENCY_CAP)
     */
    public Plan plan(Match match, ProfileView profile, SendLog sends) {
        PatternSpec pattern = spec(match);
        ActionSpec spec = pattern.action();
        Variant variant = assigned(match, pattern);
        long now = match.triggeredAt();
        java.time.ZoneId zone = profile.zone();
        if (config.policy().quietHours() != null
                && config.policy().quietHours().mode() == QuietHours.Mode.DROP
                && sendTimes.isQuiet(now, zone)) {
            return Plan.stopped(SuppressionReason.QUIET_HOURS);
        }
        long sendAt = sendTimes.plan(now, zone, sendTime(spec, variant), profile.hourScores());
        long expiresAt = now + spec.ttl().toMillis();
        Channel channel = bestChannelWithinCaps(channels(spec, variant), profile, sends, sendAt);
        if (channel == null) {
            return Plan.stopped(SuppressionReason.FREQUENCY_CAP);
        }
        sends.record(now, sendAt, channel, capHorizon);
        return new Plan(channel, sendAt, expiresAt, null);
    }

    /**
     * The consented channel of the pattern with the best smoothed engagement rate (ties in the
     * configured order) on which one more action at {@code sendAt} keeps every cap.
     */
    private Channel bestChannelWithinCaps(
            List<Channel> channels, ProfileView profile, SendLog sends, long sendAt) {
        Channel best = null;
        double bestRate = -1;
        for (Channel channel : channels) {
            if (!profile.consents(channel)
                    || !sends.allows(config.policy().frequencyCaps(), channel, sendAt)) {
                continue;
            }
            double rate = profile.engagementRate(channel);
            if (rate > bestRate) {
                best = channel;
                bestRate = rate;
            }
        }
        return best;
    }

    /**
     * What the engine does with a match once its plan is known.
     *
     * @param channel the channel chosen, within the caps
     * @param sendAt when it may be sent
     * @param expiresAt when the moment is stale: a held action still waiting then is EXPIRED
     * @param stoppedBy the rule that stopped it, or {@code null}
     */
    public record Plan(Channel channel, long sendAt, long expiresAt, SuppressionReason stoppedBy) {
        static Plan stopped(SuppressionReason reason) {
            return new Plan(null, Times.NONE, Times.NONE, reason);
        }
    }

    /**
     * Releases a planned action at its send time: DISABLED if the pattern was switched off while it
     * was held, NO_CONSENT if the user withdrew consent for its channel, HOLDOUT for the pattern's
     * holdout group, else SENT with the action of the user's variant (as the configuration in force
     * now assigns it).
     */
    public Verdict release(Match match, Channel channel, long sendAt, ProfileView profile) {
        PatternSpec pattern = spec(match);
        if (pattern == null || !pattern.enabled()) {
            return suppress(match, SuppressionReason.DISABLED);
        }
        if (!profile.consents(channel)) {
            return suppress(match, SuppressionReason.NO_CONSENT);
        }
        if (Assignment.inHoldout(match.userId(), pattern, config.policy())) {
            return new Verdict(decision(match, Outcome.HOLDOUT, null, null, channel, null), null);
        }
        ActionSpec spec = pattern.action();
        Variant variant =
                Assignment.variant(match.userId(), pattern, config.policy().holdoutSalt());
        String actionId = Ids.actionId(match);
        ActionParams params = personalise(match, spec, variant, profile, sendAt);
        Action action =
                new Action(
                        actionId,
                        match.userId(),
                        match.patternId(),
                        variant == null ? null : variant.id(),
                        config.version(),
                        channel,
                        variant != null && variant.template() != null
                                ? variant.template()
                                : spec.template(),
                        params,
                        params.offer(),
                        spec.priority(),
                        match.triggeredAt(),
                        sendAt,
                        sendAt + spec.ttl().toMillis(),
                        match.reason(),
                        match.evidence(),
                        match.flowId(),
                        match.flow() == null ? null : match.flow().step());
        return new Verdict(decision(match, Outcome.SENT, null, actionId, channel, variant), action);
    }

    /**
     * What the template needs: the match's items, category and brand (the user's top affinities
     * where the moment names none), the predicted date, and the variant's offer or else that of the
     * first rule, the pattern's before the global ones, whose segment tag or lifecycle stage the
     * user has.
     */
    private ActionParams personalise(
            Match match, ActionSpec spec, Variant variant, ProfileView profile, long now) {
        ActionParams params = match.params();
        String category = params.category() != null ? params.category() : profile.topCategory();
        String brand = params.brand() != null ? params.brand() : profile.topBrand();
        String offer = variant != null ? variant.offer() : null;
        if (offer == null) {
            offer = profile.offer(spec.offers(), now);
        }
        if (offer == null) {
            offer = profile.offer(config.offers(), now);
        }
        return new ActionParams(params.items(), category, brand, offer, params.predictedDate());
    }

    /**
     * Suppresses a match; also for a reason found outside the policy's own rules (an erasure). The
     * decision names the variant the user is in, if the pattern has variants and does not hold the
     * user out.
     */
    public Verdict suppress(Match match, SuppressionReason reason) {
        PatternSpec pattern = spec(match);
        Variant variant = pattern == null ? null : assigned(match, pattern);
        return new Verdict(decision(match, Outcome.SUPPRESSED, reason, null, null, variant), null);
    }

    private Decision decision(
            Match match,
            Outcome outcome,
            SuppressionReason reason,
            String actionId,
            Channel channel,
            Variant variant) {
        return decision(match, outcome, reason, actionId, channel, variant, match.flowId());
    }

    private Decision decision(
            Match match,
            Outcome outcome,
            SuppressionReason reason,
            String actionId,
            Channel channel,
            Variant variant,
            String flowId) {
        // Of an erased user's match, the audit keeps that it was stopped, and nothing of what the
        // user did: no event ids, no sentence about items, categories or times (SPEC §7).
        boolean erased = reason == SuppressionReason.ERASED;
        return new Decision(
                Ids.decisionId(match),
                match.userId(),
                match.patternId(),
                variant == null ? null : variant.id(),
                match.type(),
                config.version(),
                match.triggeredAt(),
                erased ? List.of() : match.evidence(),
                outcome,
                reason,
                actionId,
                channel,
                erased ? ERASED_REASON : match.reason(),
                flowId,
                match.flow() == null ? null : match.flow().step());
    }

    /** The reason of every decision about an erased user's match. */
    static final String ERASED_REASON = "the user was erased; nothing of the match is kept";
}
