package dev.nudge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.cli.NudgeCli;
import dev.nudge.config.ConfigVersions;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.testing.Cli;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The {@code demo} command: real Kafka, the job, generated shoppers with two weeks of history
 * behind them. While it runs, a configuration is published the way its header says; the demo shows
 * the job's answer and the change takes effect. It prints a labelled table of actions of at least
 * four moments, a summary that adds up, and leaves no broker data, savepoint, Flink file or thread
 * behind. It looks only at the directory it gave the demo: other processes share the system's
 * temporary directory.
 */
class DemoIT {
    /** An action line: the pattern, or flow and step, and the channel after the time. */
    private static final Pattern ACTION =
            Pattern.compile("(?m)^ +[\\d.]+s  ([a-z0-9-]+)(/[a-z0-9-]+)? +(PUSH|EMAIL|SMS) ");

    private static final Pattern PUBLISH =
            Pattern.compile("publish --patterns changed.yaml --bootstrap (127\\.0\\.0\\.1:\\d+)");

    @Test
    void showsFourMomentsALiveChangeAndASummaryThatAddsUp(@TempDir Path temp) throws Exception {
        Path work = Files.createDirectory(temp.resolve("demo"));
        Screen screen = new Screen();
        AtomicInteger exitCode = new AtomicInteger(-1);
        Thread demo =
                new Thread(
                        () ->
                                exitCode.set(
                                        new CommandLine(new NudgeCli())
                                                .setOut(new PrintWriter(screen, true))
                                                .setErr(new PrintWriter(screen, true))
                                                .execute(
                                                        "demo",
                                                        "--duration",
                                                        "40s",
                                                        "--users",
                                                        "2000",
                                                        "--history",
                                                        "14d",
                                                        "--work-dir",
                                                        work.toString())),
                        "test-demo");
        demo.start();

        String bootstrap = screen.await(PUBLISH, Duration.ofSeconds(60));
        screen.await(Pattern.compile("job running"), Duration.ofSeconds(60));
        String shipped = Files.readString(Path.of("..", "config", "patterns.yaml"));
        String version = ConfigVersions.next(PatternsConfigReader.declaredVersion(shipped));
        String changed =
                shipped.replaceFirst("(?m)^version: \"[^\"]*\"", "version: \"" + version + "\"")
                        .replaceFirst(
                                "(?m)(id: browse-abandonment\\n(?: .*\\n)*?    enabled:) true",
                                "$1 false");
        assertThat(changed).contains("enabled: false").contains(version);
        Path file = Files.writeString(temp.resolve("changed.yaml"), changed);
        Cli published =
                Cli.run(
                        "publish",
                        "--patterns",
                        file.toString(),
                        "--bootstrap",
                        bootstrap,
                        "--changed-by",
                        "demo-it",
                        "--timeout",
                        "30s");
        demo.join(Duration.ofMinutes(3).toMillis());
        String out = screen.text();

        assertThat(demo.isAlive()).as(out).isFalse();
        assertThat(exitCode.get()).as(out).isZero();
        assertThat(published.exitCode).as(published.out).isZero();
        assertThat(out)
                .as("the header says what the demo does and how to change it live")
                .contains("1. Their past 14 days", "2. Then their evening from")
                .contains(
                        "Flow waits are shortened for the demo, a day to 10 min:"
                                + " cart-rescue/wait-open 1d -> 10m")
                .contains("job running, its dashboard at http://127.0.0.1:")
                .containsPattern(
                        "(?m)^    time  moment or flow/step +channel template +offer +user +why$");
        assertThat(out)
                .as("the job's answer to the publish, with what it changed")
                .contains("live change: version " + version + " from demo-it APPLIED")
                .contains("patterns[browse-abandonment].enabled");
        Set<String> moments = new TreeSet<>();
        Set<String> flowSteps = new TreeSet<>();
        Matcher action = ACTION.matcher(out);
        while (action.find()) {
            moments.add(action.group(1));
            if (action.group(2) != null) {
                flowSteps.add(action.group(1) + action.group(2));
            }
        }
        assertThat(moments).as(out).hasSizeGreaterThanOrEqualTo(4);
        assertThat(flowSteps).contains("cart-rescue/push", "cart-rescue/email");
        assertThat(out)
                .containsPattern("Demo summary: [\\d,]+ events sent \\([\\d,]+ of the history")
                .containsPattern("decisions [\\d,]+ = [\\d,]+ sent \\+ [\\d,]+ held out \\+")
                .as("the disabled pattern's matches after the change")
                .containsPattern("suppressed \\(.*DISABLED [\\d,]+")
                .contains("It adds up: every decision has one outcome, every action one sent")
                .doesNotContain("not every committed record was read");
        try (Stream<Path> left = Files.list(work)) {
            assertThat(left.toList())
                    .as("the broker's data, the savepoint and Flink's files, all removed")
                    .isEmpty();
        }
        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("demo-"));
    }

    /** What the demo prints, readable while it runs. */
    private static final class Screen extends Writer {
        private final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void write(char[] chars, int offset, int length) {
            text.append(chars, offset, length);
            notifyAll();
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        synchronized String text() {
            return text.toString();
        }

        /**
         * Waits until the text has a match of {@code pattern}; returns its first group, or the
         * whole match when it has none.
         */
        synchronized String await(Pattern pattern, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                Matcher matcher = pattern.matcher(text);
                if (matcher.find()) {
                    return matcher.group(matcher.groupCount() > 0 ? 1 : 0);
                }
                long left = deadline - System.nanoTime();
                assertThat(left).as("%s within %s in:%n%s", pattern, timeout, text).isPositive();
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
