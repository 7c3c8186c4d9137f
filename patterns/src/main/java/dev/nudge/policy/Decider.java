package dev.nudge.policy;

import dev.nudge.config.FlowSpec;
import dev.nudge.event.Channel;
import dev.nudge.event.Money;
import dev.nudge.event.UserEvent;
import dev.nudge.flow.FlowEvent;
import dev.nudge.flow.FlowPositions;
import dev.nudge.flow.Flows;
import dev.nudge.pattern.Match;
import dev.nudge.profile.ProfileView;
import java.util.List;
import java.util.function.Predicate;

/**
 * Everything that happens to a match after its pattern recognised it (SPEC §6), in event time: the
 * rules of its own at its trigger time ({@link ActionPolicy#screen}), the arbitration between the
 * matches of one window, the plan (channel, send time, caps), holding until the send time, the
 * release (holdout, personalisation), and the cancellations on the way: a purchase before the send
 * ({@code CONVERTED_BEFORE_SEND}), an erasure, the user's expiry, a full hold. Every suppression
 * reason is decided in this package; the journey engine only says when.
 *
 * <p>One decider serves all users of an engine, one call at a time; what it remembers of a user is
 * in that user's {@link PolicyState}, which the engine hands in with every call ({@link User}).
 */
public final class Decider {
    private final ActionPolicy policy;
    private final Attribution attribution;
    private final Flows flows;

    /** The user as a flow's walk sees it; reused, since a decider serves one call at a time. */
    private final FlowUser flowUser = new FlowUser();

    /**
     * @param money the deployment's currency, in whose minor units purchases are attributed
     */
    public Decider(ActionPolicy policy, Money money) {
        this.policy = policy;
        this.attribution = new Attribution(policy.attributionWindow(), money);
        this.flows = policy.flows();
    }

    /** What the decider needs of the user whose matches it decides. */
    public interface User {
        String userId();

        /** The user's profile; read it, never keep it. */
        ProfileView profile();

        /** The user's event-time clock: the time being processed. */
        long now();

        PolicyState policyState();

        /**
         * Whether the pattern has a place in the user's journey: it is configured and was enabled
         * when the engine started. A match of any other pattern is decided {@code DISABLED}.
         */
        boolean knows(String patternId);

        /** When the pattern last acted on the user (SENT, HOLDOUT or planned), for the cooldown. */
        long lastActionAt(String patternId);

        void acted(String patternId, long at);

        /** Whether a purchase ends the pattern's moments (true for a pattern it does not know). */
        boolean endedByPurchase(String patternId);

        DecisionOutput out();
    }

    /** Starts a wake-up of a user. */
    public void begin() {
        attribution.begin();
    }

    /**
     * Ends a wake-up: what waited for the rest of an order is written, and users in a flow or step
     * that a live change removed or switched off leave it.
     */
    public void end(User user) {
        attribution.flush(user.out());
        if (!user.policyState().flows.isEmpty()) {
            flows.tidy(flowUser(user));
        }
    }

    private FlowUser flowUser(User user) {
        flowUser.user = user;
        return flowUser;
    }

    /** The user as a flow's walk sees it: its sends go through {@link #decide}. */
    private final class FlowUser implements Flows.User {
        User user;

        @Override
        public String userId() {
            return user.userId();
        }

        @Override
        public long now() {
            return user.now();
        }

        @Override
        public ProfileView profile() {
            return user.profile();
        }

        @Override
        public FlowPositions flowPositions() {
            return user.policyState().flows;
        }

        @Override
        public boolean inHoldout(FlowSpec flow) {
            return policy.inHoldout(user.userId(), flow);
        }

        @Override
        public void send(Match match) {
            decide(user, match);
        }

        @Override
        public void exited(String flowId) {
            withdrawFlowMessages(user, match -> flowId.equals(match.flowId()));
        }

        @Override
        public void flowEvent(FlowEvent event) {
            user.out().flow(event);
        }
    }

    /** The earliest time the decider must be called at ({@link #onTime}), or Long.MAX_VALUE. */
    public long nextDeadline(PolicyState state) {
        return Math.min(
                Math.min(state.arbitration.closesAt(), state.held.firstDeadline()),
                state.flows.nextDeadline());
    }

