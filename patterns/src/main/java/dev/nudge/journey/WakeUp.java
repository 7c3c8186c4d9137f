package dev.nudge.journey;

import dev.nudge.event.EventType;
import dev.nudge.event.Times;
import dev.nudge.event.UserEvent;
import dev.nudge.pattern.DetectorContext;
import dev.nudge.pattern.Match;
import dev.nudge.policy.Decider;
import dev.nudge.policy.HeldActions;
import dev.nudge.policy.PolicyState;
import dev.nudge.profile.LifecycleChange;
import dev.nudge.profile.PredictionCheck;
import dev.nudge.profile.Profile;
import dev.nudge.profile.ProfileSignal;
import dev.nudge.profile.ProfileUpdater;
import dev.nudge.profile.ProfileView;
import dev.nudge.wire.ProfileJson;
import java.time.ZoneId;

/**
 * One wake-up of one user ({@link JourneyEngine}): everything due up to a time is processed in
 * order — deadlines, waiting events, waiting matches — with the detectors on their slots, the
 * profile, and the {@link Decider} for every match. Reused, since an engine serves one call at a
 * time; the engine hands in what a live configuration change replaces ({@link #use}).
 */
final class WakeUp implements DetectorContext, Decider.User {
    private final JourneySettings settings;
    private final EnabledPatterns enabled;
    private final ErasureMarkers erased;
    private final long idleExpiry;

    /** Writes the profile snapshots, reusing one buffer. */
    private final ProfileJson snapshots = new ProfileJson();

    private ProfileUpdater profiles;

    /** The one view of this wake-up's profile, for detectors, the decider and the snapshots. */
    private ProfileView view;

    private Decider decider;

    private String userId;
    private Journey journey;
    private JourneyOutput out;

    /**
     * The journey whose deadlines other than the detectors' {@link #advance} last computed, and
     * those: nothing between the end of an advance and the re-arming of the timer changes
     * deadlines, so that the re-arming need not compute them again.
     */
    Journey deadlineOf;

    private long ownDeadline;

    /**
     * Each detector's next deadline for the current journey ({@link Journey#slotDeadlines}):
     * computed again only after a call into that detector, the one thing that changes its state.
     */
    long[] slotDeadlines;

    /**
     * Up to when matches may be decided: the watermark (within the clock limit). Matches are
     * decided in trigger-time order once the watermark has passed them, whoever found them (a
     * detector here, or a SEQUENCE pattern's CEP operator, whose matches arrive before the
     * watermark that passes them), so that the rules that look at earlier decisions (cooldown,
     * frequency caps) see the same order at any parallelism. Events the journey processes beyond
     * the watermark (a user over {@code maxPendingEvents}) may find matches early: those wait.
     */
    long decidable;

    WakeUp(JourneySettings settings, EnabledPatterns enabled, ErasureMarkers erased) {
        this.settings = settings;
        this.enabled = enabled;
        this.erased = erased;
        this.idleExpiry = settings.idleExpiry().toMillis();
    }

    /** The profile updater and view, and the decider, of the configuration in force. */
    void use(ProfileUpdater profiles, ProfileView view, Decider decider) {
        this.profiles = profiles;
        this.view = view;
        this.decider = decider;
    }

    WakeUp start(String userId, Journey journey, JourneyOutput out, long watermark) {
        this.deadlineOf = null;
        this.userId = userId;
        this.journey = journey;
        this.out = out;
        this.decidable = Math.min(watermark, settings.clockLimit());
        decider.begin();
        slotDeadlines = enabled.align(journey);
        return this;
    }

    /**
     * Keeps a match until the watermark passes it; beyond {@code maxPendingEvents} waiting, the
     * oldest is decided at once (and may then be decided out of order).
     */
    void hold(Match match) {
        journey.matches.add(match);
        if (journey.matches.size() > settings.maxPendingEvents()) {
            out.pendingOverflow(userId);
            decider.decide(this, journey.matches.poll());
        }
    }

    /**
     * Processes the user's own events, deadlines and matches up to {@code time}, ahead of the
     * watermark: the matches found on the way are decided at once, in time order with the policy's
     * own deadlines (arbitration, held actions), as if the watermark were there. Only a SEQUENCE
     * match that arrives later for a time already passed is then decided out of order.
     */
    void runAhead(long time) {
        decidable = Math.max(decidable, time);
        advance(time);
    }

    /**
     * Processes every deadline, waiting event and waiting match at or before {@code until}, in time
     * order; at equal times deadlines first, then events, then matches (a match is triggered by the
     * events of its time).
     */
    void advance(long until) {
        while (true) {
            long own = computeOwnDeadline();
            long deadline = Math.min(own, EnabledPatterns.earliest(slotDeadlines));
            long eventTime = journey.pending.firstTime();
            long matchTime = journey.matches.firstTime();
            if (matchTime > decidable) {
                matchTime = Long.MAX_VALUE;
            }
            if (deadline != Long.MAX_VALUE
                    && deadline <= eventTime
                    && deadline <= matchTime
                    && deadline <= until) {
                fireDeadline(deadline);
            } else if (eventTime != Long.MAX_VALUE
                    && eventTime <= matchTime
                    && eventTime <= until) {
                process(journey.pending.poll());
            } else if (matchTime != Long.MAX_VALUE && matchTime <= until) {
                journey.clock = Math.max(journey.clock, matchTime);
                decider.decide(this, journey.matches.poll());
            } else {
                decider.end(this);
                this.deadlineOf = journey;
                this.ownDeadline = own;
                return;
            }
        }
    }

