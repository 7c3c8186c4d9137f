package dev.nudge.control;

import dev.nudge.config.ConfigChange;
import dev.nudge.config.ConfigDiff;
import dev.nudge.config.ConfigException;
import dev.nudge.config.ConfigVersions;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.PatternsConfigReader;
import java.util.List;

/**
 * Which configuration a job starts with: the file it was given, or the last one applied live before
 * a failure or a stop (SPEC §6). The file is only the initial version: after a restore the job
 * carries on with the configuration restored from the checkpoint or savepoint, unless the file is
 * newer, which is how a savepoint upgrade brings in a new one.
 *
 * @param config the configuration in force
 * @param document its text, as it was validated
 * @param restored whether it came from the checkpoint rather than the file
 * @param explanation one sentence for the log
 */
public record LiveConfiguration(
        PatternsConfig config, String document, boolean restored, String explanation) {

    /** The file's configuration, when there is nothing to restore. */
    public static LiveConfiguration fromFile(PatternsConfig file, String fileDocument) {
        return fromFile(file, fileDocument, ".");
    }

    /** The file's configuration, with why it and not the restored one applies. */
    private static LiveConfiguration fromFile(
            PatternsConfig file, String fileDocument, String because) {
        return new LiveConfiguration(
                file,
                fileDocument,
                false,
                "Using patterns version "
                        + file.version()
                        + " from the configuration file"
                        + because);
    }

    /**
     * Chooses between the file and the configuration restored from state.
     *
     * @param restoredDocument the document last applied live, or {@code null} if none was
     * @throws IllegalStateException if the restored configuration is the newer one (or the same
     *     version) but differs from the file in what only a restart applies: the job runs the
     *     file's patterns, so it cannot honour the restored document, and must not guess
     */
    public static LiveConfiguration choose(
            PatternsConfig file, String fileDocument, String restoredDocument) {
        if (restoredDocument == null) {
            return fromFile(file, fileDocument);
        }
        PatternsConfig restored;
        try {
            restored = PatternsConfigReader.read(restoredDocument, "the live configuration");
        } catch (ConfigException e) {
            // Applied by an earlier build whose checks were looser: this one cannot run it, and
            // a job that refused to start would fail every restart. The file is the one it can.
            return fromFile(
                    file,
                    fileDocument,
                    ": the configuration applied live before the restore does not pass this"
                            + " version's checks ("
                            + e.firstErrors(3)
                            + "); publish a corrected version to change it again.");
        }
        if (ConfigVersions.isNewer(file.version(), restored.version())) {
            return fromFile(
                    file,
                    fileDocument,
                    ": it is newer than version "
                            + restored.version()
                            + ", the one applied live before the restore.");
        }
        List<ConfigChange> restartOnly =
                ConfigDiff.between(file, restored).stream()
                        .filter(change -> !change.live())
                        .toList();
        if (!restartOnly.isEmpty()) {
            throw new IllegalStateException(
                    "The patterns version "
                            + restored.version()
                            + " restored from the checkpoint differs from the configuration file's"
                            + " version "
                            + file.version()
                            + " in what only a restart applies: "
                            + restartOnly
                            + ". Start with a file whose version is newer than "
                            + restored.version()
                            + " (an upgrade), or with the file of version "
                            + restored.version()
                            + ".");
        }
        return new LiveConfiguration(
                restored,
                restoredDocument,
                true,
                "Using patterns version "
                        + restored.version()
                        + " applied live before the restore, not the configuration file's version "
                        + file.version()
                        + " (the file is only the initial version).");
    }

    /** Reads a document that was validated when it was applied. */
    public static PatternsConfig read(String document) {
        try {
            return PatternsConfigReader.read(document, "the live configuration");
        } catch (ConfigException e) {
            throw new IllegalStateException(
                    "A configuration applied live no longer reads: " + e.getMessage(), e);
        }
    }
}
