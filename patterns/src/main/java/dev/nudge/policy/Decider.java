package dev.nudge.policy;

import dev.nudge.event.Channel;
import dev.nudge.event.Money;
import dev.nudge.event.UserEvent;
import dev.nudge.pattern.Match;
import dev.nudge.profile.ProfileView;
import java.util.List;

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

    /**
     * @param money the deployment's currency, in whose minor units purchases are attributed
     */
    public Decider(ActionPolicy policy, Money money) {
        this.policy = policy;
        this.attribution = new Attribution(policy.attributionWindow(), money);
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

    /** Ends a wake-up: what waited for the rest of an order is written. */
    public void end(User user) {
        attribution.flush(user.out());
    }

    /** The earliest time the decider must be called at ({@link #onTime}), or Long.MAX_VALUE. */
    public long nextDeadline(PolicyState state) {
        return Math.min(state.arbitration.closesAt(), state.held.firstDeadline());
    }

    /**
     * A match whose trigger time the user's clock has reached: the rules of its own, then into the
     * arbitration window, or straight on to its plan without one.
     */
    public void decide(User user, Match match) {
        if (!user.knows(match.patternId())) {
            suppress(user, match, SuppressionReason.DISABLED);
            return;
        }
        SuppressionReason stopped =
                policy.screen(match, user.lastActionAt(match.patternId()), user.profile());
        if (stopped != null) {
            suppress(user, match, stopped);
        } else if (policy.arbitrationWindow() > 0) {
            user.policyState().arbitration.enter(match, policy.arbitrationWindow());
        } else {
            plan(user, match);
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
        if (!user.knows(winner.patternId())) {
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
        user.acted(match.patternId(), match.triggeredAt());
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
            Attribution.touched(
                    state.touch,
                    verdict.decision(),
                    sendAt,
                    policy.goal(verdict.decision().patternId()));
        }
        if (verdict.action() != null) {
            state.recent.add(verdict.action());
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
                    state.held.withdraw(match -> user.endedByPurchase(match.patternId()))) {
                withdraw(
                        user,
                        held.match(),
                        held.channel(),
                        held.sendAt(),
                        SuppressionReason.CONVERTED_BEFORE_SEND);
            }
        }
        if (state.arbitration.isOpen()) {
            for (Match match :
                    state.arbitration.withdraw(m -> user.endedByPurchase(m.patternId()))) {
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
