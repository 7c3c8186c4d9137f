package dev.nudge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code demo} command: real Kafka, the job, generated shoppers; it shows actions, a user
 * walking two steps of the shipped cart-rescue flow among them, prints its summary, and leaves no
 * broker data, savepoint, Flink file or thread behind. It looks only at the directory it gave the
 * demo: other processes share the system's temporary directory.
 */
class DemoIT {
    /** An action line of a flow's send: the flow and step, channel, template, user. */
    private static final Pattern FLOW_SEND =
            Pattern.compile("(?m)^ +[\\d.]+s  cart-rescue/(\\S+) +\\S+ +\\S+ +(\\S+) ");

    @Test
    void showsActionsAndASummaryAndLeavesNothingBehind(@TempDir Path work) throws Exception {
        // Three hours of shopping: carts left from 18:00 on are abandoned from 20:00 on, time
        // enough for the cart-rescue flow's first steps with its waits shortened.
        Cli cli =
                Cli.run(
                        "demo",
                        "--duration",
                        "20s",
                        "--users",
                        "4000",
                        "--speed",
                        "540",
                        "--work-dir",
                        work.toString());

        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(cli.out)
                .contains("Flink dashboard   http://127.0.0.1:")
                .contains("Kafka bootstrap   127.0.0.1:")
                .contains(
                        "Flow waits are shortened for the demo, a day to 10 min:"
                                + " cart-rescue/wait-open 1d -> 10m")
                .contains("browse_abandon_v1")
                .containsPattern(
                        "Demo summary: [\\d,]+ events sent, \\d+ to the dead-letter topic,"
                                + " [\\d,]+ decisions: [\\d,]+ actions, [1-9][\\d,]* entered a flow");
        Map<String, Set<String>> stepsByUser = new TreeMap<>();
        Matcher sent = FLOW_SEND.matcher(cli.out);
        while (sent.find()) {
            stepsByUser.computeIfAbsent(sent.group(2), u -> new TreeSet<>()).add(sent.group(1));
        }
        assertThat(stepsByUser.values())
                .as("users sent the flow's messages, by step: %s", stepsByUser)
                .anySatisfy(steps -> assertThat(steps).contains("push", "email"));
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
