package dev.nudge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.backtest.BacktestProgress;
import dev.nudge.backtest.BacktestProgress.Phase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Tests for {@link ProgressPrinter}. */
class ProgressPrinterTest {
    private static final long SECOND = 1_000_000_000L;

    private final StringWriter console = new StringWriter();
    private long now = 1_000 * SECOND;
    private final ProgressPrinter printer =
            new ProgressPrinter(new PrintWriter(console), Duration.ofSeconds(5), () -> now);

    @Test
    void printsNothingForAShortInput() {
        report(Phase.READING, 0);
        later(1, Phase.READING, 50_000);
        later(1, Phase.SORTING, 100_000);
        later(1, Phase.RUNNING, 100_000);

        assertThat(console.toString()).isEmpty();
    }

    @Test
    void printsAtMostOnceAnIntervalWhatTheBacktestIsDoing() {
        report(Phase.READING, 0);
        later(3, Phase.READING, 1_000_000);
        later(3, Phase.READING, 2_000_000);
        later(1, Phase.READING, 2_500_000);
        later(4, Phase.MERGING, 3_000_000);

        assertThat(console.toString().lines())
                .containsExactly(
                        "backtest    6.0 s  reading: 2,000,000 rows, 7 dead letters,"
                                + " 2 sorted runs on disk",
                        "backtest   11.0 s  merging: 3,000,000 events from 2 sorted runs");
    }

    @Test
    void saysWhenTheJobStartsOnceItHasPrintedAnything() {
        report(Phase.READING, 0);
        later(6, Phase.READING, 1_000_000);
        later(1, Phase.RUNNING, 1_000_000);

        assertThat(console.toString().lines())
                .last()
                .isEqualTo(
                        "backtest    7.0 s  running the job over 1,000,000 events"
                                + " (1,000,000 rows, 7 dead letters)");
    }

    private void later(int seconds, Phase phase, long count) {
        now += seconds * SECOND;
        report(phase, count);
    }

    private void report(Phase phase, long count) {
        printer.accept(new BacktestProgress(phase, count, 7, count, 2));
    }
}
