package dev.nudge.console.change;

import dev.nudge.config.ConfigError;
import dev.nudge.config.ConfigException;
import dev.nudge.config.ConfigLimits;
import dev.nudge.config.FlowSpec;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.validate.PatternsValidator;
import java.util.ArrayList;
import java.util.List;

/**
 * A document from the page, checked by {@link PatternsValidator} as {@code validate} checks a file,
 * with each error placed at its line ({@link DocumentLines}) for the editor.
 *
 * @param config the configuration, or {@code null} when the document is invalid
 * @param version the version the document declares, even an invalid one; {@code null} if none
 * @param errors the first {@link ConfigLimits#MAX_LISTED_ERRORS} errors, each at its line
 * @param errorCount how many errors there are in all
 */
record Checked(PatternsConfig config, String version, List<ErrorAt> errors, int errorCount) {

    /**
     * One error of a document, where it is written.
     *
     * @param line 1-based, {@code null} for an error about the document as a whole
     * @param column 1-based, {@code null} when not known
     * @param found the value found; {@code null} when the field is missing
     * @param message the error in one line, as {@code validate} prints it
     */
    record ErrorAt(
            Integer line,
            Integer column,
            String path,
            String found,
            String expected,
            String message) {}

    /** A pattern as the page lists it. */
    record PatternRow(String id, String type, boolean enabled) {}

    /** A flow as the page lists it. */
    record FlowRow(String id, boolean enabled, int steps, List<String> enteredBy) {}

    /** What {@code POST /api/validate} answers. */
    record Answer(
            boolean valid,
            String version,
            List<PatternRow> patterns,
            List<FlowRow> flows,
            List<ErrorAt> errors,
            int errorCount) {}

    /** The name the validator gives a document from the page in its messages. */
    static final String SOURCE = "the edited document";

    Checked {
        errors = List.copyOf(errors);
    }

    static Checked of(String text) {
        try {
            PatternsConfig config = PatternsValidator.validated(text, SOURCE);
            return new Checked(config, config.version(), List.of(), 0);
        } catch (ConfigException e) {
            return new Checked(
                    null,
                    PatternsConfigReader.declaredVersion(text),
                    placed(text, e.errors()),
                    e.errors().size());
        }
    }

    boolean valid() {
        return config != null;
    }

    Answer answer() {
        List<PatternRow> patterns = new ArrayList<>();
        List<FlowRow> flows = new ArrayList<>();
        if (config != null) {
            for (PatternSpec pattern : config.patterns()) {
                patterns.add(
                        new PatternRow(pattern.id(), pattern.type().name(), pattern.enabled()));
            }
            for (FlowSpec flow : config.flows()) {
                flows.add(
                        new FlowRow(
                                flow.id(),
                                flow.enabled(),
                                flow.steps().size(),
                                flow.entry().patterns()));
            }
        }
        return new Answer(valid(), version, patterns, flows, errors, errorCount);
    }

    /** One line for an answer that refuses an invalid document. */
    String summary() {
        return SOURCE
                + " has "
                + errorCount
                + (errorCount == 1 ? " error" : " errors")
                + ": fix "
                + (errorCount == 1 ? "it" : "them")
                + " first";
    }

    private static List<ErrorAt> placed(String text, List<ConfigError> errors) {
        DocumentLines lines = DocumentLines.of(text);
        List<ErrorAt> placed = new ArrayList<>();
        for (ConfigError error :
                errors.subList(0, Math.min(errors.size(), ConfigLimits.MAX_LISTED_ERRORS))) {
            var position = lines.positionOf(error.path());
            placed.add(
                    new ErrorAt(
                            position.map(DocumentLines.Position::line).orElse(null),
                            position.map(DocumentLines.Position::column).orElse(null),
                            error.path(),
                            error.found(),
                            error.expected(),
                            error.toString()));
        }
        return placed;
    }
}
