package dev.nudge.cli;

import dev.nudge.config.ConfigError;
import dev.nudge.config.ConfigException;
import dev.nudge.config.ConfigLimits;
import dev.nudge.config.FlowSpec;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.validate.PatternsValidator;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
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
        usageHelpAutoWidth = true,
        usageHelpWidth = 100,
        description = {
            "Checks a pattern configuration (patterns.yaml or its JSON form).",
            "Exit 0 when it is valid; 1 with every error (field path, value, what is expected)."
        })
final class ValidateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the patterns.yaml to check")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ValidFile valid = readValid(file, out);
        if (valid == null) {
            return 1;
        }
        PatternsConfig config = valid.config();
        out.printf("%s: valid, version %s%n", file, config.version());
        for (PatternSpec pattern : config.patterns()) {
            out.printf(
                    "  %-24s %-20s %s%n",
                    pattern.id(), pattern.type(), pattern.enabled() ? "enabled" : "disabled");
        }
        for (FlowSpec flow : config.flows()) {
            out.printf(
                    "  %-24s %-20s %s%n",
                    flow.id(),
                    "FLOW",
                    (flow.enabled() ? "enabled" : "disabled")
                            + ", "
                            + flow.steps().size()
                            + " steps, entered by "
                            + String.join(", ", flow.entry().patterns())
                            + " "
                            + flow.entry().mode());
        }
        return 0;
    }

    /**
     * A patterns file that passed every check.
     *
     * @param document its bytes, exactly as checked: what {@code publish} sends
     */
    record ValidFile(PatternsConfig config, byte[] document) {}

    /**
     * The configuration in {@code file} as the job would run it, or {@code null} once {@code out}
     * says why there is none: in one line when the file cannot be read as a document at all (no
     * such file, a directory, too large, not UTF-8 text), otherwise with its errors, the first
     * {@value ConfigLimits#MAX_LISTED_ERRORS} of them and a count of the rest. Shared by the
     * commands that take a patterns file from an operator, so that each reports a bad one the same
     * way, and never with a stack trace.
     */
    static ValidFile readValid(Path file, PrintWriter out) {
        try {
            byte[] document = readDocument(file);
            return new ValidFile(PatternsValidator.validated(document, file.toString()), document);
        } catch (ConfigException e) {
            printErrors(file, e, out);
        } catch (IOException e) {
            out.println(file + ": " + unreadable(file, e));
        }
        return null;
    }

    /**
     * The text of the patterns document in {@code file}, checked as {@link #readValid} checks it
     * before parsing, for the commands that hand the document on to the job.
     *
     * @throws IOException when the file cannot be read, with a message that says why in words
     * @throws ConfigException when it is too large or not UTF-8 text
     */
    static String readText(Path file) throws IOException, ConfigException {
        try {
            return PatternsConfigReader.text(readDocument(file), file.toString());
        } catch (IOException e) {
            throw new IOException(file + ": " + unreadable(file, e), e);
        }
    }

    private static byte[] readDocument(Path file) throws IOException, ConfigException {
        if (Files.isDirectory(file)) {
            throw new IOException("is a directory");
        }
        return PatternsConfigReader.readDocument(file);
    }

    /** Why {@code file} cannot be read, in words. */
    private static String unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        } else if (Files.isDirectory(file)) {
            return "is a directory, not a patterns file";
        } else if (e instanceof AccessDeniedException) {
            return "cannot be read: permission denied";
        }
        return "cannot be read: "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    /**
     * The errors of a document: one line when it is about the document as a whole, else a count and
     * the first {@value ConfigLimits#MAX_LISTED_ERRORS}, then how many more there are.
     */
    static void printErrors(Path file, ConfigException e, PrintWriter out) {
        List<ConfigError> errors = e.errors();
        if (errors.size() == 1 && errors.get(0).aboutDocument()) {
            ConfigError error = errors.get(0);
            out.println(file + ": " + error.found() + " -- expected " + error.expected());
            return;
        }
        out.printf("%s: %d error%s%n", file, errors.size(), errors.size() == 1 ? "" : "s");
        e.firstErrors(ConfigLimits.MAX_LISTED_ERRORS).forEach(line -> out.println("  " + line));
    }
}
