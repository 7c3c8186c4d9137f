package dev.nudge.pattern;

import dev.nudge.config.PatternSpec;
import dev.nudge.event.EventType;
import dev.nudge.event.Times;
import dev.nudge.event.UserEvent;
import dev.nudge.profile.CycleMoment;
import dev.nudge.profile.ProfileSignal;
import dev.nudge.profile.RepurchaseDue;

/**
 * Recognises one configured pattern in one user's journey. A detector is stateless and shared by
 * all users; what it remembers of a user lives in that user's {@link DetectorState}. The journey
 * calls it with events in event-time order (equal times in session order) and at the deadlines it
 * asks for; a deadline is handled before any event with the same time, which makes window ends
 * exclusive.
 *
 * @param <S> the detector's state type
 */
public interface Detector<S extends DetectorState> {
    /** What {@link #cycleMoments} returns by default: none. */
    CycleMoment[] NO_CYCLE_MOMENTS = {};

    PatternSpec spec();

    /** The state of a user this pattern has not seen yet. */
    S newState();

    default void onEvent(S state, UserEvent event, DetectorContext context) {}

    /**
     * Whether {@link #onEvent} may do anything with an event of {@code type}; the journey does not
     * call it for the others (most events are views, which most patterns ignore). None by default:
     * a detector that sees events names their types.
     */
    default boolean reactsTo(EventType type) {
        return false;
    }

    /**
     * Whether {@link #onSignal} may do anything with a profile signal of {@code kind}; the journey
     * does not call it for the others. None by default.
     */
    default boolean hears(ProfileSignal.Kind kind) {
        return false;
    }

    /**
     * A signal of the profile: the lifecycle stage changed (on a purchase, called before {@link
     * #onEvent} with that purchase, or at a time-driven deadline of the profile), or a predicted
     * purchase cycle (overall or in a category) reached one of the {@link #cycleMoments}. The
     * profile already shows the change. Every detector that hears a kind sees every signal of it.
     */
    default void onSignal(S state, ProfileSignal signal, DetectorContext context) {}

    /**
     * The moments of the user's purchase cycles at which this detector wants a {@link
     * RepurchaseDue} signal; none by default.
     */
    default CycleMoment[] cycleMoments() {
        return NO_CYCLE_MOMENTS;
    }

    /**
     * The earliest time this detector must be called at, or {@link Long#MAX_VALUE}; a detector that
     * fires only on events or on the profile's signals asks for none.
     */
    default long nextDeadline(S state) {
        return Long.MAX_VALUE;
    }

    /**
     * Whether a match may come at {@link #nextDeadline}, as the state stands: only then is the user
     * woken for it. A deadline that cannot match (too few views, an empty cart) still closes its
     * episode at its own time, in order with everything else, but at the user's next wake-up for
     * another reason: nothing downstream waits for it.
     */
    default boolean deadlineMayMatch(S state) {
        return true;
    }

    /** Called once the user's clock reaches {@code time}, a deadline this detector asked for. */
    default void onDeadline(S state, long time, DetectorContext context) {}

    /**
     * The start of the open episode, or {@link Times#NONE} when none is open (or the detector has
     * no episodes that stay open).
     */
    default long openSince(S state) {
        return Times.NONE;
    }

    /**
     * How long an event of {@code type} may wait, after the watermark has passed it, before this
     * detector sees it, without any of its outputs coming later. An absence pattern emits only at
     * deadlines at least a window after the events that set them, so it tolerates a window; a
     * pattern that fires on an event itself tolerates nothing. The journey batches waiting events
     * within the smallest tolerance of all detectors: fewer state accesses, the same results.
     */
    default long releaseSlack(EventType type) {
        return 0;
    }

    /**
     * Whether a purchase ends this pattern's moments: then a match still waiting to be decided (in
     * the arbitration window) or an action held for its send time is cancelled as {@code
     * CONVERTED_BEFORE_SEND} when the user buys first. True for the moments about not buying; false
     * for those a purchase makes (a milestone, a welcome).
     */
    default boolean endedByPurchase() {
        return true;
    }
}
