package dev.nudge.validate;

import dev.nudge.config.ConfigError;
import dev.nudge.config.ConfigException;
import dev.nudge.config.ConfigLimits;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternType;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.config.SequenceParams;
import dev.nudge.sequence.SequenceCompiler;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.cep.nfa.compiler.NFACompiler;

/**
 * Checks a whole {@code patterns.yaml} document as the job will run it: the checks of {@link
 * PatternsConfigReader} (size, UTF-8, syntax, every field), and then every SEQUENCE compiled by
 * Flink CEP, which rejects some sequences the reader cannot judge alone. {@code validate}, {@code
 * backtest}, {@code run}, {@code demo} and the control topic all take a document through here, so
 * that each accepts exactly what the others do.
 */
public final class PatternsValidator {
    private PatternsValidator() {}

    /**
     * Reads a {@code patterns.yaml} document held as text, as the job will run it.
     *
     * @throws ConfigException with every error of the document, or else every SEQUENCE that Flink
     *     CEP rejects
     */
    public static PatternsConfig validated(String document, String source) throws ConfigException {
        return compiled(PatternsConfigReader.read(document, source), source);
    }

    /**
     * Reads a {@code patterns.yaml} document as it arrives, from a file or the control topic, as
     * the job will run it: at most {@link ConfigLimits#MAX_DOCUMENT_BYTES}, strict UTF-8,
     * validated, and every SEQUENCE compiled by Flink CEP.
     *
     * @throws ConfigException with every error of the document, or else every SEQUENCE that Flink
     *     CEP rejects
     */
    public static PatternsConfig validated(byte[] document, String source) throws ConfigException {
        return compiled(PatternsConfigReader.read(document, source), source);
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
                NFACompiler.compileFactory(
                        SequenceCompiler.compile((SequenceParams) spec.params()), false);
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

    private static PatternsConfig compiled(PatternsConfig config, String source)
            throws ConfigException {
        List<ConfigError> errors = problems(config);
        if (!errors.isEmpty()) {
            throw new ConfigException(source, errors);
        }
        return config;
    }
}
