package dev.nudge.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link TaobaoHistory}, the Taobao UserBehavior CSV. */
class TaobaoHistoryTest {
    private static final HistoryFormat TAOBAO = HistoryFormat.named("taobao");

    /** 2017-11-25 10:00 in Shanghai, in epoch seconds as the data set writes it. */
    private static final long SATURDAY_10AM = 1_511_575_200L;

    private static final long ONE_MINUTE_LATER = SATURDAY_10AM + 60;
    private static final long TWO_MINUTES_LATER = SATURDAY_10AM + 120;

    @TempDir Path dir;

    @Test
    void mapsEveryBehaviourToItsEventTypeWithItemAndCategoryButNoPrice() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path history =
                files.write(
                        "UserBehavior.csv",
                        row("1", "2268318", "2520377", "pv", SATURDAY_10AM),
                        row("1", "2268318", "2520377", "fav", SATURDAY_10AM + 1),
                        row("1", "2268318", "2520377", "cart", SATURDAY_10AM + 2),
                        row("1", "2268318", "2520377", "buy", SATURDAY_10AM + 3));

        HistoryFiles.Prepared prepared = files.prepare(history, TAOBAO);

        assertThat(prepared.events())
                .extracting(UserEvent::type)
                .containsExactly(
                        EventType.VIEW,
                        EventType.FAVORITE,
                        EventType.ADD_TO_CART,
                        EventType.PURCHASE);
        UserEvent purchase = prepared.event("taobao-4");
        assertThat(purchase.userId()).isEqualTo("1");
        assertThat(purchase.itemId()).isEqualTo("2268318");
        assertThat(purchase.categoryId()).isEqualTo("2520377");
        assertThat(purchase.price()).as("the data set has no prices").isNull();
        assertThat(purchase.brand()).isNull();
        assertThat(purchase.sessionId()).isNull();
        assertThat(purchase.timezone())
                .as("no time zone: the pattern configuration's default applies")
                .isNull();
        assertThat(prepared.deadLetters()).isEmpty();
    }

    @Test
    void readsTheTimestampAsEpochSeconds() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path history =
                files.write(
                        "UserBehavior.csv", row("1", "2268318", "2520377", "pv", SATURDAY_10AM));

        UserEvent view = files.prepare(history, TAOBAO).event("taobao-1");

        assertThat(Instant.ofEpochMilli(view.ts())).isEqualTo("2017-11-25T02:00:00Z");
    }

    @Test
    void sortsRowsOfAnyOrderByTimeKeepingTheFileOrderOfEqualTimes() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path history =
                files.write(
                        "UserBehavior.csv",
                        row("100", "7", "70", "pv", TWO_MINUTES_LATER),
                        row("1", "8", "80", "pv", ONE_MINUTE_LATER),
                        row("1", "9", "90", "cart", ONE_MINUTE_LATER),
                        row("100", "6", "60", "pv", SATURDAY_10AM));

        HistoryFiles.Prepared prepared =
                files.prepare(history, TAOBAO, SortLimits.defaults().withChunkEvents(2));

        assertThat(prepared.events())
                .extracting(UserEvent::eventId)
                .containsExactly("taobao-4", "taobao-2", "taobao-3", "taobao-1");
        assertThat(prepared.result().runs()).isEqualTo(2);
    }

    @Test
    void derivesEventIdsFromTheLineSoThatEveryRunGivesTheSameIds() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path history =
                files.write(
                        "UserBehavior.csv",
                        row("1", "2268318", "2520377", "pv", ONE_MINUTE_LATER),
                        "",
                        row("1", "2333346", "2520771", "pv", SATURDAY_10AM));

        HistoryFiles.Prepared first = files.prepare(history, TAOBAO);
        HistoryFiles.Prepared second = files.prepare(history, TAOBAO);

        assertThat(first.events())
                .extracting(UserEvent::eventId)
                .containsExactly("taobao-3", "taobao-1");
        assertThat(second.result().sortedEvents())
                .hasSameBinaryContentAs(first.result().sortedEvents());
    }

    @Test
    void sendsEveryBadRowToTheDeadLettersWithItsLineAndCarriesOn() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path history =
                files.write(
                        "UserBehavior.csv",
                        row("1", "2268318", "2520377", "pv", SATURDAY_10AM),
                        "1,2268318,2520377,pv",
                        "1,2268318,2520377,pv,1511575200,extra",
                        "1,2268318,2520377,pv,yesterday",
                        "1,2268318,2520377,click,1511575200",
                        ",2268318,2520377,pv,1511575200",
                        "1,2268318,2520377,pv,1511575200000",
                        "1,,2520377,buy,1511575200",
                        "1,\"2268318,2520377,pv,1511575200",
                        row("1", "2268318", "2520377", "cart", ONE_MINUTE_LATER));

        HistoryFiles.Prepared prepared = files.prepare(history, TAOBAO);

        assertThat(prepared.events())
                .extracting(UserEvent::eventId)
                .containsExactly("taobao-1", "taobao-10");
        assertThat(prepared.result().rows()).isEqualTo(10);
        assertThat(prepared.result().deadLetters()).isEqualTo(8);
        assertRejected(prepared.deadLetterOfLine(2), "MALFORMED_ROW", "row has 4 columns");
        assertRejected(prepared.deadLetterOfLine(3), "MALFORMED_ROW", "row has 6 columns");
        assertRejected(prepared.deadLetterOfLine(4), "WRONG_TYPE", "timestamp 'yesterday'");
        assertRejected(prepared.deadLetterOfLine(5), "UNKNOWN_TYPE", "behavior_type 'click'");
        assertRejected(prepared.deadLetterOfLine(6), "MISSING_FIELD", "userId");
        assertRejected(prepared.deadLetterOfLine(7), "OUT_OF_RANGE", "milliseconds?");
        assertRejected(prepared.deadLetterOfLine(8), "MISSING_FIELD", "itemId");
        assertRejected(prepared.deadLetterOfLine(9), "MALFORMED_ROW", "not closed");
        assertThat(prepared.deadLetterOfLine(4).get("value").asText())
                .as("the original row")
                .isEqualTo("1,2268318,2520377,pv,yesterday");
        assertThat(prepared.deadLetterOfLine(4).get("source").asText())
                .isEqualTo("UserBehavior.csv");
    }

    @Test
    void rejectsARowThatIsNotUtf8() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path history = files.write("UserBehavior.csv", row("1", "7", "70", "pv", SATURDAY_10AM));
        byte[] latin1 = "2,caf\u00e9,70,pv,1511575200\n".getBytes("ISO-8859-1");
        Files.write(history, latin1, java.nio.file.StandardOpenOption.APPEND);

        HistoryFiles.Prepared prepared = files.prepare(history, TAOBAO);

        assertRejected(prepared.deadLetterOfLine(2), "INVALID_UTF8", "not UTF-8");
    }

    @Test
    void refusesAHeaderLineNamingTheFileAndTheFix() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path history =
                files.write(
                        "with-header.csv",
                        "user_id,item_id,category_id,behavior_type,timestamp",
                        row("1", "2268318", "2520377", "pv", SATURDAY_10AM));

        assertThatThrownBy(() -> files.prepare(history, TAOBAO))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageContaining("with-header.csv: the first line looks like a header")
                .hasMessageContaining("has no header")
                .hasMessageContaining("tail -n +2 with-header.csv")
                .hasMessageContaining("--format");
    }

    @Test
    void refusesJsonLinesGivenAsTaobao() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path history =
                files.write(
                        "events.jsonl",
                        "{\"eventId\":\"e1\",\"userId\":\"u1\",\"type\":\"VIEW\","
                                + "\"ts\":1511575200000,\"itemId\":\"i1\"}");

        assertThatThrownBy(() -> files.prepare(history, TAOBAO))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageContaining("events.jsonl: the first line is JSON")
                .hasMessageContaining("jsonl");
    }

    private static void assertRejected(JsonNode deadLetter, String reason, String detail) {
        assertThat(deadLetter.get("reason").asText()).as(deadLetter.toString()).isEqualTo(reason);
        assertThat(deadLetter.get("detail").asText()).contains(detail);
    }

    private static String row(
            String user, String item, String category, String behaviour, long epochSeconds) {
        return String.join(",", user, item, category, behaviour, Long.toString(epochSeconds));
    }
}
