package dev.nudge.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link InstacartHistory}: orders.csv as purchases on a made-up calendar. */
class InstacartHistoryTest {
    private static final HistoryFormat INSTACART = HistoryFormat.named("instacart");

    private static final String HEADER =
            "order_id,user_id,eval_set,order_number,order_dow,order_hour_of_day,"
                    + "days_since_prior_order";

    @TempDir Path dir;

    private static Instant firstDay(String userId) {
        return InstacartHistory.START.plus(
                Duration.ofDays(Math.floorMod(userId.hashCode(), InstacartHistory.FIRST_DAYS)));
    }

    @Test
    void eachOrderIsAPurchaseItsGapInWholeDaysAfterTheOneBeforeAtItsHour() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path orders =
                files.write(
                        "orders.csv",
                        HEADER,
                        "101,7,prior,1,2,08,",
                        "102,7,prior,2,3,17,15.0",
                        "103,7,train,3,6,09,7.0");

        HistoryFiles.Prepared prepared = files.prepare(orders, INSTACART);

        assertThat(prepared.deadLetters()).isEmpty();
        Instant first = firstDay("7");
        assertThat(prepared.events())
                .extracting(UserEvent::eventId, UserEvent::type, UserEvent::orderId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(
                                "instacart-101", EventType.PURCHASE, "101"),
                        org.assertj.core.groups.Tuple.tuple(
                                "instacart-102", EventType.PURCHASE, "102"),
                        org.assertj.core.groups.Tuple.tuple(
                                "instacart-103", EventType.PURCHASE, "103"));
        assertThat(prepared.events())
                .extracting(event -> Instant.ofEpochMilli(event.ts()))
                .containsExactly(
                        first.plus(Duration.ofHours(8)),
                        first.plus(Duration.ofDays(15).plusHours(17)),
                        first.plus(Duration.ofDays(22).plusHours(9)));
        assertThat(prepared.deadLetters()).isEmpty();
    }

    @Test
    void aSameDayReorderAtAnEarlierHourComesAMinuteAfterTheOrderBefore() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path orders =
                files.write("orders.csv", HEADER, "201,8,prior,1,0,15,", "202,8,prior,2,0,09,0.0");

        HistoryFiles.Prepared prepared = files.prepare(orders, INSTACART);

        assertThat(prepared.event("instacart-202").ts() - prepared.event("instacart-201").ts())
                .isEqualTo(Duration.ofMinutes(1).toMillis());
    }

    @Test
    void aRowOutOfOrderIsADeadLetterAndTheUsersLaterOrdersKeepTheirSpacing() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path orders =
                files.write(
                        "orders.csv",
                        HEADER,
                        "301,9,prior,1,1,10,",
                        "303,9,prior,3,1,10,5.0",
                        "304,9,prior,4,1,10,5.0");

        HistoryFiles.Prepared prepared = files.prepare(orders, INSTACART);

        assertThat(prepared.deadLetterOfLine(3).get("detail").asText())
                .contains("order 3 of user 9 follows order 1");
        assertThat(prepared.event("instacart-304").ts() - prepared.event("instacart-301").ts())
                .isEqualTo(Duration.ofDays(10).toMillis());
    }

    @Test
    void aFileWithoutTheOrdersColumnsIsRefusedWithTheFix() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path taobao = files.write("UserBehavior.csv", "1,2268318,2520377,pv,1511544070");

        assertThatThrownBy(() -> files.prepare(taobao, INSTACART))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageContaining("has no column order_id")
                .hasMessageContaining("give the --format of the file");
    }
}
