package dev.nudge.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.testing.Cli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code backtest} command measuring the purchase cycles, end to end on a local Flink: an
 * Instacart {@code orders.csv} of the test's own — shoppers with a steady rhythm and a longer gap
 * every third order, who stop buying at different times — replayed with the shipped patterns. Each
 * repeat occasion is in {@code predictions.jsonl}, the report judges the profile against the
 * baselines on the same purchases, and the restock and overdue moments against what followed.
 */
class CycleBacktestIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOPPERS = 30;
    private static final int ORDERS = 12;

    @TempDir static Path dir;
    private static Path out;
    private static Cli run;

    @BeforeAll
    static void backtestTheOrders() throws IOException {
        StringBuilder csv =
                new StringBuilder(
                        "order_id,user_id,eval_set,order_number,order_dow,order_hour_of_day,"
                                + "days_since_prior_order\n");
        int orderId = 1;
        for (int shopper = 1; shopper <= SHOPPERS; shopper++) {
            int rhythm = 4 + shopper % 7;
            for (int order = 1; order <= ORDERS; order++) {
                String gap = order == 1 ? "" : (order % 3 == 0 ? rhythm + 3 : rhythm) + ".0";
                csv.append(orderId++)
                        .append(',')
                        .append(shopper)
                        .append(",prior,")
                        .append(order)
                        .append(",1,10,")
                        .append(gap)
                        .append('\n');
            }
        }
        Path orders = dir.resolve("orders.csv");
        Files.writeString(orders, csv, StandardCharsets.UTF_8);
        out = dir.resolve("out");
        run =
                Cli.run(
                        "backtest",
                        "--format",
                        "instacart",
                        "--input",
                        orders.toString(),
                        "--patterns",
                        "../config/patterns.yaml",
                        "--out",
                        out.toString());
        assertThat(run.exitCode).as(run.err).isZero();
    }

    @Test
    void everyRepeatOccasionIsCheckedAndPredictedFromTheThirdOccasionOn() throws IOException {
        List<JsonNode> checks = lines(Backtest.PREDICTIONS);

        assertThat(checks).hasSize(SHOPPERS * (ORDERS - 1));
        assertThat(checks.stream().filter(c -> c.has("predictedAt")))
                .as("occasions 4 to 12 of each shopper")
                .hasSize(SHOPPERS * (ORDERS - 3));
        assertThat(checks)
                .filteredOn(c -> c.has("predictedAt"))
                .allSatisfy(
                        c ->
                                assertThat(c.get("expectedFrom").asText())
                                        .isLessThanOrEqualTo(c.get("predictedAt").asText()));
    }

    @Test
    void theReportJudgesTheProfileAgainstTheBaselinesOnTheSamePurchases() throws IOException {
        String summary = Files.readString(out.resolve(Backtest.SUMMARY));
        List<String> rows =
                summary.lines()
                        .filter(line -> line.matches("\\| (profile|last gap|median).*"))
                        .toList();

        // Two gaps in three are the shopper's rhythm: the weighted median keeps it, the last gap
        // is three days off after every long one.
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).startsWith("| profile (weighted median) | 270 |");
        assertThat(withinOneDay(rows.get(0))).isGreaterThan(withinOneDay(rows.get(1)));
        assertThat(summary).contains("270 of the 330 occasions after users' first, 81.8% coverage");
    }

    @Test
    void theRestockAndOverdueMomentsAreJudgedByThePurchasesThatFollowed() throws IOException {
        String summary = Files.readString(out.resolve(Backtest.SUMMARY));
        String moments =
                summary.substring(summary.indexOf("## Purchases after purchase-cycle moments"));

        assertThat(moments).contains("| overdue-reminder |", "| restock-reminder |");
        List<JsonNode> overdue =
                lines(Backtest.DECISIONS).stream()
                        .filter(d -> d.get("patternId").asText().equals("overdue-reminder"))
                        .toList();
        assertThat(overdue)
                .as("each shopper is overdue once a long gap passes its p90 by a day")
                .isNotEmpty()
                .allSatisfy(
                        d ->
                                assertThat(d.get("patternType").asText())
                                        .isEqualTo("PURCHASE_OVERDUE"));
    }

    private static double withinOneDay(String row) {
        String cell = row.split("\\|")[5].strip();
        return Double.parseDouble(cell.replace("%", ""));
    }

    private static List<JsonNode> lines(String file) throws IOException {
        return Files.readAllLines(out.resolve(file), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank())
                .map(
                        line -> {
                            try {
                                return JSON.readTree(line);
                            } catch (IOException e) {
                                throw new IllegalStateException(line, e);
                            }
                        })
                .toList();
    }
}
