package dev.nudge.sequence;

import dev.nudge.config.SequenceParams;
import dev.nudge.event.UserEvent;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * Turns the steps of a SEQUENCE pattern (SPEC §5) into a Flink CEP {@link Pattern}: one CEP state
 * per step, its condition the step's event condition, joined by the step's contiguity, quantified
 * by {@code times} or {@code oneOrMore}, within the pattern's limit. After a match, CEP skips past
 * its last event; a later match that still begins within the episode is dropped by the operator
 * ({@link SequenceOperator}), so that one episode gives one match. Whether a whole document's
 * sequences compile is checked by {@link dev.nudge.validate.PatternsValidator}.
 */
public final class SequenceCompiler {
    private SequenceCompiler() {}

    public static Pattern<UserEvent, UserEvent> compile(SequenceParams params) {
        Pattern<UserEvent, UserEvent> pattern = null;
        for (SequenceParams.Step step : params.steps()) {
            SimpleCondition<UserEvent> condition = SimpleCondition.of(step::accepts);
            pattern =
                    pattern == null
                            ? Pattern.<UserEvent>begin(
                                    step.name(), AfterMatchSkipStrategy.skipPastLastEvent())
                            : switch (step.after()) {
                                case NEXT -> pattern.next(step.name());
                                case FOLLOWED_BY -> pattern.followedBy(step.name());
                                case NOT_NEXT -> pattern.notNext(step.name());
                                case NOT_FOLLOWED_BY -> pattern.notFollowedBy(step.name());
                            };
            pattern = pattern.where(condition);
            if (step.oneOrMore()) {
                pattern = pattern.oneOrMore();
            } else if (step.times() > 1) {
                pattern = pattern.times(step.times());
            }
        }
        return pattern.within(params.within());
    }
}
