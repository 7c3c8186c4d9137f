package dev.nudge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code console} refuses what is unsafe or wrong before it listens: one line naming the option and
 * the fix, exit 1, never a stack trace and never a secret.
 */
class ConsoleCommandTest {
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    @TempDir Path dir;

    private Path tokenFile;

    @BeforeEach
    void files() throws Exception {
        tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    }

    @Test
    void listeningBeyondThisMachineWithoutATokenNamesTokenFile() {
        String line = refused("--host", "0.0.0.0");

        assertThat(line).startsWith("--host 0.0.0.0: ").contains("--token-file");
    }

    @Test
    void aShortTokenIsRefused() throws Exception {
        Path shortToken = Files.writeString(dir.resolve("short"), "abc123");

        String line = refused("--host", "0.0.0.0", "--token-file", shortToken.toString());

        assertThat(line)
                .contains("--token-file", "6 characters", "at least 24")
                .doesNotContain("abc123");
    }

    @Test
    void anEmptyOrMissingTokenFileIsRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), "\n");

        assertThat(refused("--token-file", empty.toString())).contains("the file is empty");
        assertThat(refused("--token-file", dir.resolve("none").toString()))
                .contains("--token-file", "cannot be read");
    }

    @Test
    void aTokenWithoutTlsNamesTlsKeystoreAndTheProxyOption() {
        String line = refused("--host", "0.0.0.0", "--token-file", tokenFile.toString());

        assertThat(line).contains("--tls-keystore", "--behind-tls-proxy").doesNotContain(TOKEN);
    }

    @Test
    void aKeyStoreNeedsItsPasswordFile() throws Exception {
        Path store = Files.writeString(dir.resolve("store.p12"), "x");

        String line =
                refused(
                        "--host", "0.0.0.0",
                        "--token-file", tokenFile.toString(),
                        "--tls-keystore", store.toString());

        assertThat(line).contains("--tls-keystore", "--tls-password-file");
    }

    @Test
    void aKeyStoreThatDoesNotOpenIsRefusedBeforeListening() throws Exception {
        Path store = Files.writeString(dir.resolve("store.p12"), "not a key store");
        Path password = Files.writeString(dir.resolve("password"), "the-password");

        String line =
                refused(
                        "--host", "0.0.0.0",
                        "--token-file", tokenFile.toString(),
                        "--tls-keystore", store.toString(),
                        "--tls-password-file", password.toString());

        assertThat(line)
                .startsWith("--tls-keystore " + store)
                .contains("--tls-password-file")
                .doesNotContain("the-password", "Exception");
    }

    @Test
    void aBadFlinkAddressIsRefused() {
        assertThat(refused("--flink", "flink:8081")).startsWith("--flink flink:8081: expected");
        assertThat(refused("--flink", "ht tp://x")).startsWith("--flink ht tp://x: expected");
    }

    @Test
    void anUnreadableHistoryIsRefused() {
        String missing = dir.resolve("history.csv").toString();

        assertThat(refused("--history", missing))
                .isEqualTo("--history " + missing + ": no such readable file");
        assertThat(refused("--history", dir.toString())).startsWith("--history " + dir);
    }

    @Test
    void aBadPublisherNameIsRefused() {
        assertThat(refused("--changed-by", "x".repeat(65))).startsWith("--changed-by \"");
        assertThat(refused("--changed-by", "")).startsWith("--changed-by \"\"");
    }

    @Test
    void anInvalidPatternsFileIsRefusedNamingIt() throws Exception {
        Path patterns =
                Files.writeString(
                        dir.resolve("patterns.yaml"), "version: x\npatterns: [{id: 1, what: 2}]\n");

        String line = refused("--patterns", patterns.toString());

        assertThat(line).startsWith("--patterns " + patterns + ": ").contains("nudge validate");
        assertThat(refused("--patterns", dir.resolve("none.yaml").toString()))
                .contains("--patterns", "no such file");
    }

    @Test
    void anUnreadableCommandConfigIsRefusedNamingIt() {
        String missing = dir.resolve("client.properties").toString();

        assertThat(refused("--command-config", missing))
                .startsWith("--command-config " + missing + ": cannot be read");
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        assertThat(refused("--port", "70000")).startsWith("--port 70000: expected");
    }

    @Test
    void aWrongOptionIsAUsageError() {
        Cli cli = Cli.run("console", "--port", "eighty");

        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err).contains("--port").doesNotContain("\tat ", "Exception");
    }

    /** Runs {@code console} with {@code args}; asserts exit 1 and one clean line; returns it. */
    private static String refused(String... args) {
        List<String> command = new ArrayList<>(List.of("console"));
        if (!List.of(args).contains("--port")) {
            command.addAll(List.of("--port", "0")); // should a check let it through: any port
        }
        command.addAll(List.of(args));
        Cli cli = Cli.run(command.toArray(String[]::new));

        assertThat(cli.exitCode).as(cli.out + cli.err).isEqualTo(1);
        assertThat(cli.err).isEmpty();
        String out = cli.out.strip();
        assertThat(out).as("one line").doesNotContain("\n");
        assertThat(out).doesNotContain("\tat ", "Exception", TOKEN);
        return out;
    }
}