    /** Whether the match's pattern, or its flow's step, is there to be acted on. */
    private boolean knows(User user, Match match) {
        return match.flow() == null
                ? user.knows(match.patternId())
                : flows.sender(match.flow()) != null;
    }

    /**
     * A match whose trigger time the user's clock has reached: the rules of its own, then into the
     * arbitration window, or straight on to its plan without one.
     */
    public void decide(User user, Match match) {
        if (!knows(user, match)) {
            suppress(user, match, SuppressionReason.DISABLED);
            return;
        }
        if (match.flow() == null && flows.entersFlows(match.patternId()) && enter(user, match)) {
            return;
        }
        SuppressionReason stopped = policy.screen(match, lastActionAt(user, match), user.profile());
        if (stopped != null) {
            suppress(user, match, stopped);
        } else if (policy.arbitrationWindow() > 0) {
            user.policyState().arbitration.enter(match, policy.arbitrationWindow());
        } else {
            plan(user, match);
        }
    }

    /**
     * A match of a pattern that enters flows, at its trigger time: past the pattern's switch,
     * schedule and audience, it enters the user in each of its flows that the user may enter, and
     * the user walks them as far as they go now. The pattern's own action follows only when its
     * flows say {@code BESIDES}; instead of it, the match is decided {@code ENTERED_FLOW}, or
     * suppressed when the user entered none.
     *
     * @return whether the match is decided
     */
    private boolean enter(User user, Match match) {
        boolean instead = flows.replacesAction(match.patternId());
        SuppressionReason stopped = policy.screenEntry(match, user.profile());
        if (stopped != null) {
            if (instead) {
                suppress(user, match, stopped);
            }
            return instead;
        }
        FlowUser walker = flowUser(user);
        Flows.Entry entry = flows.enter(walker, match);
        if (instead) {
            if (entry.entered().isEmpty()) {
                suppress(
                        user,
                        match,
                        switch (entry.refusal()) {
                            case DISABLED -> SuppressionReason.DISABLED;
                            case IN_FLOW -> SuppressionReason.IN_FLOW;
                            case REENTRY -> SuppressionReason.FLOW_REENTRY;
                        });
            } else {
                user.out().decision(policy.enteredFlow(match, entry.entered().get(0)));
            }
        }
        flows.start(walker, entry);
        return instead;
    }

    /**
     * Whether a purchase ends the match's moment: its pattern says so; a flow's message ends with
     * the flow's exit instead ({@link #afterEvent}), whatever that is.
     */
    private static boolean endedByPurchase(User user, Match match) {
        return match.flow() == null && user.endedByPurchase(match.patternId());
    }

    /** When the pattern, or the flow for its sends, last acted on the user. */
    private long lastActionAt(User user, Match match) {
        return match.flow() == null
                ? user.lastActionAt(match.patternId())
                : user.policyState().flows.lastActedAt(match.flowId());
    }

    private void acted(User user, Match match) {
        if (match.flow() == null) {
            user.acted(match.patternId(), match.triggeredAt());
        } else {
            user.policyState().flows.acted(match.flowId(), match.triggeredAt());
        }
    }

    /**
     * The user's clock reached {@code time}: an arbitration window that closes then is decided and
     * held actions due leave. Called before the detectors see the time, so that a match of this
     * time is not in the window that ends now.
     */
    public void onTime(User user, long time) {
        PolicyState state = user.policyState();
        if (state.arbitration.closesAt() <= time) {
            closeArbitration(user);
        }
        while (state.held.firstDeadline() <= time) {
            HeldActions.Held held = state.held.poll();
            if (held.expiresAt() < held.sendAt()) {
                withdraw(
                        user,
                        held.match(),
                        held.channel(),
                        held.sendAt(),
                        SuppressionReason.EXPIRED);
            } else {
                release(user, held.match(), held.channel(), held.sendAt());
            }
        }
        if (state.flows.nextDeadline() <= time) {
            flows.onTime(flowUser(user), time);
        }
    }

    /**
     * The input ended, so every match up to the clock limit is known: an arbitration still open is
     * complete and decided now.
     *
     * @return whether one was open
     */
    public boolean closeOpenArbitration(User user) {
        if (!user.policyState().arbitration.isOpen()) {
            return false;
        }
        closeArbitration(user);
        return true;
    }

