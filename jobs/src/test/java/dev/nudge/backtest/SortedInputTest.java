package dev.nudge.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.backtest.BacktestProgress.Phase;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link SortedInput} over JSON lines, the default history format. */
class SortedInputTest {
    private static final HistoryFormat JSONL = HistoryFormat.named("jsonl");

    @TempDir Path dir;

    @Test
    void sortsTheEventsByTimeKeepingTheFileOrderOfEqualTimes() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path history =
                files.write(
                        "history.jsonl",
                        view("e3", 1_511_600_120_000L),
                        view("e1", 1_511_600_000_000L),
                        view("e2a", 1_511_600_060_000L),
                        view("e2b", 1_511_600_060_000L));

        HistoryFiles.Prepared prepared = files.prepare(history, JSONL);

        assertThat(prepared.events())
                .extracting(UserEvent::eventId)
                .containsExactly("e1", "e2a", "e2b", "e3");
        assertThat(prepared.result().firstTime()).isEqualTo(1_511_600_000_000L);
        assertThat(prepared.result().lastTime()).isEqualTo(1_511_600_120_000L);
        assertThat(prepared.result().runs()).isZero();
    }

    @Test
    void sendsBadLinesToTheDeadLettersWithTheirLineAndSkipsBlankLines() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path history =
                files.write(
                        "history.jsonl",
                        view("e1", 1_511_600_000_000L),
                        "",
                        "{\"eventId\":\"e2\",\"userId\":\"u1\",\"type\":\"VIEW\"}",
                        "not json",
                        view("e3", 1_511_600_060_000L));

        HistoryFiles.Prepared prepared = files.prepare(history, JSONL);

        assertThat(prepared.events()).extracting(UserEvent::eventId).containsExactly("e1", "e3");
        assertThat(prepared.result().rows()).isEqualTo(4);
        assertThat(prepared.result().deadLetters()).isEqualTo(2);
        assertThat(prepared.deadLetterOfLine(3).get("reason").asText()).isEqualTo("MISSING_FIELD");
        assertThat(prepared.deadLetterOfLine(4).get("reason").asText()).isEqualTo("NOT_JSON");
        assertThat(prepared.deadLetterOfLine(4).get("source").asText()).isEqualTo("history.jsonl");
        assertThat(prepared.deadLetterOfLine(4).get("value").asText()).isEqualTo("not json");
    }

    @Test
    void leavesOutAndCountsTheEventsAfterTheClocksStopAndKeepsThoseAtIt() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        long stop = 1_511_600_060_000L;
        Path history =
                files.write(
                        "history.jsonl",
                        view("after", stop + 1),
                        view("before", stop - 60_000),
                        "not json",
                        view("at", stop),
                        view("later", stop + 60_000));

        HistoryFiles.Prepared prepared =
                files.prepare(BacktestInput.of(history).withFormat(JSONL), stop);

        assertThat(prepared.events())
                .extracting(UserEvent::eventId)
                .containsExactly("before", "at");
        assertThat(prepared.result().afterUntil()).isEqualTo(2);
        assertThat(prepared.result().deadLetters()).as("checked all the same").isEqualTo(1);
        assertThat(prepared.result().rows()).isEqualTo(5);
        assertThat(prepared.result().lastTime()).isEqualTo(stop);
    }

    @Test
    void reportsItsProgressThroughEveryPhase() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path history =
                files.write(
                        "history.jsonl",
                        view("e2", 1_511_600_060_000L),
                        view("e1", 1_511_600_000_000L));

        HistoryFiles.Prepared inMemory = files.prepare(history, JSONL);
        HistoryFiles.Prepared onDisk =
                files.prepare(history, JSONL, SortLimits.defaults().withChunkEvents(1));

        assertThat(inMemory.reports())
                .extracting(BacktestProgress::phase)
                .containsExactly(Phase.READING, Phase.SORTING);
        assertThat(onDisk.reports())
                .extracting(BacktestProgress::phase)
                .containsExactly(Phase.READING, Phase.MERGING);
        assertThat(onDisk.reports().get(1).runs()).isEqualTo(2);
        assertThat(onDisk.events()).extracting(UserEvent::eventId).containsExactly("e1", "e2");
        assertThat(onDisk.leftovers()).as("run files after the merge").isEmpty();
    }

    @Test
    void countsTheTypesOfTheEventsTheJobReadsAndThePurchasesWithAPrice() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        long stop = 1_511_600_060_000L;
        Path history =
                files.write(
                        "history.jsonl",
                        view("v1", stop - 2),
                        view("v2", stop - 1),
                        purchase("p1", stop - 1, ",\"price\":12.5"),
                        purchase("p2", stop, ""),
                        "not json",
                        purchase("after", stop + 1, ",\"price\":3"));

        // Through the run files too, where an event is written and read back.
        HistoryFiles.Prepared prepared =
                files.prepare(
                        BacktestInput.of(history)
                                .withFormat(JSONL)
                                .withSort(SortLimits.defaults().withChunkEvents(1)),
                        stop);

        InputEvents input = prepared.result().inputEvents();
        assertThat(input.byType())
                .as("dead letters and events after the stop are not read by the job")
                .containsExactly(Map.entry(EventType.VIEW, 2L), Map.entry(EventType.PURCHASE, 2L));
        assertThat(input.pricedPurchases()).isEqualTo(1);
        assertThat(input.of(EventType.REGISTER)).isZero();
        assertThat(prepared.events())
                .extracting(UserEvent::eventId)
                .containsExactly("v1", "v2", "p1", "p2");
    }

    private static String purchase(String eventId, long ts, String price) {
        return String.format(
                "{\"eventId\":\"%s\",\"userId\":\"u1\",\"type\":\"PURCHASE\",\"ts\":%d,"
                        + "\"itemId\":\"i1\"%s}",
                eventId, ts, price);
    }

    private static String view(String eventId, long ts) {
        return String.format(
                "{\"eventId\":\"%s\",\"userId\":\"u1\",\"type\":\"VIEW\",\"ts\":%d,\"itemId\":\"i1\"}",
                eventId, ts);
    }
}
