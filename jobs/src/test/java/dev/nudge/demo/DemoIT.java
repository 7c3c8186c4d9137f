package dev.nudge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code demo} command: real Kafka, the job, generated shoppers; it shows actions, prints its
 * summary, and leaves no broker data, savepoint, Flink file or thread behind. It looks only at the
 * directory it gave the demo: other processes share the system's temporary directory.
 */
class DemoIT {

    @Test
    void showsActionsAndASummaryAndLeavesNothingBehind(@TempDir Path work) throws Exception {
        Cli cli =
                Cli.run(
                        "demo",
                        "--duration",
                        "15s",
                        "--users",
                        "4000",
                        "--speed",
                        "360",
                        "--work-dir",
                        work.toString());

        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(cli.out)
                .contains("Flink dashboard   http://127.0.0.1:")
                .contains("Kafka bootstrap   127.0.0.1:")
                .contains("browse_abandon_v1")
                .containsPattern(
                        "Demo summary: [\\d,]+ events sent, \\d+ to the dead-letter topic, [\\d,]+ matches, [\\d,]+ actions");
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left.toList())
                    .as("the broker's data, the savepoint and Flink's files, all removed")
                    .isEmpty();
        }
        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("demo-"));
    }
}
