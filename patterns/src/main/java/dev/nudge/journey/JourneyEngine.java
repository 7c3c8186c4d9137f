package dev.nudge.journey;

import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfig;
import dev.nudge.event.UserEvent;
import dev.nudge.pattern.Detector;
import dev.nudge.pattern.DetectorContext;
import dev.nudge.pattern.DetectorState;
import dev.nudge.pattern.Match;
import dev.nudge.pattern.PatternCatalog;
import dev.nudge.policy.ActionPolicy;
import dev.nudge.policy.Verdict;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-user logic of the journey operator (SPEC §9), in plain Java: it advances one user's
 * {@link Journey} through events and deadlines in event-time order, runs every enabled pattern's
 * detector on it, and puts each match through the policy. One engine serves all users.
 *
 * <p>Events wait in the journey until the watermark passes them, so that out-of-order events within
 * the watermark bound give exactly the results of in-order ones. Whenever the user is woken (by an
 * event or by the one timer at {@link #nextWakeUp}), everything due up to the watermark is
 * processed in order: deadlines before events of the same time, which makes window ends exclusive,
 * and equal-time events in session order.
 */
public final class JourneyEngine {
    private final PatternsConfig config;
    private final JourneySettings settings;
    private final Detector<DetectorState>[] detectors;
    private final ActionPolicy policy;
    private final long dedupHorizon;
    private final long idleExpiry;
    private final long releaseDelay;

    @SuppressWarnings("unchecked")
    public JourneyEngine(PatternsConfig config, JourneySettings settings) {
        this.config = config;
        this.settings = settings;
        List<Detector<?>> enabled = new ArrayList<>();
        for (PatternSpec pattern : config.patterns()) {
            if (pattern.enabled()) {
                enabled.add(PatternCatalog.detector(pattern));
            }
        }
        this.detectors = enabled.toArray(new Detector[0]);
        this.policy = new ActionPolicy(config);
        this.dedupHorizon = settings.dedupHorizon().toMillis();
        this.idleExpiry = settings.idleExpiry().toMillis();
        this.releaseDelay = settings.releaseDelay().toMillis();
    }

    public PatternsConfig config() {
        return config;
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
        Run run = new Run(userId, journey, out);
        run.advance(Math.min(watermark, settings.clockLimit()));
        if (journey.recentIds.seenBefore(event.eventId(), event.ts(), dedupHorizon)) {
            out.duplicate(event);
            return;
        }
        journey.pending.add(event);
        if (journey.pending.size() > settings.maxPendingEvents()) {
            out.pendingOverflow(userId);
            run.advance(journey.pending.peek().ts());
        }
    }

    /**
     * The user's timer fired.
     *
     * @param watermark the operator's current watermark; {@link Long#MAX_VALUE} at the end of a
     *     bounded input, when still-open episodes are reported
     */
    public void onTimer(String userId, Journey journey, long watermark, JourneyOutput out) {
        Run run = new Run(userId, journey, out);
        run.advance(Math.min(watermark, settings.clockLimit()));
        if (watermark == Long.MAX_VALUE) {
            run.reportOpenEpisodes();
        }
    }

    /**
     * When the user must next be woken: the earliest detector deadline, the expiry, or (after the
     * release delay) the earliest waiting event. {@link Long#MAX_VALUE} if never; a time beyond the
     * clock limit is reported as {@link Long#MAX_VALUE} too, so that a backtest wakes the user only
     * once more, at the end of its input.
     */
    public long nextWakeUp(Journey journey) {
        long next = new Run(null, journey, null).nextDeadline();
        UserEvent waiting = journey.pending.peek();
        if (waiting != null) {
            next = Math.min(next, saturatedAdd(waiting.ts(), releaseDelay));
        }
        return next > settings.clockLimit() ? Long.MAX_VALUE : next;
    }

    /** One wake-up of one user: the journey with its slots aligned to the enabled patterns. */
    private final class Run implements DetectorContext {
        private final String userId;
        private final Journey journey;
        private final JourneyOutput out;
        private int current;

        Run(String userId, Journey journey, JourneyOutput out) {
            this.userId = userId;
            this.journey = journey;
            this.out = out;
            alignSlots();
        }

        /** Processes every deadline and waiting event at or before {@code until}, in order. */
        void advance(long until) {
            while (true) {
                long deadline = nextDeadline();
                UserEvent next = journey.pending.peek();
                long eventTime = next == null ? Long.MAX_VALUE : next.ts();
                if (deadline != Long.MAX_VALUE && deadline <= eventTime && deadline <= until) {
                    fireDeadline(deadline);
                } else if (next != null && eventTime <= until) {
                    journey.pending.poll();
                    process(next);
                } else {
                    return;
                }
            }
        }

        long nextDeadline() {
            long next = expiry();
            for (int i = 0; i < detectors.length; i++) {
                next = Math.min(next, detectors[i].nextDeadline(journey.slots.get(i).state));
            }
            return next;
        }

        private long expiry() {
            return journey.lastEventAt == Journey.NONE
                    ? Long.MAX_VALUE
                    : saturatedAdd(journey.lastEventAt, idleExpiry);
        }

        private void fireDeadline(long time) {
            journey.clock = time;
            if (time >= expiry()) {
                expire();
                return;
            }
            for (int i = 0; i < detectors.length; i++) {
                DetectorState state = journey.slots.get(i).state;
                if (detectors[i].nextDeadline(state) <= time) {
                    current = i;
                    detectors[i].onDeadline(state, time, this);
                }
            }
        }

        private void process(UserEvent event) {
            journey.clock = event.ts();
            journey.lastEventAt = event.ts();
            for (int i = 0; i < detectors.length; i++) {
                current = i;
                detectors[i].onEvent(journey.slots.get(i).state, event, this);
            }
        }

        /** The user was idle for the TTL: forget everything but the events still waiting. */
        private void expire() {
            journey.lastEventAt = Journey.NONE;
            journey.recentIds.clear();
            journey.slots.clear();
            alignSlots();
        }

        void reportOpenEpisodes() {
            for (int i = 0; i < detectors.length; i++) {
                long since = detectors[i].openSince(journey.slots.get(i).state);
                if (since != Long.MIN_VALUE) {
                    PatternSpec spec = detectors[i].spec();
                    out.openEpisode(new OpenEpisode(userId, spec.id(), spec.type(), since));
                }
            }
        }

        /**
         * Makes slot i belong to detector i. Slots of patterns that are no longer configured (or
         * changed type) are dropped; new patterns start with fresh state.
         */
        private void alignSlots() {
            List<PatternSlot> slots = journey.slots;
            if (isAligned(slots)) {
                return;
            }
            List<PatternSlot> aligned = new ArrayList<>(detectors.length);
            for (Detector<DetectorState> detector : detectors) {
                PatternSpec spec = detector.spec();
                PatternSlot kept = null;
                for (PatternSlot slot : slots) {
                    if (slot.patternId.equals(spec.id()) && slot.type == spec.type()) {
                        kept = slot;
                    }
                }
                aligned.add(
                        kept != null
                                ? kept
                                : new PatternSlot(
                                        spec.id(), spec.type(), detector.newState(), Journey.NONE));
            }
            slots.clear();
            slots.addAll(aligned);
        }

        private boolean isAligned(List<PatternSlot> slots) {
            if (slots.size() != detectors.length) {
                return false;
            }
            for (int i = 0; i < detectors.length; i++) {
                PatternSlot slot = slots.get(i);
                PatternSpec spec = detectors[i].spec();
                if (!slot.patternId.equals(spec.id()) || slot.type != spec.type()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String userId() {
            return userId;
        }

        @Override
        public ZoneId zone() {
            return config.timezone();
        }

        @Override
        public void emit(Match match) {
            PatternSlot slot = journey.slots.get(current);
            Verdict verdict = policy.decide(match, slot.lastActionAt);
            if (verdict.action() != null) {
                slot.lastActionAt = match.triggeredAt();
                out.action(verdict.action());
            }
            out.decision(verdict.decision());
        }
    }

    private static long saturatedAdd(long time, long delta) {
        long sum = time + delta;
        return ((time ^ sum) & (delta ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
