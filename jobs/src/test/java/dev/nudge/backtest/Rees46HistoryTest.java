package dev.nudge.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link Rees46History}, the REES46 e-commerce behaviour CSV. */
class Rees46HistoryTest {
    private static final HistoryFormat REES46 = HistoryFormat.named("rees46");

    private static final String HEADER =
            "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,"
                    + "user_session";
    private static final String SESSION = "72d76fde-8bb3-4e00-8c23-a032dfed738c";
    private static final String MIDNIGHT = "2019-10-01 00:00:00 UTC";
    private static final String ONE_MINUTE_LATER = "2019-10-01 00:01:00 UTC";
    private static final String TWO_MINUTES_LATER = "2019-10-01 00:02:00 UTC";

    @TempDir Path dir;

    @Test
    void mapsEveryEventTypeAndCarriesBrandPriceCategoryAndSession() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path history =
                files.write(
                        "2019-Oct.csv",
                        HEADER,
                        row(MIDNIGHT, "view", "shiseido", "35.79"),
                        row(MIDNIGHT, "cart", "shiseido", "35.79"),
                        row(MIDNIGHT, "remove_from_cart", "shiseido", "35.79"),
                        row(MIDNIGHT, "purchase", "shiseido", "35.79"));

        HistoryFiles.Prepared prepared = files.prepare(history, REES46);

