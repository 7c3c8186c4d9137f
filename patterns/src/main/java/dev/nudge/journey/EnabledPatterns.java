package dev.nudge.journey;

import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfig;
import dev.nudge.event.EventType;
import dev.nudge.event.Times;
import dev.nudge.event.UserEvent;
import dev.nudge.pattern.Detector;
import dev.nudge.pattern.DetectorContext;
import dev.nudge.pattern.DetectorState;
import dev.nudge.pattern.PatternCatalog;
import dev.nudge.profile.CycleMoment;
import dev.nudge.profile.ProfileSignal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The patterns one engine runs, as a journey keeps them: one slot per enabled pattern, in
 * configuration order, found by the pattern's id; and for the patterns with a detector (all but
 * SEQUENCE, whose episodes live in its CEP operator) the detector and what it sees — the event
 * types it reacts to, the profile signals it hears, how long an event may wait for it. Events,
 * signals and deadlines go to the detectors that want them, each on its own slot, and each
 * detector's next deadline is kept up to date in the array the caller passes.
 */
final class EnabledPatterns {
    private final PatternSpec[] patterns;

    /** Per slot: whether a purchase ends the pattern's moments. */
    private final boolean[] endedByPurchase;

    private final Detector<DetectorState>[] detectors;

    /** Per detector: the slot its state is in. */
    private final int[] slotOf;

    /** Per slot: the pattern's detector, or {@code null} for a pattern without one. */
    private final Detector<DetectorState>[] detectorOf;

    /** Per detector, per event type (by ordinal): whether the detector sees such events. */
    private final boolean[][] reactsTo;

    /** Per detector, per profile signal kind (by ordinal): whether the detector hears it. */
    private final boolean[][] hears;

    /** Per event type (by ordinal), how long a passed event may wait to be processed. */
    private final long[] slack;

    @SuppressWarnings("unchecked")
    EnabledPatterns(PatternsConfig config, long releaseDelay) {
        List<PatternSpec> enabled = new ArrayList<>();
        List<Detector<?>> found = new ArrayList<>();
        List<Integer> slots = new ArrayList<>();
        for (PatternSpec pattern : config.patterns()) {
            if (pattern.enabled()) {
                Detector<?> detector = PatternCatalog.detector(pattern);
                if (detector != null) {
                    found.add(detector);
                    slots.add(enabled.size());
                }
                enabled.add(pattern);
            }
        }
        this.patterns = enabled.toArray(new PatternSpec[0]);
        this.detectors = found.toArray(new Detector[0]);
        this.slotOf = slots.stream().mapToInt(Integer::intValue).toArray();
        this.detectorOf = new Detector[patterns.length];
        for (int d = 0; d < detectors.length; d++) {
            detectorOf[slotOf[d]] = detectors[d];
        }
        this.endedByPurchase = new boolean[patterns.length];
        for (int i = 0; i < patterns.length; i++) {
            endedByPurchase[i] = PatternCatalog.endedByPurchase(patterns[i], detectorOf[i]);
        }
        this.slack = new long[EventType.values().length];
        for (EventType type : EventType.values()) {
            long tolerated = releaseDelay;
            for (Detector<?> detector : detectors) {
                tolerated = Math.min(tolerated, detector.releaseSlack(type));
            }
            slack[type.ordinal()] = Math.max(0, tolerated);
        }
        // An erasure is carried out as soon as the watermark allows.
        slack[EventType.ERASE.ordinal()] = 0;
        this.reactsTo = new boolean[detectors.length][EventType.values().length];
        this.hears = new boolean[detectors.length][ProfileSignal.Kind.values().length];
        for (int i = 0; i < detectors.length; i++) {
            for (EventType type : EventType.values()) {
                reactsTo[i][type.ordinal()] = detectors[i].reactsTo(type);
            }
            for (ProfileSignal.Kind kind : ProfileSignal.Kind.values()) {
                hears[i][kind.ordinal()] = detectors[i].hears(kind);
            }
        }
    }

    /** Every moment of a purchase cycle that some detector wants a signal at. */
    CycleMoment[] cycleMoments() {
        return Arrays.stream(detectors)
                .flatMap(d -> Arrays.stream(d.cycleMoments()))
                .distinct()
                .toArray(CycleMoment[]::new);
    }

    /** How long an event of {@code type} the watermark has passed may wait to be processed. */
    long slack(EventType type) {
        return slack[type.ordinal()];
    }

    /** The slot of the pattern, or -1 if it has none (no longer configured, or disabled). */
    int slotIndex(String patternId) {
        for (int i = 0; i < patterns.length; i++) {
            if (patterns[i].id().equals(patternId)) {
                return i;
            }
        }
        return -1;
    }