    /** The highest priority of the window goes on; the others are LOWER_PRIORITY. */
    private void closeArbitration(User user) {
        List<Match> candidates = user.policyState().arbitration.close();
        Match winner = candidates.get(0);
        for (Match candidate : candidates) {
            if (policy.outranks(candidate, winner)) {
                winner = candidate;
            }
        }
        for (Match candidate : candidates) {
            if (candidate != winner) {
                suppress(user, candidate, SuppressionReason.LOWER_PRIORITY);
            }
        }
        if (!knows(user, winner)) {
            suppress(user, winner, SuppressionReason.DISABLED);
        } else {
            plan(user, winner);
        }
    }

    /**
     * Plans the action of a match that may go on (channel, send time, caps); releases it if it may
     * go now, else holds it for its send time.
     */
    private void plan(User user, Match match) {
        PolicyState state = user.policyState();
        ActionPolicy.Plan plan = policy.plan(match, user.profile(), state.sends);
        if (plan.stoppedBy() != null) {
            suppress(user, match, plan.stoppedBy());
            return;
        }
        acted(user, match);
        long now = user.now();
        if (plan.sendAt() <= now) {
            release(user, match, plan.channel(), plan.sendAt());
        } else if (plan.expiresAt() < plan.sendAt() && plan.expiresAt() <= now) {
            withdraw(user, match, plan.channel(), plan.sendAt(), SuppressionReason.EXPIRED);
        } else if (state.held.isFull()) {
            withdraw(user, match, plan.channel(), plan.sendAt(), SuppressionReason.HOLD_FULL);
        } else {
            state.held.add(
                    new HeldActions.Held(match, plan.channel(), plan.sendAt(), plan.expiresAt()));
        }
    }

    /** Sends a planned action now, or decides it HOLDOUT, unless its pattern or channel went. */
    private void release(User user, Match match, Channel channel, long sendAt) {
        PolicyState state = user.policyState();
        Verdict verdict = policy.release(match, channel, sendAt, user.profile());
        if (verdict.decision().outcome() == Outcome.SUPPRESSED) {
            state.sends.cancel(sendAt, channel);
        } else {
            Attribution.touched(state.touch, verdict.decision(), sendAt, policy.goal(match));
        }
        if (verdict.action() != null) {
            state.recent.add(verdict.action());
            if (match.flow() != null) {
                flows.sent(
                        state.flows,
                        match.flow(),
                        match.triggeredAt(),
                        RecentSends.lowHalf(verdict.action().actionId()));
            }
            user.out().action(verdict.action());
        }
        user.out().decision(verdict.decision());
    }

    /**
     * The user bought: the purchase is attributed, and the moments a purchase ends that are not
     * sent yet (waiting in the arbitration window or held for their send time) are cancelled as
     * CONVERTED_BEFORE_SEND.
     */
    public void purchase(User user, UserEvent purchase) {
        PolicyState state = user.policyState();
        attribution.purchase(user.userId(), state.touch, purchase, user.out());
        if (!state.held.isEmpty()) {
            for (HeldActions.Held held :
                    state.held.withdraw(match -> endedByPurchase(user, match))) {
                withdraw(
                        user,
                        held.match(),
                        held.channel(),
                        held.sendAt(),
                        SuppressionReason.CONVERTED_BEFORE_SEND);
            }
        }
        if (state.arbitration.isOpen()) {
            for (Match match : state.arbitration.withdraw(m -> endedByPurchase(user, m))) {
                suppress(user, match, SuppressionReason.CONVERTED_BEFORE_SEND);
            }
        }
    }

    /**
     * An event of the user other than a purchase ({@link #purchase}) and an erasure: the event of
     * the latest touch's goal converts it (ADD_TO_CART, VIEW, TAG), and feedback on a recent send
     * (MESSAGE_DELIVERED, OPENED, CLICKED) is linked to it. Other events change nothing here.
     */
    public void event(User user, UserEvent event) {
        switch (event.type()) {
            case ADD_TO_CART, VIEW, TAG ->
                    attribution.event(user.userId(), user.policyState().touch, event, user.out());
            case MESSAGE_DELIVERED, MESSAGE_OPENED, MESSAGE_CLICKED -> feedback(user, event);
            default -> {}
        }
    }

