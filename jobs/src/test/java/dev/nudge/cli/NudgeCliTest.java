package dev.nudge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests for the command line: help, exit codes and what {@code validate} prints. */
class NudgeCliTest {
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"run", "demo", "validate", "diff", "backtest", "generate"})
    void everyCommandExplainsItselfWithHelp(String command) {
        Cli cli = Cli.run(command, "--help");

        assertThat(cli.exitCode).isZero();
        assertThat(cli.out).startsWith("Usage: nudge " + command).contains("--help");
    }

    @Test
    void validateAcceptsTheShippedConfigurationAndListsItsPatterns() {
        Cli cli = Cli.run("validate", "../config/patterns.yaml");

        assertThat(cli.exitCode).isZero();
        assertThat(cli.out)
                .contains("valid, version 2026-11-24.1")
                .contains("browse-abandonment")
                .contains("window-shopping");
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
                        "patterns[0].params.minViews: -1 -- expected a whole number from 1 to 1000")
                .contains("patterns[0].params.windw: unknown key")
                .contains("did you mean \"window\"")
                .contains(
                        "patterns[0].action.sendTime: \"LATER\" -- expected one of ASAP, BEST_HOUR");
    }

    @Test
    void validateSaysWhenTheFileDoesNotExist() {
        Cli cli = Cli.run("validate", dir.resolve("nope.yaml").toString());

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.out).contains("no such file");
    }

    @Test
    void anUnknownCommandOrOptionIsAUsageError() {
        assertThat(Cli.run("deploy").exitCode).isEqualTo(2);
        assertThat(Cli.run("generate", "--userz", "3").err)
                .contains("'--userz'")
                .contains("Possible solutions: --users");
    }
}
