package dev.nudge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.testing.Cli;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@code report}'s mistakes: each is one line naming the option, the value and what was
 * expected, with a non-zero exit and no stack trace. {@code ReportCommandIT} reads a real broker.
 */
class ReportCommandTest {

    @Test
    void helpNamesTheRangeTheTopicsAndTheMemoryBound() {
        Cli cli = Cli.run("report", "--help");

        assertThat(cli.exitCode).isZero();
        assertThat(cli.out)
                .contains("--from=TIME")
                .contains("--until=TIME")
                .contains("--job=FILE")
                .contains("--bootstrap=HOST:PORT")
                .contains("--command-config=FILE")
                .contains("--out=FILE")
                .contains("--max-entries=N")
                .contains("with a 95% confidence interval")
                .contains("committed");
    }

    @Test
    void aTimeThatIsNotOneIsAUsageError() {
        Cli cli = Cli.run("report", "--from", "2026-13-01", "--bootstrap", "127.0.0.1:1");

        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err.strip())
                .isEqualTo(
                        "--from 2026-13-01: not a time; expected an ISO-8601 instant such as"
                                + " 2026-11-01T00:00:00Z or a date such as 2026-11-01 (its start,"
                                + " UTC)");
    }

    @Test
    void anEmptyRangeIsAUsageError() {
        Cli cli =
                Cli.run(
                        "report",
                        "--from",
                        "2026-11-02",
                        "--until",
                        "2026-11-01T00:00:00Z",
                        "--bootstrap",
                        "127.0.0.1:1");

        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err)
                .contains(
                        "--from 2026-11-02T00:00:00.000Z is not before --until"
                                + " 2026-11-01T00:00:00.000Z: the range is empty");
    }

    @Test
    void anUnreachableBrokerIsOneLineNamingItAndTheSettingsToCheck() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        Cli cli =
                Cli.run(
                        "report",
                        "--from",
                        "2026-11-01",
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
                .doesNotContain("Exception\n\tat ");
        assertThat(cli.out).isEmpty();
    }
}
