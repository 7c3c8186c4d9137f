package dev.nudge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.testing.Cli;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests for {@code tail}'s options and mistakes: each mistake is one line naming the option, the
 * value and the fix, exit 2 (1 when Kafka cannot be read), no stack trace. {@code TailCommandIT}
 * reads a real broker.
 */
class TailCommandTest {

    @Test
    void helpNamesTheTopicsTheStartsAndThatOnlyCommittedRecordsAreRead() {
        Cli cli = Cli.run("tail", "--help");

        assertThat(cli.exitCode).isZero();
        assertThat(cli.out)
                .startsWith("Usage: nudge tail")
                .contains("[TOPIC]")
                .contains("--topic=NAME")
                .contains("--bootstrap=HOST:PORT")
                .contains("--command-config=FILE")
                .contains("--job=FILE")
                .contains("--from-beginning")
                .contains("--from=TIME")
                .contains("-f, --follow")
                .contains("--max=N")
                .contains("--json")
                .contains("--group=ID")
                .contains("isolation.level=read_committed")
                .contains("actions (the default), decisions, conversions,")
                .contains("engagement, profiles, dead-letters, acks");
    }

    @Test
    void aTopicGivenTwiceDifferentlyIsAUsageError() {
        Cli cli = Cli.run("tail", "actions", "--topic", "decisions");

        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err.strip())
                .isEqualTo("TOPIC actions and --topic decisions: name the topic once, either way");
    }

    @Test
    void twoStartsAreAUsageError() {
        Cli cli = Cli.run("tail", "--from-beginning", "--from", "2026-11-01");

        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err.strip())
                .isEqualTo("--from-beginning and --from 2026-11-01: give one start, not both");
    }

    @Test
    void aStartThatIsNoTimeIsAUsageErrorNamingTheFormsExpected() {
        Cli cli = Cli.run("tail", "--from", "yesterday");

        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err.strip())
                .isEqualTo(
                        "--from yesterday: not a time; expected an ISO-8601 instant such as"
                                + " 2026-11-01T00:00:00Z, a date such as 2026-11-01 (its start,"
                                + " UTC) or a duration back from now such as 30m or 2h");
        assertThat(cli.out).isEmpty();
    }

    @Test
    void aMaxThatIsNoPositiveCountIsAUsageError() {
        for (String max : new String[] {"0", "-3", "ten"}) {
            Cli cli = Cli.run("tail", "--max", max);

            assertThat(cli.exitCode).isEqualTo(2);
            assertThat(cli.err.strip())
                    .isEqualTo("--max " + max + ": expected a whole number of records, at least 1");
        }
    }

    @Test
    void aTimeoutThatIsNoDurationIsAUsageError() {
        Cli cli = Cli.run("tail", "--timeout", "soon");

        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err.strip())
                .isEqualTo("--timeout soon: not a duration such as 30s, 30m, 2h or 3d");
    }

    @Test
    void aCommandConfigThatCannotBeReadIsOneLineNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("client.properties");

        Cli cli = Cli.run("tail", "--command-config", missing.toString());

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.err.lines())
                .singleElement()
                .asString()
                .startsWith("--command-config " + missing + ": cannot read it");
    }

    @Test
    void anUnreachableBrokerIsOneLineAfterTheTimeoutNamingItAndTheSettingsToCheck()
            throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        // A start back from now is accepted: the command gets as far as the broker.
        Cli cli =
                Cli.run(
                        "tail",
                        "decisions",
                        "--from",
                        "2h",
                        "--bootstrap",
                        "127.0.0.1:" + port,
                        "--timeout",
                        "2s");

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.err.lines())
                .singleElement()
                .asString()
                .startsWith("Kafka at 127.0.0.1:" + port + ", reading marketing-decisions: ")
                .contains("--bootstrap")
                .doesNotContain("Exception");
        assertThat(cli.out).isEmpty();
    }
}
