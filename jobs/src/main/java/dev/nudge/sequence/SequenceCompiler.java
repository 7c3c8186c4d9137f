package dev.nudge.sequence;

import dev.nudge.config.ConfigError;
import dev.nudge.config.ConfigException;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternType;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.config.SequenceParams;
import dev.nudge.event.UserEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * Turns the steps of a SEQUENCE pattern (SPEC §5) into a Flink CEP {@link Pattern}: one CEP state
 * per step, its condition the step's event condition, joined by the step's contiguity, quantified
 * by {@code times} or {@code oneOrMore}, within the pattern's limit. After a match, CEP skips past
 * its last event; a later match that still begins within the episode is dropped by the operator
 * ({@link SequenceOperator}), so that one episode gives one match.
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

    /**
     * What Flink CEP would reject in the configuration's SEQUENCE patterns, enabled or not, as
     * configuration errors: found by compiling each one as the job would.
     */
    public static List<ConfigError> problems(PatternsConfig config) {
        List<ConfigError> errors = new ArrayList<>();
        List<PatternSpec> patterns = config.patterns();
        for (int i = 0; i < patterns.size(); i++) {
            PatternSpec spec = patterns.get(i);
            if (spec.type() != PatternType.SEQUENCE) {
                continue;
            }
            try {
                NFACompiler.compileFactory(compile((SequenceParams) spec.params()), false);
            } catch (RuntimeException e) {
                errors.add(
                        new ConfigError(
                                "patterns[" + i + "].params.steps",
                                "a sequence Flink CEP rejects",
                                "steps that begin with a step that must happen, no times or"
                                        + " oneOrMore on a step that must not happen, and no"
                                        + " optional step after one that must not happen"
                                        + " (Flink CEP: "
                                        + e.getMessage()
                                        + ")"));
            }
        }
        return errors;
    }

    /**
     * Reads a {@code patterns.yaml} document as the job will run it: validated, and every SEQUENCE
     * compiled by Flink CEP.
     *
     * @throws ConfigException with every error of the document, or else every SEQUENCE that Flink
     *     CEP rejects
     */
    public static PatternsConfig validated(String document, String source) throws ConfigException {
        return compiled(PatternsConfigReader.read(document, source), source);
    }

    /**
     * Reads a {@code patterns.yaml} document as it arrives, from a file or the control topic, as
     * the job will run it: at most {@link dev.nudge.config.ConfigLimits#MAX_DOCUMENT_BYTES}, strict
     * UTF-8, validated, and every SEQUENCE compiled by Flink CEP.
     *
     * @throws ConfigException with every error of the document, or else every SEQUENCE that Flink
     *     CEP rejects
     */
    public static PatternsConfig validated(byte[] document, String source) throws ConfigException {
        return compiled(PatternsConfigReader.read(document, source), source);
    }

    private static PatternsConfig compiled(PatternsConfig config, String source)
            throws ConfigException {
        List<ConfigError> errors = problems(config);
        if (!errors.isEmpty()) {
            throw new ConfigException(source, errors);
        }
        return config;
    }
}
