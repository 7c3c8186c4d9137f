package dev.nudge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests for {@code diff}: what it prints for the shipped configuration and an edited copy, and its
 * exit codes, which a deployment script acts on.
 */
class DiffCommandTest {
    private static final Path SHIPPED = Path.of("../config/patterns.yaml");

    /** The priority of cart-abandonment's action, on a line of its own, unlike the flow's. */
    private static final String CART_PRIORITY = "\n      priority: 80\n";

    @TempDir Path dir;

    @Test
    void changesThatAllApplyLiveExitWithZeroAndSayToPublish() throws Exception {
        Path edited =
                edited(
                        "version: \"2026-12-03.2\"",
                        "version: \"2026-12-04.1\"",
                        "holdoutPercent: 5",
                        "holdoutPercent: 10",
                        CART_PRIORITY,
                        CART_PRIORITY.replace("80", "90"));

        Cli cli = Cli.run("diff", SHIPPED.toString(), edited.toString());

        assertThat(cli.exitCode).isZero();
        assertThat(cli.out.lines())
                .containsExactly(
                        "version: 2026-12-03.2 -> 2026-12-04.1",
                        "Applied live when published:",
                        "  policy.holdoutPercent: 5 -> 10",
                        "  patterns[cart-abandonment].action.priority: 80 -> 90",
                        "Need a restart (stop with savepoint, start from it):",
                        "  none",
                        "Publish " + edited + " on marketing-control: the job applies it live.");
    }

    @Test
    void oneChangeThatNeedsARestartExitsWithTwoAndSaysHowToRestart() throws Exception {
        Path edited =
                edited(
                        "version: \"2026-12-03.2\"",
                        "version: \"2026-12-04.1\"",
                        CART_PRIORITY,
                        CART_PRIORITY.replace("80", "90"),
                        "params: {window: 2h}",
                        "params: {window: 3h}");

        Cli cli = Cli.run("diff", SHIPPED.toString(), edited.toString());

        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.out.lines())
                .containsSequence(
                        "Applied live when published:",
                        "  patterns[cart-abandonment].action.priority: 80 -> 90",
                        "Need a restart (stop with savepoint, start from it):",
                        "  patterns[cart-abandonment].params.window: 2h -> 3h")
                .last()
                .asString()
                .startsWith(
                        "Stop the job with a savepoint and start it from the savepoint with"
                                + " --patterns "
                                + edited);
    }

    @Test
    void aChangedDocumentThatKeepsItsVersionIsToldToTakeANewOne() throws Exception {
        Path edited = edited("holdoutPercent: 5", "holdoutPercent: 10");

        Cli cli = Cli.run("diff", SHIPPED.toString(), edited.toString());

        assertThat(cli.exitCode).isZero();
        assertThat(cli.out.lines())
                .first()
                .asString()
                .startsWith("version: 2026-12-03.2 (unchanged: give NEW a version of its own");
    }

    @Test
    void theSameDocumentHasNothingToPublish() {
        Cli cli = Cli.run("diff", SHIPPED.toString(), SHIPPED.toString());

        assertThat(cli.exitCode).isZero();
        assertThat(cli.out.lines())
                .containsExactly(
                        "version: 2026-12-03.2 (unchanged)",
                        "Applied live when published:",
                        "  none",
                        "Need a restart (stop with savepoint, start from it):",
                        "  none",
                        "Nothing to publish: the settings of both are the same.");
    }

    @Test
    void anInvalidNewDocumentExitsWithOneAndListsItsErrors() throws Exception {
        Path edited =
                edited(
                        CART_PRIORITY,
                        CART_PRIORITY.replace("80", "high"),
                        "params: {window: 2h}",
                        "params: {windw: 2h}");

        Cli cli = Cli.run("diff", SHIPPED.toString(), edited.toString());

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.out)
                .contains(edited + ": 2 errors")
                .contains("patterns[cart-abandonment].action.priority: \"high\"")
                .contains("patterns[cart-abandonment].params.windw: unknown key")
                .doesNotContain("Applied live");
    }

    @Test
    void anAliasIsAnErrorNotALiveChangeToItsName() throws Exception {
        Path edited =
                edited(
                        "template: browse_abandon_v1",
                        "template: &tmpl browse_abandon_v1",
                        "template: cart_abandon_v1",
                        "template: *tmpl");

        Cli cli = Cli.run("diff", SHIPPED.toString(), edited.toString());

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.out)
                .contains(edited + ": 2 errors")
                .contains("alias *tmpl")
                .doesNotContain("Applied live")
                .doesNotContain("-> tmpl");
    }

    @Test
    void aFileThatCannotBeReadIsOneLineNotAStackTrace() throws Exception {
        Path binary = Files.write(dir.resolve("new.yaml"), new byte[] {(byte) 0xC0, 0x00});

        Cli cli = Cli.run("diff", SHIPPED.toString(), binary.toString());

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.out.lines())
                .containsExactly(
                        binary
                                + ": not valid UTF-8: byte 0xC0 at line 1, column 1 (offset 0) --"
                                + " expected UTF-8 text; save the file as UTF-8");
        assertThat(cli.err).isEmpty();
    }

    @Test
    void aMissingArgumentIsAnErrorNotARestart() {
        Cli cli = Cli.run("diff", SHIPPED.toString());

        assertThat(cli.exitCode).as("2 means a restart is needed").isEqualTo(1);
        assertThat(cli.err).contains("Missing required parameter: 'NEW'");
    }

    /** The shipped configuration with each {@code from, to} pair replaced, in a file. */
    private Path edited(String... fromTo) throws Exception {
        String text = Files.readString(SHIPPED);
        for (int i = 0; i < fromTo.length; i += 2) {
            assertThat(text).as("the shipped configuration").contains(fromTo[i]);
            text = text.replace(fromTo[i], fromTo[i + 1]);
        }
        return Files.writeString(dir.resolve("patterns-new.yaml"), text);
    }
}
