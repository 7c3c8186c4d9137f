package dev.nudge.profile;

import dev.nudge.event.Times;
import java.util.function.Consumer;

/**
 * The moments of the purchase cycles, overall or in a tracked category, at which the profile
 * signals {@link RepurchaseDue} to the detectors that asked for those {@link CycleMoment}s. Cycles
 * change only with purchases, so the journey's clock is all the memory this needs: a moment that a
 * purchase puts in the past is not signalled.
 */
final class RepurchaseMoments {
    /**
     * Moments are signalled from two occasions (one gap) on; each pattern asks for its own {@code
     * minOccasions} on top.
     */
    private static final int MIN_SIGNAL_OCCASIONS = 2;

    private final CycleMoment[] moments;
    private final CycleEstimator estimator;

    RepurchaseMoments(CycleMoment[] moments, CycleEstimator estimator) {
        this.moments = moments.clone();
        this.estimator = estimator;
    }

    /**
     * The next time after {@code after} at which a moment of a cycle, overall or in a tracked
     * category, comes; {@link Long#MAX_VALUE} if none.
     */
    long next(Profile p, long after) {
        if (moments.length == 0) {
            return Long.MAX_VALUE;
        }
        if (p.repurchaseDueFrom != Times.NONE
                && after >= p.repurchaseDueFrom
                && after < p.repurchaseDue) {
            // No moment lies between the clock of the last answer and that answer.
            return p.repurchaseDue;
        }
        long next = earliestDue(p.cycle, after, Long.MAX_VALUE);
        for (CycleTracker cycle : p.categoryCycles) {
            next = earliestDue(cycle, after, next);
        }
        p.repurchaseDueFrom = after;
        p.repurchaseDue = next;
        return next;
    }

    private long earliestDue(CycleTracker cycle, long after, long next) {
        if (cycle.occasions < MIN_SIGNAL_OCCASIONS) {
            return next;
        }
        for (CycleMoment moment : moments) {
            long due = estimator.at(cycle, moment);
            if (due != Times.NONE && due > after && due < next) {
                next = due;
            }
        }
        return next;
    }

    /** Signals every moment due at exactly {@code time}, overall first. */
    void due(Profile p, long time, Consumer<RepurchaseDue> signal) {
        // The remembered next moment spares walking every category's cycle at each deadline.
        if (next(p, time - 1) != time) {
            return;
        }
        signalDue(p.cycle, null, time, signal);
        for (int i = 0; i < p.categoryCycles.size(); i++) {
            signalDue(p.categoryCycles.get(i), p.cycleCategories.get(i), time, signal);
        }
    }

    private void signalDue(
            CycleTracker cycle, String category, long time, Consumer<RepurchaseDue> signal) {
        if (cycle.occasions < MIN_SIGNAL_OCCASIONS) {
            return;
        }
        for (CycleMoment moment : moments) {
            if (estimator.at(cycle, moment) == time) {
                signal.accept(
                        new RepurchaseDue(
                                category,
                                moment,
                                time,
                                cycle.lastOccasionAt
                                        + estimator.percentile(cycle, CycleEstimator.PREDICTED),
                                cycle.occasions,
                                cycle.lastOccasionAt));
            }
        }
    }
}
