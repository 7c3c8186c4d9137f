package dev.nudge.journey;

import dev.nudge.config.PatternsConfig;
import dev.nudge.event.Times;
import dev.nudge.event.UserEvent;
import dev.nudge.pattern.Detector;
import dev.nudge.pattern.Match;
import dev.nudge.policy.ActionPolicy;
import dev.nudge.policy.Decider;
import dev.nudge.profile.ProfileUpdater;
import dev.nudge.profile.ProfileView;

/**
 * The per-user logic of the journey operator (SPEC §9), in plain Java: it advances one user's
 * {@link Journey} through events and deadlines in event-time order, runs every enabled pattern's
 * detector on it, and puts each match through the policy. One engine serves all users of one
 * operator instance, one call at a time.
 *
 * <p>Events wait in the journey until the watermark passes them, so that out-of-order events within
 * the watermark bound give exactly the results of in-order ones. Whenever the user is woken (by an
 * event or by the one timer at {@link #nextWakeUp}), everything due up to the watermark is
 * processed in order: deadlines before events of the same time, which makes window ends exclusive,
 * and equal-time events in session order.
 *
 * <p>An event the watermark has passed need not be processed at once: it may wait for the user's
 * next event (which then processes both, in one state access) as long as every detector tolerates
 * the wait without a later output ({@link Detector#releaseSlack}); a wait that every detector
 * tolerates at all may last one arbitration window more, since the match at its end is decided that
 * much later. Only when nothing else wakes the user within that slack does the timer do it.
 * Likewise a detector's deadline wakes the user only when a match may come of it, and then when
 * that match is decided ({@link #nextWakeUp}).
 *
 * <p>Matches of SEQUENCE patterns come from outside, from Flink CEP ({@link #onMatch}); they wait
 * in the journey until the user's clock reaches their trigger time and are then decided in order
 * with everything else. An ERASE clears the journey and leaves an {@link ErasureMarkers erasure
 * marker} outside it, so that a match built from events before the erasure is suppressed as {@code
 * ERASED} however late it arrives.
 */
public final class JourneyEngine {
    private final JourneySettings settings;

    /** The patterns this engine runs: a slot each in every journey, and their detectors. */
    private final EnabledPatterns enabled;

    private PatternsConfig config;
    private ActionPolicy policy;
    private Decider decider;

    private final long dedupHorizon;
    private final ErasureMarkers erased;

    private final WakeUp run;

    public JourneyEngine(PatternsConfig config, JourneySettings settings) {
        this.config = config;
        this.settings = settings;
        this.enabled = new EnabledPatterns(config, settings.releaseDelay().toMillis());
        this.policy = new ActionPolicy(config);
        this.decider = new Decider(policy, config.money());
        this.dedupHorizon = settings.dedupHorizon().toMillis();
        this.erased =
                new ErasureMarkers(
                        settings.erasureMemory().toMillis(), settings.maxErasureMarkers());
        this.run = new WakeUp(settings, enabled, erased);
        run.use(profileUpdater(config), new ProfileView(config), decider);
    }

    public PatternsConfig config() {
        return config;
    }

    /**
     * Applies a configuration published while the job runs (SPEC §6) from the next decision on: the
     * policy, offers, audiences, segment thresholds and {@code enabled}. It must differ from the
     * configuration the engine was built with only in what applies live ({@link
     * dev.nudge.config.ConfigDiff}): the detectors stay those of the start, so a pattern switched
     * off keeps following its users and its matches, held actions included, are decided {@code
     * DISABLED}; switched on again, it acts at once.
     */
    public void reconfigure(PatternsConfig live) {
        this.config = live;
        this.policy = new ActionPolicy(live);
        this.decider = new Decider(policy, live.money());
        run.use(profileUpdater(live), new ProfileView(live), decider);
    }

    private ProfileUpdater profileUpdater(PatternsConfig config) {
        return new ProfileUpdater(config, settings.profileInterval(), enabled.cycleMoments());
    }

    /** The users this instance erased recently; the operator checkpoints them. */
    public ErasureMarkers erasureMarkers() {
        return erased;
    }

    /**
     * An event of the user reached the operator.
     *
     * @param watermark the operator's current watermark; events at or before it are late
     */
    public void onEvent(
            String userId, Journey journey, UserEvent event, long watermark, JourneyOutput out) {
        if (event.ts() <= watermark || event.ts() < journey.clock) {
            out.late(event, watermark);
            return;
        }
        WakeUp run = this.run.start(userId, journey, out, watermark);
        run.advance(run.decidable);
        if (journey.recentIds.seenBefore(event.eventId(), event.ts(), dedupHorizon)) {
            out.duplicate(event);
            return;
        }
        journey.pending.add(event);
        if (journey.pending.size() > settings.maxPendingEvents()) {
            out.pendingOverflow(userId);
            run.runAhead(journey.pending.firstTime());
        }
    }

