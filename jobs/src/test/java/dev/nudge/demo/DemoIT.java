package dev.nudge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The {@code demo} command: real Kafka, the job, generated shoppers; it shows actions, prints its
 * summary, and leaves no broker data, savepoint or thread behind.
 */
class DemoIT {

    @Test
    void showsActionsAndASummaryAndLeavesNothingBehind() throws Exception {
        List<Path> before = leftovers();

        Cli cli = Cli.run("demo", "--duration", "15s", "--users", "4000", "--speed", "360");

        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(cli.out)
                .contains("Flink dashboard   http://127.0.0.1:")
                .contains("Kafka bootstrap   127.0.0.1:")
                .contains("browse_abandon_v1")
                .containsPattern(
                        "Demo summary: [\\d,]+ events sent, \\d+ to the dead-letter topic, [\\d,]+ matches, [\\d,]+ actions");
        assertThat(leftovers()).as("temporary directories").isEqualTo(before);
        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("demo-"));
    }

    private static List<Path> leftovers() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(p -> p.getFileName().toString().startsWith("nudge-"))
                    .sorted()
                    .toList();
        }
    }
}
