package dev.nudge.cli;

import dev.nudge.config.ConfigError;
import dev.nudge.config.ConfigException;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfig;
import dev.nudge.sequence.SequenceCompiler;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code validate FILE}: checks a pattern configuration and lists every error in it. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Checks a pattern configuration (patterns.yaml or its JSON form).",
            "Exit 0 when it is valid; 1 with every error (field path, value, what is expected)."
        })
final class ValidateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the patterns.yaml to check")
    Path file;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PatternsConfig config = readValid(file, out);
        if (config == null) {
            return 1;
        }
        out.printf("%s: valid, version %s%n", file, config.version());
        for (PatternSpec pattern : config.patterns()) {
            out.printf(
                    "  %-24s %-20s %s%n",
                    pattern.id(), pattern.type(), pattern.enabled() ? "enabled" : "disabled");
        }
        return 0;
    }

    /**
     * The configuration in {@code file} as the job would run it, or {@code null} once {@code out}
     * says why there is none: no such file, or every error in it. Shared by the commands that take
     * a patterns file from an operator, so that each reports a bad one the same way.
     */
    static PatternsConfig readValid(Path file, PrintWriter out) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            out.println(file + ": no such file");
            return null;
        }
        try {
            return SequenceCompiler.validated(text, file.toString());
        } catch (ConfigException e) {
            List<ConfigError> errors = e.errors();
            out.printf("%s: %d error%s%n", file, errors.size(), errors.size() == 1 ? "" : "s");
            errors.forEach(error -> out.println("  " + error));
            return null;
        }
    }
}