        assertThat(prepared.events())
                .extracting(UserEvent::type)
                .containsExactly(
                        EventType.VIEW,
                        EventType.ADD_TO_CART,
                        EventType.REMOVE_FROM_CART,
                        EventType.PURCHASE);
        UserEvent purchase = prepared.event("rees46-5");
        assertThat(purchase.userId()).isEqualTo("541312140");
        assertThat(purchase.itemId()).isEqualTo("44600062");
        assertThat(purchase.categoryId()).isEqualTo("2103807459595387724");
        assertThat(purchase.brand()).isEqualTo("shiseido");
        assertThat(purchase.price()).isEqualTo(35.79);
        assertThat(purchase.sessionId()).isEqualTo(SESSION);
        assertThat(prepared.deadLetters()).isEmpty();
    }

    @Test
    void readsTheEventTimeAsUtc() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path history =
                files.write("2019-Oct.csv", HEADER, row("2019-10-01 02:50:00 UTC", "view", "", ""));

        UserEvent view = files.prepare(history, REES46).event("rees46-2");

        assertThat(Instant.ofEpochMilli(view.ts())).isEqualTo("2019-10-01T02:50:00Z");
    }

    @Test
    void takesEmptyBrandAndPriceAsAbsent() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path history = files.write("2019-Oct.csv", HEADER, row(MIDNIGHT, "view", "", ""));

        UserEvent view = files.prepare(history, REES46).event("rees46-2");

        assertThat(view.brand()).isNull();
        assertThat(view.price()).isNull();
    }

    @Test
    void findsTheColumnsByTheirNameInTheHeader() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path history =
                files.write(
                        "reordered.csv",
                        "\uFEFFuser_id,user_session,price,brand,category_id,product_id,event_type,"
                                + "event_time,extra",
                        String.join(
                                ",",
                                "541312140",
                                SESSION,
                                "12.50",
                                "aqua",
                                "2053013552326770905",
                                "3900821",
                                "cart",
                                MIDNIGHT,
                                "ignored"));

        UserEvent cart = files.prepare(history, REES46).event("rees46-2");

        assertThat(cart.type()).isEqualTo(EventType.ADD_TO_CART);
        assertThat(cart.userId()).isEqualTo("541312140");
        assertThat(cart.itemId()).isEqualTo("3900821");
        assertThat(cart.categoryId()).isEqualTo("2053013552326770905");
        assertThat(cart.brand()).isEqualTo("aqua");
        assertThat(cart.price()).isEqualTo(12.5);
        assertThat(cart.sessionId()).isEqualTo(SESSION);
    }

    @Test
    void sortsRowsOfAnyOrderByTimeWithIdsFromTheirLine() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path history =
                files.write(
                        "2019-Oct.csv",
                        HEADER,
                        row(TWO_MINUTES_LATER, "purchase", "aqua", "33.20"),
                        row(MIDNIGHT, "view", "aqua", "33.20"),
                        row(ONE_MINUTE_LATER, "cart", "aqua", "33.20"),
                        row(MIDNIGHT, "view", "aqua", "33.20"));

        HistoryFiles.Prepared prepared =
                files.prepare(history, REES46, SortLimits.defaults().withChunkEvents(3));
        HistoryFiles.Prepared again = files.prepare(history, REES46);

        assertThat(prepared.events())
                .extracting(UserEvent::eventId)
                .containsExactly("rees46-3", "rees46-5", "rees46-4", "rees46-2");
        assertThat(prepared.result().runs()).isEqualTo(2);
        assertThat(again.result().sortedEvents())
                .hasSameBinaryContentAs(prepared.result().sortedEvents());
    }

    @Test
    void sendsEveryBadRowToTheDeadLettersWithItsLineAndCarriesOn() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path history =
                files.write(
                        "2019-Oct.csv",
                        HEADER,
                        row(MIDNIGHT, "view", "aqua", "33.20"),
                        "2019-10-01 00:00:00 UTC,view,3900821,2053013552326770905,,aqua,33.20",
                        row("2019-10-01T00:00:00Z", "view", "aqua", "33.20"),
                        row("2019-10-01 25:00:00 UTC", "view", "aqua", "33.20"),
                        row(MIDNIGHT, "wishlist", "aqua", "33.20"),
                        row(MIDNIGHT, "view", "aqua", "cheap"),
                        row(MIDNIGHT, "view", "aqua", "-1"),
                        String.join(
                                ",",
                                MIDNIGHT,
                                "view",
                                "3900821",
                                "2053013552326770905",
                                "",
                                "aqua",
                                "33.20",
                                "",
                                SESSION),
                        row(ONE_MINUTE_LATER, "cart", "aqua", "33.20"));

        HistoryFiles.Prepared prepared = files.prepare(history, REES46);

        assertThat(prepared.events())
                .extracting(UserEvent::eventId)
                .containsExactly("rees46-2", "rees46-10");
        assertThat(prepared.result().rows()).as("the header is not a row").isEqualTo(9);
        assertThat(prepared.result().deadLetters()).isEqualTo(7);
        assertRejected(prepared.deadLetterOfLine(3), "MALFORMED_ROW", "row has 7 columns");
        assertRejected(prepared.deadLetterOfLine(4), "WRONG_TYPE", "event_time '2019-10-01T");
        assertRejected(prepared.deadLetterOfLine(5), "WRONG_TYPE", "event_time '2019-10-01 25");
        assertRejected(prepared.deadLetterOfLine(6), "UNKNOWN_TYPE", "event_type 'wishlist'");
        assertRejected(prepared.deadLetterOfLine(7), "WRONG_TYPE", "price 'cheap'");
        assertRejected(prepared.deadLetterOfLine(8), "OUT_OF_RANGE", "price");
        assertRejected(prepared.deadLetterOfLine(9), "MISSING_FIELD", "userId");
        assertThat(prepared.deadLetterOfLine(7).get("value").asText())
                .as("the original row")
                .isEqualTo(row(MIDNIGHT, "view", "aqua", "cheap"));
    }

    @Test
    void refusesAHeaderWithoutAColumnItNeedsNamingTheFileTheColumnAndTheFix() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path history =
                files.write(
                        "no-session.csv",
                        "event_time,event_type,product_id,category_id,category_code,brand,price,"
                                + "user_id",
                        "2019-10-01 00:00:00 UTC,view,3900821,2053013552326770905,,aqua,33.20,1");

        assertThatThrownBy(() -> files.prepare(history, REES46))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageContaining("no-session.csv: the header has no column user_session")
                .hasMessageContaining("add the missing column to the header")
                .hasMessageContaining("--format");
    }

    @Test
    void refusesAFileWithoutHeader() throws Exception {
        HistoryFiles files = new HistoryFiles(dir);
        Path history = files.write("rows-only.csv", row(MIDNIGHT, "view", "aqua", "33.20"));

        assertThatThrownBy(() -> files.prepare(history, REES46))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageContaining("rows-only.csv: the header has no column event_time,")
                .hasMessageContaining("found: 2019-10-01 00:00:00 UTC,view,");
    }

    private static void assertRejected(JsonNode deadLetter, String reason, String detail) {
        assertThat(deadLetter.get("reason").asText()).as(deadLetter.toString()).isEqualTo(reason);
        assertThat(deadLetter.get("detail").asText()).contains(detail);
    }

    /** A row of user 541312140 for product 44600062 in one session. */
    private static String row(String eventTime, String eventType, String brand, String price) {
        return String.join(
                ",",
                eventTime,
                eventType,
                "44600062",
                "2103807459595387724",
                "",
                brand,
                price,
                "541312140",
                SESSION);
    }
}
