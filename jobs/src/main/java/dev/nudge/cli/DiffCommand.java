package dev.nudge.cli;

import dev.nudge.config.ConfigChange;
import dev.nudge.config.ConfigDiff;
import dev.nudge.config.PatternsConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code diff OLD NEW}: what publishing a new pattern configuration changes, and whether the
 * running job takes it live or only after a restart with a savepoint (SPEC §6). The job decides the
 * same way when the document is published ({@link ConfigDiff}); an operator should know before
 * publishing, and a deployment script can tell the two cases apart by the exit code.
 */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        usageHelpWidth = 100,
        exitCodeOnInvalidInput = 1,
        description = {
            "Compares two pattern configurations.",
            "Lists which changes the running job applies live when NEW is published on"
                    + " marketing-control, and which need a restart (stop with savepoint, start"
                    + " from it with NEW).",
            "Exit 0 when every change applies live (or there is none); 2 when some need a"
                    + " restart; 1 when a file is missing or invalid, with every error listed as"
                    + " validate does."
        })
final class DiffCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "the patterns.yaml the job runs")
    Path oldFile;

    @Parameters(index = "1", paramLabel = "NEW", description = "the patterns.yaml to publish")
    Path newFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ValidateCommand.ValidFile oldDocument = ValidateCommand.readValid(oldFile, out);
        ValidateCommand.ValidFile newDocument = ValidateCommand.readValid(newFile, out);
        if (oldDocument == null || newDocument == null) {
            return 1;
        }
        PatternsConfig before = oldDocument.config();
        PatternsConfig after = newDocument.config();
        List<ConfigChange> changes = ConfigDiff.between(before, after);
        out.println(version(before, after, changes));
        section(out, "Applied live when published:", ConfigDiff.live(changes));
        section(
                out,
                "Need a restart (stop with savepoint, start from it):",
                ConfigDiff.restartNeeded(changes));
        if (changes.isEmpty()) {
            out.println("Nothing to publish: the settings of both are the same.");
            return 0;
        } else if (ConfigDiff.allLive(changes)) {
            out.printf("Publish %s on marketing-control: the job applies it live.%n", newFile);
            return 0;
        }
        out.printf(
                "Stop the job with a savepoint and start it from the savepoint with --patterns %s."
                        + " Published live, it would be acknowledged as needing a restart and not"
                        + " applied.%n",
                newFile);
        return 2;
    }

    /** The version line; a changed document keeping its version could not be told apart. */
    private static String version(
            PatternsConfig before, PatternsConfig after, List<ConfigChange> changes) {
        if (!before.version().equals(after.version())) {
            return "version: " + before.version() + " -> " + after.version();
        } else if (changes.isEmpty()) {
            return "version: " + before.version() + " (unchanged)";
        }
        return "version: "
                + before.version()
                + " (unchanged: give NEW a version of its own, so that its actions and decisions"
                + " can be told apart)";
    }

    /** Plain ASCII, like every other line the commands print: a terminal may not take more. */
    private static void section(PrintWriter out, String heading, List<ConfigChange> changes) {
        out.println(heading);
        if (changes.isEmpty()) {
            out.println("  none");
        }
        for (ConfigChange change : changes) {
            out.printf("  %s: %s -> %s%n", change.path(), change.before(), change.after());
        }
    }
}
