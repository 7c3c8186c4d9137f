package dev.nudge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** Tests for the command line: help, exit codes and what {@code validate} prints. */
class NudgeCliTest {
    private static final Path SHIPPED = Path.of("../config/patterns.yaml");

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "run",
                "demo",
                "console",
                "validate",
                "diff",
                "backtest",
                "report",
                "tail",
                "generate"
            })
    void everyCommandExplainsItselfWithHelp(String command) {
        Cli cli = Cli.run(command, "--help");

        assertThat(cli.exitCode).isZero();
        assertThat(cli.out).startsWith("Usage: nudge " + command).contains("--help");
    }

    @Test
    void topLevelHelpListsEveryCommandWithAWholeFirstSentence() {
        Cli cli = Cli.run("--help");

        String help = oneLine(cli.out);
        for (CommandLine command : subcommands()) {
            String first = command.getCommandSpec().usageMessage().description()[0];
            assertThat(first).as(command.getCommandName()).endsWith(".");
            assertThat(help).contains(command.getCommandName() + " " + oneLine(first));
        }
    }

    @Test
    void everyOptionOfEveryCommandSaysWhatItIsFor() {
        for (CommandLine command : subcommands()) {
            CommandSpec spec = command.getCommandSpec();
            for (OptionSpec option : spec.options()) {
                assertThat(String.join(" ", option.description()).strip())
                        .as(command.getCommandName() + " " + option.longestName())
                        .isNotEmpty();
            }
            for (PositionalParamSpec parameter : spec.positionalParameters()) {
                assertThat(String.join(" ", parameter.description()).strip())
                        .as(command.getCommandName() + " " + parameter.paramLabel())
                        .isNotEmpty();
            }
        }
    }

    @Test
    void backtestHelpNamesEveryFileItWrites() {
        String help = oneLine(Cli.run("backtest", "--help").out);

        List<String> files = new java.util.ArrayList<>();
        dev.nudge.job.Outputs.ALL.forEach(output -> output.file().ifPresent(files::add));
        files.add(dev.nudge.backtest.Backtest.SUMMARY);
        files.add(dev.nudge.backtest.Backtest.REPORT);
        assertThat(files).allSatisfy(file -> assertThat(help).contains(file));
    }

    @Test
    void demoTakesAPlainNumberAsSeconds() {
        assertThat(DemoCommand.length("60")).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(DemoCommand.length("1m")).isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(DemoCommand.length("30s")).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(DemoCommand.length("a minute")).isNull();
    }

    @Test
    void demoRefusesADurationThatIsNoneInOneLine() {
        Cli cli = Cli.run("demo", "--duration", "soon");

        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err)
                .isEqualTo(
                        "--duration soon: expected a number of seconds (60) or a duration such as"
                                + " 30s, 30m, 2h or 3d"
                                + System.lineSeparator());
    }

    private static List<CommandLine> subcommands() {
        return List.copyOf(new CommandLine(new NudgeCli()).getSubcommands().values());
    }

    /** Help text with its wrapping undone: every run of white space one space. */
    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ");
    }

    @Test
    void validateAcceptsTheShippedConfigurationAndListsItsPatterns() {
        Cli cli = Cli.run("validate", "../config/patterns.yaml");

        assertThat(cli.exitCode).isZero();
        assertThat(cli.out)
                .contains("valid, version 2026-12-03.2")
                .contains("browse-abandonment")
                .contains("window-shopping")
                .containsPattern(
                        "cart-rescue +FLOW +enabled, \\d+ steps, entered by cart-abandonment"
                                + " INSTEAD");
    }

    @Test
    void validateAcceptsEveryExampleConfiguration() throws Exception {
        List<Path> examples;
        try (var files = Files.list(Path.of("../config/examples"))) {
            examples = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }

        assertThat(examples).isNotEmpty();
        for (Path example : examples) {
            Cli cli = Cli.run("validate", example.toString());
            assertThat(cli.exitCode).as(example + ": " + cli.out).isZero();
            assertThat(cli.out).as(example.toString()).contains("valid, version");
        }
    }

    @Test
    void validateListsEveryErrorAndExitsWithOne() throws Exception {
        Path file = dir.resolve("patterns.yaml");
        Files.writeString(
                file,
                """
                version: "x"
                patterns:
                  - id: b
                    type: BROWSE_WITHOUT_BUY
                    params: {minViews: -1, windw: 30m}
                    action: {channels: [PUSH], template: t, sendTime: LATER}
                """);

        Cli cli = Cli.run("validate", file.toString());

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.out)
                .contains("3 errors")
                .contains(
                        "patterns[b].params.minViews: -1 -- expected a whole number from 1 to 1000")
                .contains("patterns[b].params.windw: unknown key")
                .contains("did you mean \"window\"")
                .contains(
                        "patterns[b].action.sendTime: \"LATER\" -- expected one of ASAP, BEST_HOUR");
    }

    @Test
    void validateSaysWhenTheFileDoesNotExist() {
        Cli cli = Cli.run("validate", dir.resolve("nope.yaml").toString());

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.out).contains("no such file");
    }

    @Test
    void aFileThatIsNotUtf8IsOneLineSayingWhereNotAStackTrace() throws Exception {
        Path file = dir.resolve("patterns.yaml.gz");
        Files.write(file, new byte[] {0x1F, (byte) 0x8B, 0x08, 0x00, 0x12, 0x34});

        Cli cli = Cli.run("validate", file.toString());

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.out.lines())
                .containsExactly(
                        file
                                + ": not valid UTF-8: byte 0x8B at line 1, column 2 (offset 1) --"
                                + " expected UTF-8 text; save the file as UTF-8");
        assertThat(cli.err).isEmpty();
    }

    @Test
    void aBinaryFileThatHappensToBeUtf8IsNotTextEither() throws Exception {
        Path file = dir.resolve("blob.bin");
        Files.write(file, new byte[] {'P', 'K', 0x03, 0x04, 0x14, 0x00});

        Cli cli = Cli.run("validate", file.toString());

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.out.lines())
                .singleElement()
                .asString()
                .startsWith(file + ": not text: control character U+0003 at line 1, column 3");
        assertThat(cli.err).isEmpty();
    }

    @Test
    void aDirectoryOrAFileTooLargeIsOneLine() throws Exception {
        Path large = dir.resolve("large.yaml");
        Files.writeString(large, "#".repeat(300_000));

        Cli directory = Cli.run("validate", dir.toString());
        Cli tooLarge = Cli.run("validate", large.toString());

        assertThat(directory.exitCode).isEqualTo(1);
        assertThat(directory.out.lines())
                .containsExactly(dir + ": is a directory, not a patterns file");
        assertThat(directory.err).isEmpty();
        assertThat(tooLarge.exitCode).isEqualTo(1);
        assertThat(tooLarge.out.lines())
                .containsExactly(
                        large
                                + ": too large: 300,000 bytes -- expected at most 262,144 bytes"
                                + " (256 KiB) for a patterns document");
    }

    @Test
    void validateListsTheFirstHundredErrorsAndCountsTheRest() throws Exception {
        StringBuilder document = new StringBuilder(Files.readString(SHIPPED));
        for (int i = 0; i < 250; i++) {
            document.append("unknown").append(i).append(": 1\n");
        }
        Path file = Files.writeString(dir.resolve("patterns.yaml"), document);

        Cli cli = Cli.run("validate", file.toString());

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.out.lines())
                .hasSize(102)
                .startsWith(
                        file + ": 250 errors",
                        "  unknown0: unknown key -- expected one of"
                                + " currency, flows, lifecycle, offers, patterns, policy, profile,"
                                + " rfm, segments, tags, timezone, version")
                .endsWith(
                        "  unknown99: unknown key -- expected one of currency, flows, lifecycle,"
                                + " offers, patterns, policy, profile, rfm, segments, tags, timezone,"
                                + " version",
                        "  ... and 150 more errors");
    }

    @Test
    void anAliasIsNamedWithItsLineInsteadOfValidatingItsName() throws Exception {
        Path file =
                Files.writeString(
                        dir.resolve("patterns.yaml"),
                        Files.readString(SHIPPED)
                                .replace(
                                        "template: browse_abandon_v1",
                                        "template: &tmpl browse_abandon_v1")
                                .replace("template: browse_digest_v1", "template: *tmpl"));

        Cli cli = Cli.run("validate", file.toString());

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.out)
                .contains(file + ": 2 errors")
                .contains("line 39, column 49: anchor &tmpl -- expected the value written out")
                .contains("line 46, column 43: alias *tmpl -- expected the value written out");
    }

    @Test
    void publishChecksTheFileFirstAndPublishesNothingInvalid() throws Exception {
        Path file = dir.resolve("patterns.yaml");
        Files.write(file, new byte[] {'v', (byte) 0xFF});

        Cli cli = Cli.run("publish", "--patterns", file.toString(), "--bootstrap", "127.0.0.1:1");

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.out.lines())
                .containsExactly(
                        file
                                + ": not valid UTF-8: byte 0xFF at line 1, column 2 (offset 1) --"
                                + " expected UTF-8 text; save the file as UTF-8",
                        "Nothing published.");
        assertThat(cli.err).isEmpty();
    }

    @Test
    void publishNamesNoPublisherLongerThanAnAnswerKeeps() {
        Cli cli =
                Cli.run(
                        "publish",
                        "--patterns",
                        "../config/patterns.yaml",
                        "--bootstrap",
                        "127.0.0.1:1",
                        "--changed-by",
                        "a".repeat(100));

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.out)
                .startsWith("--changed-by: \"aaaa")
                .contains("(100 characters)", "a name of 1 to 64 characters");
        assertThat(cli.err).isEmpty();
    }

    @Test
    void publishToABrokerThatIsNotThereIsOneLine() {
        Cli cli =
                Cli.run(
                        "publish",
                        "--patterns",
                        "../config/patterns.yaml",
                        "--bootstrap",
                        "127.0.0.1:1",
                        "--timeout",
                        "1s");

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.out.lines()).singleElement().asString().startsWith("Kafka at 127.0.0.1:1: ");
        assertThat(cli.err).doesNotContain("\tat ");
    }

    @Test
    void anUnknownCommandOrOptionIsAUsageError() {
        assertThat(Cli.run("deploy").exitCode).isEqualTo(2);
        assertThat(Cli.run("generate", "--userz", "3").err)
                .contains("'--userz'")
                .contains("Possible solutions: --users");
    }
}
