package dev.nudge.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Tests for {@link FormatGuess}: which format a history's first line looks like. */
class FormatGuessTest {

    @Test
    void aJsonObjectIsJsonLines() {
        assertThat(name("{\"eventId\":\"e1\"}")).isEqualTo("jsonl");
    }

    @Test
    void aHeaderNamingInstacartsColumnsIsInstacart() {
        assertThat(
                        name(
                                "order_id,user_id,eval_set,order_number,order_dow,"
                                        + "order_hour_of_day,days_since_prior_order"))
                .isEqualTo("instacart");
    }

    @Test
    void aHeaderNamingTheRees46ColumnsInAnyOrderIsRees46() {
        assertThat(
                        name(
                                "\uFEFFevent_type,event_time,product_id,category_id,category_code,"
                                        + "brand,price,user_id,user_session"))
                .isEqualTo("rees46");
    }

    @Test
    void fiveCellsWithABehaviourFourthAreTaobao() {
        assertThat(name("1,2268318,2520377,pv,1511575200")).isEqualTo("taobao");
        assertThat(name("7,1,2,buy,1511575200")).isEqualTo("taobao");
    }

    @Test
    void anythingElseIsNoFormat() {
        assertThat(FormatGuess.ofLine("user_id,item_id,category_id,behavior_type,timestamp"))
                .isNull();
        assertThat(FormatGuess.ofLine("order_id,user_id")).isNull();
        assertThat(FormatGuess.ofLine("just some text")).isNull();
    }

    private static String name(String firstLine) {
        return FormatGuess.ofLine(firstLine).format().name();
    }
}
