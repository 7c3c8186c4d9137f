package dev.nudge.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.backtest.BacktestSummary.Arm;
import dev.nudge.backtest.BacktestSummary.PatternCounts;
import dev.nudge.event.Channel;
import dev.nudge.policy.SuppressionReason;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link ReportCharts}: what makes two reports' charts comparable. */
class ReportChartsTest {

    @Test
    void everySuppressionReasonHasAColourOfItsOwnApartFromTheOutcomes() {
        List<String> fills =
                Arrays.stream(SuppressionReason.values())
                        .map(reason -> ReportCharts.reason(reason.name()).fill())
                        .toList();

        assertThat(fills).doesNotHaveDuplicates();
        assertThat(fills)
                .as("sent is green and holdout grey in every chart")
                .doesNotContain("#009E73", "#AEB6BF");
    }

    @Test
    void aReasonKeepsItsColourWhateverOtherReasonsTheBacktestHad() {
        PatternCounts cooledDown = counts(Map.of("COOLDOWN", 3L));
        PatternCounts alsoCapped = counts(Map.of("COOLDOWN", 3L, "FREQUENCY_CAP", 2L));
        String cooldown = "fill=\"#0072B2\"><title>COOLDOWN: 3</title>";

        assertThat(ReportCharts.outcomes(Map.of("p", cooledDown), List.of("COOLDOWN"), Map.of()))
                .contains(cooldown)
                .contains("fill=\"#009E73\"><title>sent: 5</title>")
                .contains("fill=\"#AEB6BF\"><title>holdout: 1</title>");
        assertThat(
                        ReportCharts.outcomes(
                                Map.of("p", alsoCapped),
                                List.of("COOLDOWN", "FREQUENCY_CAP"),
                                Map.of()))
                .contains(cooldown)
                .contains("fill=\"#D55E00\"><title>FREQUENCY_CAP: 2</title>");
    }

    @Test
    void aReasonThisVersionDoesNotKnowGetsTheSameColourEveryTime() {
        assertThat(ReportCharts.reason("SOMETHING_NEW"))
                .isEqualTo(ReportCharts.reason("SOMETHING_NEW"));
    }

    @Test
    void aChannelKeepsItsColourWhateverOtherChannelsSent() {
        LocalDate day = LocalDate.parse("2017-11-25");
        String emailOnly =
                ReportCharts.actionsPerDay(
                        List.of(day), Map.of(day, Map.of("EMAIL", 2L)), List.of("EMAIL"));
        String both =
                ReportCharts.actionsPerDay(
                        List.of(day),
                        Map.of(day, Map.of("EMAIL", 2L, "PUSH", 1L)),
                        List.of("EMAIL", "PUSH"));
        String email = ReportCharts.channel(Channel.EMAIL.name()).fill();

        assertThat(emailOnly).contains("fill=\"" + email + "\"><title>2017-11-25 EMAIL: 2");
        assertThat(both).contains("fill=\"" + email + "\"><title>2017-11-25 EMAIL: 2");
    }

    private static PatternCounts counts(Map<String, Long> suppressed) {
        long matches = 6 + suppressed.values().stream().mapToLong(Long::longValue).sum();
        return new PatternCounts(
                matches,
                new Arm(5, 0, BigDecimal.ZERO),
                new Arm(1, 0, BigDecimal.ZERO),
                0,
                suppressed,
                0,
                0);
    }
}
