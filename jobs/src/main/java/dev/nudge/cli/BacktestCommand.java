package dev.nudge.cli;

import dev.nudge.backtest.Backtest;
import dev.nudge.backtest.BacktestInput;
import dev.nudge.backtest.BacktestSummary;
import dev.nudge.config.ConfigException;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.job.JobSettings;
import dev.nudge.job.JobSettingsReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code backtest}: the production topology over a history file, in event time. */
@Command(
        name = "backtest",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the job's topology over a history of events (JSON lines, any order) in event",
            "time and writes actions.jsonl, decisions.jsonl, dead-letters.jsonl,",
            "open-episodes.jsonl and summary.md. The clock stops at the last event's time."
        })
final class BacktestCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--input", required = true, description = "history of user-events, JSON lines")
    Path input;

    @Option(names = "--patterns", required = true, description = "the patterns.yaml to try")
    Path patterns;

    @Option(names = "--out", required = true, description = "directory for the results")
    Path out;

    @Option(
            names = "--job",
            description = "job.yaml for watermark, dedup and state settings (default: built in)")
    Path job;

    @Option(
            names = "--format",
            defaultValue = "jsonl",
            description = "input format: jsonl (default: ${DEFAULT-VALUE})")
    String format;

    @Option(
            names = "--parallelism",
            description = "local parallelism (default: the number of processors)")
    Integer parallelism;

    @Override
    public Integer call() throws Exception {
        if (!format.equals("jsonl")) {
            spec.commandLine()
                    .getErr()
                    .println("--format: only jsonl is supported by this version");
            return 2;
        }
        if (!Files.isRegularFile(input)) {
            spec.commandLine().getErr().println("--input " + input + ": no such file");
            return 2;
        }
        String document = Files.readString(patterns, StandardCharsets.UTF_8);
        JobSettings settings;
        try {
            PatternsConfigReader.read(document, patterns.toString());
            settings = job == null ? Defaults.jobSettings() : JobSettingsReader.read(job);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        int workers =
                parallelism == null ? Runtime.getRuntime().availableProcessors() : parallelism;
        long started = System.nanoTime();
        BacktestSummary summary =
                Backtest.run(
                        BacktestInput.jsonLines(input),
                        document,
                        settings,
                        out,
                        workers,
                        progress -> {});
        PrintWriter console = spec.commandLine().getOut();
        console.print(summary.markdown());
        console.printf("%nResults in %s (%.1f s)%n", out, (System.nanoTime() - started) / 1e9);
        return 0;
    }
}