    /**
     * Decides a match as {@code ERASED} if the user was erased after its episode began. Call it
     * before reading the user's state: an erased user has none, and this neither needs nor creates
     * any.
     *
     * @return whether the match was decided here
     */
    public boolean suppressIfErased(Match match, long watermark, JourneyOutput out) {
        erased.expire(watermark);
        if (!erased.erasedSince(match.userId(), match.anchorAt())) {
            return false;
        }
        decider.erased(match, out);
        return true;
    }

    /**
     * A match of a SEQUENCE pattern (from its CEP operator) reached the operator. It waits until
     * the user's clock reaches its trigger time, so that everything the user did up to then counts;
     * one that is already due is decided at once. Check {@link #suppressIfErased} first.
     */
    public void onMatch(
            String userId, Journey journey, Match match, long watermark, JourneyOutput out) {
        WakeUp run = this.run.start(userId, journey, out, watermark);
        run.hold(match);
        run.advance(run.decidable);
    }

    /**
     * The user's timer fired.
     *
     * @param watermark the operator's current watermark; {@link Long#MAX_VALUE} at the end of a
     *     bounded input, when still-open episodes, held moments and (with a clock limit, in a
     *     backtest) the final profile are reported
     */
    public void onTimer(String userId, Journey journey, long watermark, JourneyOutput out) {
        WakeUp run = this.run.start(userId, journey, out, watermark);
        run.advance(run.decidable);
        if (watermark == Long.MAX_VALUE) {
            if (decider.closeOpenArbitration(run)) {
                run.advance(run.decidable);
            }
            run.reportOpenEpisodes();
            if (settings.clockLimit() != Long.MAX_VALUE) {
                run.reportFinalProfile();
            }
        }
    }

    /**
     * When the user must next be woken: the earliest deadline that has an output to deliver, the
     * expiry, or a waiting event at the end of its slack. {@link Long#MAX_VALUE} if never; a time
     * beyond the clock limit is reported as {@link Long#MAX_VALUE} too, so that a backtest wakes
     * the user only once more, at the end of its input.
     *
     * <p>A detector's deadline is not a wake-up of its own: a match found there is decided one
     * arbitration window later, so the user is woken then, and both are handled in one wake-up, in
     * order; a deadline that cannot match wakes nobody ({@link Detector#deadlineMayMatch}). Every
     * deadline is still handled at its own time, in order, whenever the user is next woken. Only
     * the moment when a match stopped before the arbitration (a cooldown, say) is reported moves,
     * by up to one window.
     */
    public long nextWakeUp(Journey journey) {
        WakeUp run =
                this.run.deadlineOf == journey
                        ? this.run
                        : this.run.start(null, journey, null, Long.MIN_VALUE);
        long next = run.ownDeadline();
        long decisionDelay = policy.arbitrationWindow();
        next =
                Math.min(
                        next,
                        Times.saturatedAdd(
                                enabled.earliestThatMayMatch(journey, run.slotDeadlines),
                                decisionDelay));
        for (PendingEvents.Waiting waiting : journey.pending.view()) {
            long waits = enabled.slack(waiting.type);
            if (waits > 0) {
                // What a tolerant event leads to is a match at a deadline, decided a window later.
                waits = Times.saturatedAdd(waits, decisionDelay);
            }
            next = Math.min(next, Times.saturatedAdd(waiting.ts, waits));
        }
        next = Math.min(next, journey.matches.firstTime());
        return next > settings.clockLimit() ? Long.MAX_VALUE : next;
    }

    /** The timer service of whoever runs the engine: Flink's, or a replay's. */
    public interface Timers {
        void register(long time);

        void delete(long time);
    }

    /**
     * Keeps exactly one timer for the journey, never later than its next wake-up, after a wake-up
     * at {@code watermark}. A timer earlier than needed is kept: when it fires the user is simply
     * re-armed, which costs one early wake-up instead of a deletion and a registration on most
     * events. Call with the fired timer already cleared ({@link Journey#armedTimer(long)}).
     */
    public void rearm(Journey journey, long watermark, Timers timers) {
        long armed = journey.armedTimer();
        if (journey.isEmpty()) {
            if (armed != Times.NONE) {
                timers.delete(armed);
                journey.armedTimer(Times.NONE);
            }
            return;
        }
        long next = watermark == Long.MAX_VALUE ? Times.NONE : nextWakeUp(journey);
        if (next == Long.MAX_VALUE && settings.clockLimit() == Long.MAX_VALUE) {
            // Nothing due, ever: only a backtest wants a last call at the end of its input.
            next = Times.NONE;
        }
        if (armed != Times.NONE && armed <= next) {
            return;
        }
        if (armed != Times.NONE) {
            timers.delete(armed);
        }
        if (next != Times.NONE) {
            timers.register(next);
        }
        journey.armedTimer(next);
    }
}