    boolean endedByPurchase(int slot) {
        return endedByPurchase[slot];
    }

    private DetectorState stateOf(Journey journey, int detector) {
        return journey.slots.get(slotOf[detector]).state;
    }

    void onEvent(Journey journey, UserEvent event, DetectorContext context, long[] deadlines) {
        int type = event.type().ordinal();
        for (int i = 0; i < detectors.length; i++) {
            if (reactsTo[i][type]) {
                DetectorState state = stateOf(journey, i);
                detectors[i].onEvent(state, event, context);
                deadlines[i] = detectors[i].nextDeadline(state);
            }
        }
    }

    /** A profile signal, to the detectors that hear its kind. */
    void onSignal(
            Journey journey, ProfileSignal signal, DetectorContext context, long[] deadlines) {
        int kind = signal.kind().ordinal();
        for (int i = 0; i < detectors.length; i++) {
            if (hears[i][kind]) {
                DetectorState state = stateOf(journey, i);
                detectors[i].onSignal(state, signal, context);
                deadlines[i] = detectors[i].nextDeadline(state);
            }
        }
    }

    /** The user's clock reached {@code time}: the detectors whose deadline it is are called. */
    void onDeadline(Journey journey, long time, DetectorContext context, long[] deadlines) {
        for (int i = 0; i < detectors.length; i++) {
            if (deadlines[i] <= time) {
                DetectorState state = stateOf(journey, i);
                detectors[i].onDeadline(state, time, context);
                deadlines[i] = detectors[i].nextDeadline(state);
            }
        }
    }

    static long earliest(long[] deadlines) {
        long next = Long.MAX_VALUE;
        for (long deadline : deadlines) {
            next = Math.min(next, deadline);
        }
        return next;
    }

    /**
     * The earliest detector deadline at which a match may come, as the state stands or after an
     * event that waits in the journey from before it (one more view, say); {@link Long#MAX_VALUE}
     * if none.
     */
    long earliestThatMayMatch(Journey journey, long[] deadlines) {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < detectors.length; i++) {
            long deadline = deadlines[i];
            if (deadline < next
                    && (detectors[i].deadlineMayMatch(stateOf(journey, i))
                            || waitsBefore(journey, i, deadline))) {
                next = deadline;
            }
        }
        return next;
    }

    /** Whether an event detector i sees waits in the journey from before {@code time}. */
    private boolean waitsBefore(Journey journey, int detector, long time) {
        for (PendingEvents.Waiting waiting : journey.pending.view()) {
            if (waiting.ts < time && reactsTo[detector][waiting.type.ordinal()]) {
                return true;
            }
        }
        return false;
    }

    /** Reports every detector's open episode (backtests, at the end of the input). */
    void reportOpenEpisodes(String userId, Journey journey, JourneyOutput out) {
        for (int i = 0; i < detectors.length; i++) {
            long since = detectors[i].openSince(stateOf(journey, i));
            if (since != Times.NONE) {
                PatternSpec spec = detectors[i].spec();
                out.openEpisode(new OpenEpisode(userId, spec.id(), spec.type(), since, Times.NONE));
            }
        }
    }

    /**
     * Makes slot i belong to enabled pattern i, and returns every detector's next deadline: kept in
     * the journey while it lives (on heap state, across wake-ups), computed again after decoding or
     * when the patterns changed.
     */
    long[] align(Journey journey) {
        if (journey.alignedWith != this) {
            realign(journey);
            journey.slotDeadlines = null;
        }
        if (journey.slotDeadlines == null) {
            long[] deadlines = new long[detectors.length];
            for (int i = 0; i < detectors.length; i++) {
                deadlines[i] = detectors[i].nextDeadline(stateOf(journey, i));
            }
            journey.slotDeadlines = deadlines;
        }
        return journey.slotDeadlines;
    }

    /**
     * Slots of patterns that are no longer configured (or changed type) are dropped; new patterns
     * start with fresh state. Done once per journey object: a journey remembers which patterns it
     * was aligned with.
     */
    private void realign(Journey journey) {
        List<PatternSlot> slots = journey.slots;
        List<PatternSlot> aligned = new ArrayList<>(patterns.length);
        for (int i = 0; i < patterns.length; i++) {
            PatternSpec spec = patterns[i];
            Detector<DetectorState> detector = detectorOf[i];
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
                                    spec.id(),
                                    spec.type(),
                                    detector == null ? DetectorState.NONE : detector.newState(),
                                    Times.NONE));
        }
        slots.clear();
        slots.addAll(aligned);
        journey.alignedWith = this;
    }
}
