package dev.nudge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.backtest.Backtest;
import dev.nudge.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for the options of {@code backtest} and the errors it reports before any job runs. */
class BacktestCommandTest {
    @TempDir Path dir;

    @Test
    void namesTheFormatsItReads() {
        Cli cli = Cli.run("backtest", "--help");

        assertThat(cli.out)
                .contains("--format=FORMAT")
                .contains("one of jsonl, taobao, rees46 (default: jsonl)")
                .contains("--chunk-events=N")
                .contains("--chunk-mb=MB")
                .contains("--temp-dir=DIR");
    }

    @Test
    void anUnknownFormatIsAUsageErrorListingTheFormats() throws Exception {
        Path history = Files.writeString(dir.resolve("history.csv"), "1,2,3,pv,1511575200\n");

        Cli cli = backtest(history, "--format", "csv");

        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err)
                .contains("'csv' is not a format; expected one of [jsonl, taobao, rees46]");
    }

    @Test
    void aTaobaoFileWithAHeaderStopsTheRunWithTheFix() throws Exception {
        Path history =
                Files.writeString(
                        dir.resolve("UserBehavior.csv"),
                        "user_id,item_id,category_id,behavior_type,timestamp\n"
                                + "1,2268318,2520377,pv,1511575200\n");

        Cli cli = backtest(history, "--format", "taobao");

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.err)
                .contains("UserBehavior.csv: the first line looks like a header")
                .contains("tail -n +2");
        assertThat(cli.out).isEmpty();
    }

    @Test
    void chunkSizesMustBePositive() throws Exception {
        Path history = Files.writeString(dir.resolve("history.jsonl"), "");

        Cli cli = backtest(history, "--chunk-events", "0");

        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err).contains("--chunk-events and --chunk-mb must be at least 1");
    }

    @Test
    void aHistoryWithoutEventsGivesEveryResultFileEmptyProfilesToo() throws Exception {
        Path history = Files.writeString(dir.resolve("history.jsonl"), "");

        Cli cli = backtest(history);

        assertThat(cli.exitCode).as(cli.err).isZero();
        for (String file :
                List.of(
                        Backtest.ACTIONS,
                        Backtest.DECISIONS,
                        Backtest.CONVERSIONS,
                        Backtest.DEAD_LETTERS,
                        Backtest.OPEN_EPISODES,
                        Backtest.PROFILES)) {
            assertThat(dir.resolve("out").resolve(file)).as(file).isEmptyFile();
        }
    }

    private Cli backtest(Path history, String... options) {
        String[] args = {
            "backtest",
            "--input",
            history.toString(),
            "--patterns",
            "../config/patterns.yaml",
            "--out",
            dir.resolve("out").toString(),
            "--temp-dir",
            dir.resolve("tmp").toString()
        };
        String[] all = new String[args.length + options.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(options, 0, all, args.length, options.length);
        return Cli.run(all);
    }
}
