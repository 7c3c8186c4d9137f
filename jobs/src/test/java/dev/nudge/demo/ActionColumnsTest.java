package dev.nudge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.PatternsConfig;
import dev.nudge.testing.Configs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link ActionColumns}: a labelled table whose lines fit the terminal. */
class ActionColumnsTest {
    private static final String REASON =
            "viewed 3 items in category 1039595 between 18:03 and 18:04 on 2026-12-03"
                    + " (Asia/Shanghai) and did not add to cart";

    @Test
    void theHeaderNamesEveryColumnAboveItsValues() throws Exception {
        ActionColumns columns = ActionColumns.of(shipped(), 5_000, 240);

        String header = columns.header();
        String line =
                columns.line(
                        12.6,
                        "cart-rescue/coupon",
                        "EMAIL",
                        "cart_rescue_coupon_v1",
                        "CART_COUPON_10",
                        "u4513",
                        REASON);

        assertThat(header)
                .startsWith("    time  moment or flow/step")
                .contains(" channel ", " template ", " offer ", " user ")
                .endsWith(" why");
        assertThat(line).startsWith("   12.6s  cart-rescue/coupon");
        assertThat(line.indexOf("EMAIL")).isEqualTo(header.indexOf("channel"));
        assertThat(line.indexOf("cart_rescue_coupon_v1")).isEqualTo(header.indexOf("template"));
        assertThat(line.indexOf("CART_COUPON_10")).isEqualTo(header.indexOf("offer"));
        assertThat(line.indexOf("u4513")).isEqualTo(header.indexOf("user"));
        assertThat(line.indexOf("viewed")).isEqualTo(header.indexOf("why"));
        assertThat(line).endsWith(REASON);
    }

    @Test
    void aLineLongerThanTheTerminalLosesTheEndOfItsReasonOnly() throws Exception {
        ActionColumns columns = ActionColumns.of(shipped(), 5_000, 120);

        String line =
                columns.line(
                        3.0,
                        "search-without-result",
                        "PUSH",
                        "search_help_v1",
                        null,
                        "u1483",
                        REASON);

        assertThat(line).hasSize(120).endsWith("…");
        assertThat(line)
                .as("every column whole, no offer shown as -")
                .contains("search-without-result", "PUSH", "search_help_v1", " - ", "u1483")
                .contains(REASON.substring(0, 20));
    }

    @Test
    void theColumnsStayWholeOnATerminalTooNarrowForThem() throws Exception {
        ActionColumns columns = ActionColumns.of(shipped(), 5_000, 40);

        String line =
                columns.line(
                        3.0,
                        "browse-abandonment",
                        "PUSH",
                        "browse_abandon_v1",
                        "COUPON_10",
                        "u1",
                        REASON);

        assertThat(line).contains("browse_abandon_v1", "COUPON_10", "u1").endsWith(" v…");
    }

    @Test
    void theWidthIsColumnsWhenItIsSetAndUsableElse120() {
        assertThat(ActionColumns.width(Map.of("COLUMNS", "200"))).isEqualTo(200);
        assertThat(ActionColumns.width(Map.of("COLUMNS", " 88 "))).isEqualTo(88);
        assertThat(ActionColumns.width(Map.of())).isEqualTo(120);
        assertThat(ActionColumns.width(Map.of("COLUMNS", "wide"))).isEqualTo(120);
        assertThat(ActionColumns.width(Map.of("COLUMNS", "0"))).isEqualTo(120);
    }

    private static PatternsConfig shipped() throws Exception {
        return Configs.parse(Files.readString(Path.of("..", "config", "patterns.yaml")));
    }
}
