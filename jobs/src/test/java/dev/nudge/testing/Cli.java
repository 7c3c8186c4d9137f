package dev.nudge.testing;

import dev.nudge.cli.NudgeCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs a command of the jar in-process and captures what it prints. */
public final class Cli {
    public final int exitCode;
    public final String out;
    public final String err;

    private Cli(int exitCode, String out, String err) {
        this.exitCode = exitCode;
        this.out = out;
        this.err = err;
    }

    public static Cli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code =
                new CommandLine(new NudgeCli())
                        .setOut(new PrintWriter(out, true))
                        .setErr(new PrintWriter(err, true))
                        .execute(args);
        return new Cli(code, out.toString(), err.toString());
    }
}
