package dev.nudge.cli;

import dev.nudge.config.ConfigException;
import dev.nudge.config.Durations;
import dev.nudge.demo.Demo;
import dev.nudge.validate.PatternsValidator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code demo}: Kafka, the job and generated shoppers, all local, for a minute. */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        usageHelpWidth = 100,
        description = {
            "Runs Kafka, the job and generated shoppers on this machine, for a minute.",
            "Starts a real single-node Kafka (KRaft) and the job on a local Flink with its web"
                    + " dashboard, sends weeks of generated shoppers' history as fast as the job"
                    + " takes it, then their evening live on a compressed clock; prints actions as"
                    + " they are committed (a sample of the history's), answers to configurations"
                    + " published meanwhile, and a summary at the end. Ctrl-C stops it early;"
                    + " nothing is left behind."
        })
final class DemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--duration",
            defaultValue = "60s",
            description =
                    "how long to run: seconds (60), or a duration such as 30s or 5m (default:"
                            + " ${DEFAULT-VALUE})")
    String duration;

    @Option(
            names = "--history",
            defaultValue = "28d",
            description =
                    "how much of the shoppers' past goes in before the live part, as fast as the"
                            + " job takes it, so that purchase cycles, lapses and big spenders"
                            + " exist; 0s for none (default: ${DEFAULT-VALUE})")
    String history;

    @Option(
            names = "--users",
            defaultValue = "5000",
            description = "generated shoppers (default: ${DEFAULT-VALUE})")
    int users;

    @Option(
            names = "--speed",
            defaultValue = "180",
            description = "event-time seconds per real second (default: ${DEFAULT-VALUE})")
    double speed;

    @Option(
            names = "--seed",
            defaultValue = "7",
            description = "generator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--bad-rate",
            defaultValue = "0.003",
            description = "share of records spoiled or duplicated (default: ${DEFAULT-VALUE})")
    double badRate;

    @Option(names = "--patterns", description = "patterns.yaml (default: the shipped one)")
    Path patterns;

    @Option(
            names = "--parallelism",
            defaultValue = "2",
            description = "job parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(
            names = "--console-port",
            defaultValue = "8088",
            description =
                    "where the operator console listens, on 127.0.0.1; any free port when it is"
                            + " taken, or with 0 (default: ${DEFAULT-VALUE})")
    int consolePort;

    @Option(names = "--no-console", description = "run without the operator console")
    boolean noConsole;

    @Option(
            names = "--work-dir",
            description =
                    "where the demo keeps the broker's data, its savepoint and Flink's temporary"
                            + " files, in a directory of its own that it removes at the end"
                            + " (default: the system's temporary directory)")
    Path workDir;

    /**
     * {@code --duration TEXT}: a plain number is seconds, as people type it ({@code 60}); else a
     * duration as the configuration writes it ({@code 30s}, {@code 5m}); {@code null} otherwise.
     */
    static Duration length(String text) {
        String trimmed = text.trim();
        if (trimmed.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(trimmed));
        }
        return Durations.parseOrNull(trimmed);
    }

    @Override
    public Integer call() throws Exception {
        Duration length = length(duration);
        if (length == null || length.isZero()) {
            spec.commandLine()
                    .getErr()
                    .println(
                            "--duration "
                                    + duration
                                    + ": expected a number of seconds (60) or "
                                    + Durations.EXPECTED);
            return 2;
        }
        String document;
        try {
            document =
                    patterns == null
                            ? Defaults.patternsDocument()
                            : ValidateCommand.readText(patterns);
            PatternsValidator.validated(
                    document, patterns == null ? "patterns.yaml" : patterns.toString());
        } catch (ConfigException | IOException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        if (consolePort < 0 || consolePort > 65_535) {
            spec.commandLine()
                    .getErr()
                    .println("--console-port " + consolePort + ": expected 0 to 65535");
            return 2;
        }
        Duration past = dev.nudge.config.Durations.parseOrNull(history);
        if (past == null) {
            spec.commandLine()
                    .getErr()
                    .println(
                            "--history: expected "
                                    + dev.nudge.config.Durations.EXPECTED
                                    + ", or 0s for none");
            return 2;
        }
        Demo demo =
                new Demo(
                        new Demo.Options(
                                length,
                                past,
                                users,
                                speed,
                                seed,
                                badRate,
                                parallelism,
                                workDir != null
                                        ? workDir
                                        : Path.of(System.getProperty("java.io.tmpdir")),
                                noConsole ? OptionalInt.empty() : OptionalInt.of(consolePort)),
                        document,
                        Defaults.jobSettings(),
                        spec.commandLine().getOut());
        Thread hook =
                new Thread(
                        () -> {
                            demo.requestStop();
                            try {
                                demo.awaitCleanup(Duration.ofMinutes(2));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        },
                        "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            demo.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for this thread to finish cleaning up.
            }
        }
        return 0;
    }
}
