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
    private static final long FILE_BYTES = 400_000_000L;

    private final StringWriter console = new StringWriter();
    private long now = 1_000 * SECOND;
    private final ProgressPrinter printer =
            new ProgressPrinter(new PrintWriter(console), Duration.ofSeconds(5), () -> now);

    @Test
    void printsNothingForAShortInput() {
        reading(0, 0);
        now += SECOND;
        reading(50_000, FILE_BYTES);
        now += SECOND;
        printer.accept(BacktestProgress.events(Phase.SORTING, 50_000, 50_000, 7, 0));
        now += SECOND;
        printer.accept(BacktestProgress.events(Phase.RUNNING, 0, 50_000, 7, 0));

        assertThat(console.toString()).isEmpty();
    }

    @Test
    void printsAtMostOnceAnIntervalHowMuchOfTheFileIsReadAndHowFast() {
        reading(0, 0);
        now += 3 * SECOND;
        reading(1_000_000, FILE_BYTES / 4);
        now += 3 * SECOND;
        reading(2_000_000, FILE_BYTES / 2);
        now += SECOND;
        reading(2_500_000, FILE_BYTES * 5 / 8);

        assertThat(console.toString().lines())
                .containsExactly(
                        "backtest    6.0 s  reading   [##########----------]  50%  2,000,000 rows"
                                + "  333k rows/s (7 dead letters, 2 sorted runs on disk)");
    }

    @Test
    void sortingAndMergingCountTheEventsDoneOfAllAndTheirRateSinceThePhaseBegan() {
        reading(0, 0);
        now += 10 * SECOND;
        reading(3_000_000, FILE_BYTES);
        printer.accept(BacktestProgress.events(Phase.MERGING, 0, 3_000_000, 7, 2));
        now += 6 * SECOND;
        printer.accept(BacktestProgress.events(Phase.MERGING, 750_000, 3_000_000, 7, 2));

        assertThat(console.toString().lines())
                .last()
                .isEqualTo(
                        "backtest   16.0 s  merging   [#####---------------]  25%  750,000 of"
                                + " 3,000,000 events  125k events/s (from 2 sorted runs)");
    }

    @Test
    void saysWhenTheJobStartsOnceItHasPrintedAnythingThenHowFarItHasGot() {
        reading(0, 0);
        now += 6 * SECOND;
        reading(1_000_000, FILE_BYTES);
        now += SECOND;
        printer.accept(BacktestProgress.events(Phase.RUNNING, 0, 1_000_000, 7, 0));
        now += SECOND;
        printer.accept(BacktestProgress.events(Phase.RUNNING, 1_000, 1_000_000, 7, 0));
        now += 4 * SECOND;
        printer.accept(BacktestProgress.events(Phase.RUNNING, 600_000, 1_000_000, 7, 0));

        assertThat(console.toString().lines())
                .containsExactly(
                        "backtest    6.0 s  reading   [####################] 100%  1,000,000 rows"
                                + "  167k rows/s (7 dead letters, 2 sorted runs on disk)",
                        "backtest    7.0 s  running   [--------------------]   0%  0 of 1,000,000"
                                + " events (7 dead letters)",
                        "backtest   12.0 s  running   [############--------]  60%  600,000 of"
                                + " 1,000,000 events  120k events/s (7 dead letters)");
    }

    @Test
    void ratesReadInThousandsAndMillions() {
        assertThat(ProgressPrinter.rate(950)).isEqualTo("950");
        assertThat(ProgressPrinter.rate(410_400)).isEqualTo("410k");
        assertThat(ProgressPrinter.rate(1_234_000)).isEqualTo("1.2M");
    }

    private void reading(long rows, long bytes) {
        printer.accept(BacktestProgress.reading(rows, bytes, FILE_BYTES, 7, 2));
    }
}