    /**
     * An event of the user, after the profile took it in: the flows the user is in see it (exit
     * goals, waits for it, what branches ask about), and a flow's messages still waiting are
     * cancelled as {@code FLOW_EXITED} when it is the flow's exit event, also after the flow's last
     * step.
     */
    public void afterEvent(User user, UserEvent event) {
        PolicyState state = user.policyState();
        if (!state.flows.isEmpty()) {
            long feedbackOn =
                    event.actionId() != null && Engagement.Step.of(event.type()) != null
                            ? RecentSends.lowHalf(event.actionId())
                            : 0;
            flows.onEvent(flowUser(user), event, feedbackOn);
        }
        if (!state.held.isEmpty() || state.arbitration.isOpen()) {
            withdrawFlowMessages(
                    user, match -> match.flow() != null && flows.exitsOn(match.flowId(), event));
        }
    }

    /** A flow's messages still waiting that {@code gone} accepts are decided FLOW_EXITED. */
    private void withdrawFlowMessages(User user, Predicate<Match> gone) {
        PolicyState state = user.policyState();
        if (!state.held.isEmpty()) {
            for (HeldActions.Held held : state.held.withdraw(gone)) {
                withdraw(
                        user,
                        held.match(),
                        held.channel(),
                        held.sendAt(),
                        SuppressionReason.FLOW_EXITED);
            }
        }
        if (state.arbitration.isOpen()) {
            for (Match match : state.arbitration.withdraw(gone)) {
                suppress(user, match, SuppressionReason.FLOW_EXITED);
            }
        }
    }

    /**
     * Feedback on an action: linked to the recent send with its id, once per step; feedback on an
     * action not remembered (older than the last {@link RecentSends#CAPACITY} sends, sent before an
     * erasure, or never sent to the user) or on a step already reported is only counted.
     */
    private void feedback(User user, UserEvent event) {
        RecentSends.Sent sent = user.policyState().recent.find(event.actionId());
        if (sent == null) {
            user.out().unlinkedFeedback(event);
            return;
        }
        Engagement.Step step = Engagement.Step.of(event.type());
        if (!sent.see(step)) {
            user.out().repeatedFeedback(event);
            return;
        }
        user.out()
                .engagement(
                        new Engagement(
                                event.actionId(),
                                user.userId(),
                                sent.patternId,
                                sent.variant,
                                sent.channel,
                                sent.configVersion,
                                step,
                                sent.sentAt,
                                event.ts()));
    }

    /**
     * The user is erased: every held action and every match in the arbitration window is {@code
     * ERASED}, and the send log, the last touch and the recent sends are forgotten.
     */
    public void erase(User user) {
        attribution.flush(user.out());
        forget(user, SuppressionReason.ERASED);
    }

    /**
     * The user was idle for the state's time to live: every held action and every match in the
     * arbitration window is {@code EXPIRED}, and the send log, the last touch and the recent sends
     * are forgotten.
     */
    public void expire(User user) {
        forget(user, SuppressionReason.EXPIRED);
    }

    private void forget(User user, SuppressionReason reason) {
        PolicyState state = user.policyState();
        if (!state.flows.isEmpty()) {
            flows.forget(flowUser(user), reason == SuppressionReason.ERASED ? "erased" : "expired");
        }
        if (!state.held.isEmpty()) {
            for (HeldActions.Held held : state.held.drain()) {
                withdraw(user, held.match(), held.channel(), held.sendAt(), reason);
            }
        }
        for (Match match : state.arbitration.close()) {
            suppress(user, match, reason);
        }
        state.forget();
    }

    /** A planned action that will not go: its place in the send log is freed for others. */
    private void withdraw(
            User user, Match match, Channel channel, long sendAt, SuppressionReason reason) {
        user.policyState().sends.cancel(sendAt, channel);
        suppress(user, match, reason);
    }

    private void suppress(User user, Match match, SuppressionReason reason) {
        user.out().decision(policy.suppress(match, reason).decision());
    }

    /**
     * Decides {@code ERASED} a match of an episode that began before the user's erasure: one still
     * waiting in the user's journey, or one that arrives after it (then the user has no state).
     */
    public void erased(Match match, DecisionOutput out) {
        out.decision(policy.suppress(match, SuppressionReason.ERASED).decision());
    }
}
