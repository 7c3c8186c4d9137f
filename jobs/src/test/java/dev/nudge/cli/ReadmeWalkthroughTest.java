package dev.nudge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.testing.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The README's walkthrough as a newcomer pastes it: every {@code java -jar jobs/target/nudge.jar}
 * line names a command and options that exist and parse, each command's help runs, and the edit of
 * step 5 makes a valid document whose only difference is the kill switch, applied live.
 */
class ReadmeWalkthroughTest {
    private static final Path README = Path.of("..", "README.md");
    private static final String JAR = "java -jar jobs/target/nudge.jar ";

    @TempDir Path tmp;

    /** The walkthrough's command lines, joined where a line ends with a backslash. */
    private static List<String> commandLines() throws IOException {
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inCode = false;
        for (String line : Files.readAllLines(README, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (!inCode) {
                continue;
            }
            current.append(line.strip());
            if (line.endsWith("\\")) {
                current.setLength(current.length() - 1);
                continue;
            }
            String command = current.toString().replaceAll("\\s+#.*$", "").strip();
            current.setLength(0);
            if (!command.isEmpty()) {
                commands.add(command);
            }
        }
        return commands;
    }

    /** The arguments of a {@code java -jar ... nudge.jar} line, placeholders filled in. */
    private List<String> arguments(String command) {
        String args = command.substring(command.indexOf(JAR) + JAR.length());
        return Arrays.stream(
                        args.replace("127.0.0.1:PORT", "127.0.0.1:9092")
                                .replace("/tmp/", tmp + "/")
                                .split("\\s+"))
                .toList();
    }

    @Test
    void everyNudgeCommandOfTheReadmeExistsAndItsOptionsParse() throws IOException {
        List<String> nudge = commandLines().stream().filter(c -> c.contains(JAR)).toList();

        assertThat(nudge)
                .extracting(c -> arguments(c).get(0))
                .as("the walkthrough's commands")
                .contains("demo", "tail", "diff", "publish", "generate", "backtest");
        for (String command : nudge) {
            List<String> args = arguments(command);
            CommandLine.ParseResult parsed =
                    new CommandLine(new NudgeCli()).parseArgs(args.toArray(String[]::new));
            assertThat(parsed.hasSubcommand()).as(command).isTrue();
            Cli help = Cli.run(args.get(0), "--help");
            assertThat(help.exitCode).as("%s --help", args.get(0)).isZero();
        }
    }

    @Test
    void theKillSwitchOfStepFiveIsAValidNewerDocumentThatAppliesLive() throws Exception {
        String sed =
                commandLines().stream()
                        .filter(c -> c.startsWith("sed "))
                        .findFirst()
                        .orElseThrow()
                        .replace("/tmp/", tmp + "/");
        Process process =
                new ProcessBuilder("sh", "-c", sed)
                        .directory(Path.of("..").toFile())
                        .redirectErrorStream(true)
                        .start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();

        Cli diff =
                Cli.run(
                        "diff",
                        "../config/patterns.yaml",
                        tmp.resolve("no-browse.yaml").toString());

        assertThat(diff.exitCode).as(diff.out + diff.err).isZero();
        assertThat(diff.out)
                .contains(
                        "Applied live when published:",
                        "  patterns[browse-abandonment].enabled: true -> false");
        assertThat(diff.out.lines().filter(l -> l.startsWith("  patterns[")).count())
                .as("the kill switch is the only change")
                .isEqualTo(1);
    }
}
