package dev.nudge.journey;

import dev.nudge.event.Times;
import dev.nudge.flow.FlowPositions;
import dev.nudge.policy.PolicyState;
import dev.nudge.profile.Profile;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the job keeps about one user, as one value: read once and written once per wake-up of
 * the journey operator (SPEC §9). It holds the user's event-time clock, the events waiting for the
 * watermark, the recent event ids for deduplication, the user's {@link Profile}, and one slot per
 * pattern. Mutable and owned by one key; only {@link JourneyEngine} changes it.
 */
public final class Journey {

    /** Everything at or before this time has been processed. */
    long clock = Times.NONE;

    /** The time of the last processed event; the journey expires an idle TTL after it. */
    long lastEventAt = Times.NONE;

    /** The wake-up time registered with the timer service, or {@link Times#NONE}. */
    long armedTimer = Times.NONE;

    /**
     * The {@link EnabledPatterns} the slots were last aligned with; not stored, so re-checked after
     * a read.
     */
    transient Object alignedWith;

    /**
     * Each slot's next deadline, kept while the journey object lives (on heap state, across
     * wake-ups) so that a wake-up reads one array instead of every detector's state; not encoded,
     * computed again after decoding.
     */
    transient long[] slotDeadlines;

    Profile profile;
    final RecentEventIds recentIds = new RecentEventIds();

    final PendingEvents pending = new PendingEvents();
    final PendingMatches matches = new PendingMatches();

    /** The send log, the arbitration window, the held actions and the last touch. */
    final PolicyState policy = new PolicyState();

    final List<PatternSlot> slots = new ArrayList<>(2);

    /** A new user's journey. */
    public Journey() {
        this(new Profile());
    }

    /** A journey with this profile: {@link JourneyCodec} sets it as it reads it. */
    Journey(Profile profile) {
        this.profile = profile;
    }

    /** The wake-up time currently registered for this user, or {@link Times#NONE}. */
    public long armedTimer() {
        return armedTimer;
    }

    public void armedTimer(long time) {
        armedTimer = time;
    }

    /** Whether nothing is left worth keeping, so that the user's state can be dropped. */
    public boolean isEmpty() {
        return lastEventAt == Times.NONE
                && pending.isEmpty()
                && matches.isEmpty()
                && policy.isSettled();
    }

    public Profile profile() {
        return profile;
    }

    /** How many events are waiting for the watermark. */
    public int pendingEvents() {
        return pending.size();
    }

    /** How many actions are held for their send time. */
    public int heldActions() {
        return policy.heldActions();
    }

    /** How many of the user's recent sends are remembered, for linking feedback to them. */
    public int recentSends() {
        return policy.recentSends();
    }

    /** The user's place in each flow. */
    public FlowPositions flowPositions() {
        return policy.flows();
    }

    /** How many matches of SEQUENCE patterns are waiting for the user's clock. */
    public int pendingMatches() {
        return matches.size();
    }
}
