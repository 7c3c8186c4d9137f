package dev.nudge.pattern;

import dev.nudge.config.PatternSpec;
import dev.nudge.config.SequenceParams;
import dev.nudge.event.EventType;

/**
 * {@code SEQUENCE}: an operator-written sequence of steps — each a condition on event fields,
 * joined by {@code next} / {@code followedBy} / {@code notNext} / {@code notFollowedBy}, with
 * {@code times} or {@code oneOrMore} — within a time limit ({@link SequenceParams}). The job
 * compiles it to a Flink CEP pattern with an operator of its own, fed only the event types its
 * steps name (and ERASE, which drops the user's partial matches there); its matches come to the
 * journey, where the pattern's slot keeps its cooldown. There is no detector in the journey: the
 * pattern's slot there holds {@link DetectorState#NONE}.
 */
public final class Sequence {
    private Sequence() {}

    /**
     * A purchase ends the moment unless a step of the sequence is itself a purchase: "searched and
     * did not buy" is over when the user buys; "bought, then viewed accessories" is made by one.
     */
    public static boolean endedByPurchase(PatternSpec spec) {
        for (SequenceParams.Step step : ((SequenceParams) spec.params()).steps()) {
            boolean positive = step.after() == null || !step.after().negated();
            if (positive && step.types().contains(EventType.PURCHASE)) {
                return false;
            }
        }
        return true;
    }
}
