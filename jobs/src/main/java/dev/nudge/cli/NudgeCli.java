package dev.nudge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar nudge.jar <command>}: the one entry point of the shaded jar (SPEC §8). */
@Command(
        name = "nudge",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        usageHelpWidth = 100,
        versionProvider = NudgeCli.Version.class,
        description = "Real-time precision marketing on Apache Flink.",
        subcommands = {
            RunCommand.class,
            DemoCommand.class,
            ValidateCommand.class,
            DiffCommand.class,
            PublishCommand.class,
            BacktestCommand.class,
            ReportCommand.class,
            TailCommand.class,
            ConsoleCommand.class,
            GenerateCommand.class
        })
public final class NudgeCli implements Runnable {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("run")) {
            runInFlink(args);
            return;
        }
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "nudge-log4j2.xml");
        }
        System.exit(execute(args));
    }

    /**
     * {@code run} executes inside Flink (often in the JobManager itself), so it must neither call
     * {@code System.exit} nor swallow exceptions: Flink's own control flow passes through them.
     */
    private static void runInFlink(String[] args) throws Exception {
        CommandLine command = new CommandLine(new NudgeCli());
        command.setExecutionExceptionHandler(
                (error, line, parsed) -> {
                    throw error;
                });
        int code = command.execute(args);
        if (code != 0) {
            throw new IllegalArgumentException(
                    "nudge run: invalid arguments (exit code " + code + ")");
        }
    }

    /** Runs a command and returns its exit code, without exiting. */
    public static int execute(String... args) {
        return new CommandLine(new NudgeCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** The version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = NudgeCli.class.getPackage().getImplementationVersion();
            return new String[] {"nudge " + (version == null ? "(development build)" : version)};
        }
    }
}