    /**
     * The earliest deadline of the journey's own (expiry, profile, arbitration, held actions),
     * without the detectors'.
     */
    long ownDeadline() {
        return deadlineOf == journey ? ownDeadline : computeOwnDeadline();
    }

    private long computeOwnDeadline() {
        Profile profile = journey.profile;
        long next =
                Math.min(
                        expiry(),
                        Math.min(
                                Math.min(
                                        profiles.nextDeadline(profile),
                                        profiles.nextRepurchaseDue(profile, journey.clock)),
                                profiles.snapshotDeadline(profile)));
        return Math.min(next, decider.nextDeadline(journey.policy));
    }

    private long expiry() {
        return journey.lastEventAt == Times.NONE
                ? Long.MAX_VALUE
                : Times.saturatedAdd(journey.lastEventAt, idleExpiry);
    }

    private void fireDeadline(long time) {
        journey.clock = time;
        if (time >= expiry()) {
            expire();
            return;
        }
        // Before the detectors: a match of this time is not in the window that ends now.
        decider.onTime(this, time);
        if (profiles.nextDeadline(journey.profile) <= time) {
            LifecycleChange change = profiles.onDeadline(journey.profile, time);
            if (change != null) {
                signal(change);
            }
        }
        profiles.repurchasesDue(journey.profile, time, this::signal);
        enabled.onDeadline(journey, time, this, slotDeadlines);
        publish();
    }

    private void process(UserEvent event) {
        journey.clock = event.ts();
        if (event.type() == EventType.ERASE) {
            erase(event.ts());
            return;
        }
        journey.lastEventAt = event.ts();
        if (event.type() == EventType.PURCHASE) {
            PredictionCheck check = profiles.check(journey.profile, userId, event);
            if (check != null) {
                out.predictionChecked(check);
            }
            decider.purchase(this, event);
        } else {
            decider.event(this, event);
        }
        if (event.type() == EventType.TAG && !profiles.keeps(event)) {
            out.ignoredTag(event);
        }
        LifecycleChange change = profiles.onEvent(journey.profile, event);
        decider.afterEvent(this, event);
        if (change != null) {
            signal(change);
        }
        enabled.onEvent(journey, event, this, slotDeadlines);
        publish();
    }

    private void signal(ProfileSignal signal) {
        enabled.onSignal(journey, signal, this, slotDeadlines);
    }

    /** Sends a profile snapshot if something meaningful changed and the throttle allows. */
    private void publish() {
        if (profiles.takeSnapshot(journey.profile, journey.clock)) {
            out.profile(
                    userId, journey.clock, snapshots.snapshot(userId, profile(), journey.clock));
        }
    }

    /**
     * ERASE (SPEC §7): everything known about the user goes; events after the erasure, still
     * waiting, start afresh. Waiting matches of episodes that began before it are suppressed, and
     * so, through the marker, are those still to come.
     */
    private void erase(long at) {
        decider.erase(this);
        forget();
        journey.matches.removeAnchoredUpTo(at, match -> decider.erased(match, out));
        erased.record(userId, at);
        out.erased(userId, at);
    }

    /** The user was idle for the TTL: forget everything but the events still waiting. */
    private void expire() {
        decider.expire(this);
        forget();
    }

    private void forget() {
        journey.lastEventAt = Times.NONE;
        journey.profile = new Profile();
        journey.recentIds.clear();
        journey.slots.clear();
        journey.alignedWith = null;
        slotDeadlines = enabled.align(journey);
    }

    void reportOpenEpisodes() {
        enabled.reportOpenEpisodes(userId, journey, out);
        for (HeldActions.Held held : journey.policy.held()) {
            Match match = held.match();
            out.openEpisode(
                    new OpenEpisode(
                            userId,
                            match.patternId(),
                            match.type(),
                            match.triggeredAt(),
                            held.deadline(),
                            match.flowId(),
                            match.flow() == null ? null : match.flow().step()));
        }
    }

    /**
     * The profile as it stands at the clock limit, for a backtest (a running job's input ends only
     * when it is drained, and its profiles are on user-profiles already); none for a user forgotten
     * by an erasure or the idle expiry.
     */
    void reportFinalProfile() {
        if (journey.lastEventAt == Times.NONE) {
            return;
        }
        long at = settings.clockLimit();
        out.finalProfile(userId, at, snapshots.snapshot(userId, profile(), at));
    }

    @Override
    public String userId() {
        return userId;
    }

    @Override
    public ZoneId zone() {
        return profile().zone();
    }

    /** The view, pointed at the journey's profile (which an erasure or the expiry replaces). */
    @Override
    public ProfileView profile() {
        return view.of(journey.profile);
    }

    @Override
    public void emit(Match match) {
        if (match.triggeredAt() > decidable) {
            hold(match);
        } else {
            decider.decide(this, match);
        }
    }

    @Override
    public long now() {
        return journey.clock;
    }

    @Override
    public PolicyState policyState() {
        return journey.policy;
    }

    @Override
    public boolean knows(String patternId) {
        return enabled.slotIndex(patternId) >= 0;
    }

    @Override
    public long lastActionAt(String patternId) {
        return journey.slots.get(enabled.slotIndex(patternId)).lastActionAt;
    }

    @Override
    public void acted(String patternId, long at) {
        journey.slots.get(enabled.slotIndex(patternId)).lastActionAt = at;
    }

    @Override
    public boolean endedByPurchase(String patternId) {
        int slot = enabled.slotIndex(patternId);
        return slot < 0 || enabled.endedByPurchase(slot);
    }

    @Override
    public JourneyOutput out() {
        return out;
    }
}
