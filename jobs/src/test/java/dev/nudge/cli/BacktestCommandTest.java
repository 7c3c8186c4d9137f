package dev.nudge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.backtest.Backtest;
import dev.nudge.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tests for the options of {@code backtest} and the errors it reports before any job runs. */
class BacktestCommandTest {
    @TempDir Path dir;

    @Test
    void namesTheFormatsItReads() {
        Cli cli = Cli.run("backtest", "--help");

        assertThat(cli.out)
                .contains("--format=FORMAT")
                .contains("one of jsonl, taobao, rees46, instacart (default:")
                .contains("--chunk-events=N")
                .contains("--chunk-mb=MB")
                .contains("--temp-dir=DIR")
                .contains("--until=TIME")
                .contains("profiles.jsonl");
    }

    @Test
    void untilTakesAnInstantOrADayStartingAtMidnightUtc() {
        Instant midnight = Instant.parse("2019-12-01T00:00:00Z");

        assertThat(BacktestCommand.instantOrDate("2019-12-01T00:00:00Z")).isEqualTo(midnight);
        assertThat(BacktestCommand.instantOrDate("2019-12-01")).isEqualTo(midnight);
        assertThat(BacktestCommand.instantOrDate("2019-12-01T08:00:00+08:00")).isEqualTo(midnight);
        assertThat(BacktestCommand.instantOrDate("2019-12-01T00:00:00.250Z"))
                .isEqualTo(midnight.plusMillis(250));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2019-13-01",
                "2019-12-01 00:00",
                "2019-12-01T00:00:00",
                "yesterday",
                "+1000000000-01-01T00:00:00Z"
            })
    void aBadUntilIsAOneLineUsageErrorNamingTheValueAndTheExpectedForm(String value)
            throws Exception {
        Path history = Files.writeString(dir.resolve("history.jsonl"), "");

        Cli cli = backtest(history, "--until", value);

        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err)
                .isEqualTo(
                        "--until "
                                + value
                                + ": not a time; expected an ISO-8601 instant such as"
                                + " 2019-12-01T00:00:00Z or a date such as 2019-12-01 (its start,"
                                + " UTC)"
                                + System.lineSeparator());
        assertThat(cli.out).isEmpty();
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void eventsAfterUntilAreIgnoredAndCountedInTheSummary() throws Exception {
        Path history =
                Files.writeString(
                        dir.resolve("history.jsonl"),
                        view("e1", "2019-12-01T00:00:00.001Z")
                                + view("e2", "2019-12-02T10:00:00Z")
                                + view("e3", "2019-12-03T10:00:00Z"));

        Cli cli = backtest(history, "--until", "2019-12-01");

        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(cli.out)
                .contains("0 valid events")
                .contains(
                        "The clock stopped at 2019-12-01T00:00:00.000Z (--until); 3 events after"
                                + " --until ignored.");
        assertThat(dir.resolve("out").resolve(Backtest.PROFILES)).isEmptyFile();
        assertThat(dir.resolve("out").resolve(Backtest.SUMMARY))
                .content()
                .contains("3 events after --until ignored");
    }

    private static String view(String id, String time) {
        return "{\"eventId\":\""
                + id
                + "\",\"userId\":\"u1\",\"type\":\"VIEW\",\"itemId\":\"i1\",\"ts\":"
                + Instant.parse(time).toEpochMilli()
                + "}\n";
    }

    @Test
    void anUnknownFormatIsAUsageErrorListingTheFormats() throws Exception {
        Path history = Files.writeString(dir.resolve("history.csv"), "1,2,3,pv,1511575200\n");

        Cli cli = backtest(history, "--format", "csv");

        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err)
                .contains(
                        "'csv' is not a format; expected one of [jsonl, taobao, rees46, instacart]");
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

    private static final String INSTACART_HEADER =
            "order_id,user_id,eval_set,order_number,order_dow,order_hour_of_day,"
                    + "days_since_prior_order";

    @Test
    void withoutFormatACsvIsReadInTheFormatItsFirstLineShowsAndSaysSo() throws Exception {
        Path orders =
                Files.writeString(
                        dir.resolve("orders.csv"),
                        INSTACART_HEADER + "\n101,7,prior,1,2,08,\n102,7,prior,2,3,17,15.0\n");

        Cli cli = backtest(orders);

        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(cli.err)
                .contains(
                        orders
                                + " looks like Instacart's orders.csv: reading it as --format"
                                + " instacart");
        assertThat(dir.resolve("out").resolve(Backtest.DEAD_LETTERS)).isEmptyFile();
    }

    @Test
    void whenEveryRowIsADeadLetterTheRunFailsNamingTheFormatToGive() throws Exception {
        Path orders =
                Files.writeString(
                        dir.resolve("orders.csv"),
                        INSTACART_HEADER + "\n101,7,prior,1,2,08,\n102,7,prior,2,3,17,15.0\n");

        Cli cli = backtest(orders, "--format", "jsonl");

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.err)
                .isEqualTo(
                        "orders.csv: every one of 3 rows was a dead letter (NOT_JSON); the file"
                                + " looks like Instacart's orders.csv: give --format instacart"
                                + System.lineSeparator());
    }

    @Test
    void whenEveryRowOfAnUnknownFileIsADeadLetterTheRunFailsPointingAtTheReasons()
            throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "hello\nworld\n");

        Cli cli = backtest(notes);

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.err.lines())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith(
                        "notes.txt: every one of 2 rows was a dead letter (NOT_JSON); read as"
                                + " --format jsonl; see ")
                .contains("dead-letters.jsonl");
    }

    @Test
    void anOutDirectoryThatHoldsFilesIsRefusedNamingItAndTheFix() throws Exception {
        Path history = Files.writeString(dir.resolve("history.jsonl"), "");
        Path earlier =
                Files.writeString(
                        Files.createDirectories(dir.resolve("out")).resolve("summary.md"),
                        "an earlier run");

        Cli cli = backtest(history);

        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err)
                .isEqualTo(
                        "--out "
                                + dir.resolve("out")
                                + ": the directory already holds files; give a new directory, or"
                                + " --force to replace its result files"
                                + System.lineSeparator());
        assertThat(earlier).hasContent("an earlier run");
    }

    @Test
    void forceReplacesTheResultFilesOfAnEarlierRun() throws Exception {
        Path history = Files.writeString(dir.resolve("history.jsonl"), "");
        Path earlier =
                Files.writeString(
                        Files.createDirectories(dir.resolve("out")).resolve(Backtest.ACTIONS),
                        "an earlier run");

        Cli cli = backtest(history, "--force");

        assertThat(cli.exitCode).as(cli.err).isZero();
        assertThat(earlier).isEmptyFile();
    }

    @Test
    void anEmptyOutDirectoryIsUsed() throws Exception {
        Path history = Files.writeString(dir.resolve("history.jsonl"), "");
        Files.createDirectories(dir.resolve("out"));

        assertThat(backtest(history).exitCode).isZero();
    }

    @Test
    void aRunThatFailsBeforeItsResultsRemovesTheOutDirectoryItCreated() throws Exception {
        Path history =
                Files.writeString(
                        dir.resolve("UserBehavior.csv"),
                        "user_id,item_id,category_id,behavior_type,timestamp\n");

        Cli cli = backtest(history, "--format", "taobao");

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void aRunThatFailsKeepsAnOutDirectoryThatWasThereBefore() throws Exception {
        Path history =
                Files.writeString(
                        dir.resolve("UserBehavior.csv"),
                        "user_id,item_id,category_id,behavior_type,timestamp\n");
        Files.createDirectories(dir.resolve("out"));

        assertThat(backtest(history, "--format", "taobao").exitCode).isEqualTo(1);
        assertThat(dir.resolve("out")).isDirectory();
    }

    /**
     * What a local Flink writes under the system temp dir when told nothing: its RPC system's jar
     * (about 20 MB), io and shuffle dirs, blobs, the dashboard's files, a mini cluster's dirs.
     */
    private static final java.util.regex.Pattern FLINK_FILES =
            java.util.regex.Pattern.compile(
                    "flink-.*|blobStore-.*|minicluster_.*|executionGraphStore-.*|jm_.*|tm_.*"
                            + "|rocksdb.*|localState.*");

    @Test
    void aBacktestLeavesNoFlinkFilesInTheSystemTempDir() throws Exception {
        Path systemTemp = Path.of(System.getProperty("java.io.tmpdir"));
        java.util.Set<Path> before = flinkFiles(systemTemp, Instant.EPOCH);
        Instant started = Instant.now().minusSeconds(1);
        Path history =
                Files.writeString(dir.resolve("history.jsonl"), view("e1", "2019-12-01T00:00:00Z"));

        Cli cli = backtest(history);

        assertThat(cli.exitCode).as(cli.err).isZero();
        java.util.Set<Path> left = flinkFiles(systemTemp, started);
        left.removeAll(before);
        assertThat(left).as("Flink files the backtest left in " + systemTemp).isEmpty();
    }

    /** The entries of {@code dir} named as Flink names its files, created from {@code since}. */
    private static java.util.Set<Path> flinkFiles(Path dir, Instant since) throws Exception {
        java.util.Set<Path> found = new java.util.HashSet<>();
        try (var entries = Files.list(dir)) {
            for (Path entry : entries.toList()) {
                if (!FLINK_FILES.matcher(entry.getFileName().toString()).matches()) {
                    continue;
                }
                try {
                    var attributes =
                            Files.readAttributes(
                                    entry, java.nio.file.attribute.BasicFileAttributes.class);
                    if (!attributes.creationTime().toInstant().isBefore(since)) {
                        found.add(entry);
                    }
                } catch (java.nio.file.NoSuchFileException gone) {
                    // another process's file, removed meanwhile
                }
            }
        }
        return found;
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
