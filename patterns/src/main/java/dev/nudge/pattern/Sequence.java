package dev.nudge.pattern;

import dev.nudge.config.PatternSpec;
import dev.nudge.config.SequenceParams;
import dev.nudge.event.EventType;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;

/**
 * {@code SEQUENCE} (SPEC §5, §9): an operator-written sequence of steps — each a condition on event
 * fields, joined by {@code next} / {@code followedBy} / {@code notNext} / {@code notFollowedBy},
 * with {@code times} or {@code oneOrMore} — within a time limit. The job compiles it to a Flink CEP
 * pattern with an operator of its own, fed only the event types its steps name (and ERASE, which
 * drops the user's partial matches there); its matches come to the journey, where this detector's
 * slot keeps the pattern's cooldown. The detector itself sees no events and sets no deadlines.
 */
public final class Sequence implements Detector<Sequence.Relay> {
    private final PatternSpec spec;

    public Sequence(PatternSpec spec) {
        this.spec = spec;
    }

    @Override
    public PatternSpec spec() {
        return spec;
    }

    @Override
    public Relay newState() {
        return Relay.INSTANCE;
    }

    /**
     * A purchase ends the moment unless a step of the sequence is itself a purchase: "searched and
     * did not buy" is over when the user buys; "bought, then viewed accessories" is made by one.
     */
    @Override
    public boolean endedByPurchase() {
        for (SequenceParams.Step step : ((SequenceParams) spec.params()).steps()) {
            boolean positive = step.after() == null || !step.after().negated();
            if (positive && step.types().contains(EventType.PURCHASE)) {
                return false;
            }
        }
        return true;
    }

    /** Matches come from the pattern's CEP operator, never from the journey's events. */
    @Override
    public long releaseSlack(EventType type) {
        return Long.MAX_VALUE;
    }

    static Relay readState(StateInput in) {
        return Relay.INSTANCE;
    }

    /** No state of its own: the episodes live in the CEP operator. */
    public static final class Relay implements DetectorState {
        static final Relay INSTANCE = new Relay();

        private Relay() {}

        @Override
        public boolean isIdle() {
            return true;
        }

        @Override
        public void write(StateOutput out) {}
    }
}
