package dev.nudge.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link PredictionAccuracy}: the engine's predictions against the baselines. */
class PredictionAccuracyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant DAY_ZERO = Instant.parse("2017-01-01T08:00:00Z");

    private final PredictionAccuracy accuracy = new PredictionAccuracy();

    private static String day(double day) {
        return DAY_ZERO.plusMillis(Math.round(day * 86_400_000)).toString();
    }

    private void occasion(String user, double at, double previous, int occasions) {
        accuracy.check(
                json(
                        "{\"userId\":\"%s\",\"at\":\"%s\",\"previousAt\":\"%s\",\"occasions\":%d}"
                                .formatted(user, day(at), day(previous), occasions)));
    }

    private void predicted(
            String user, double at, double previous, double predicted, double from, double until) {
        accuracy.check(
                json(
                        ("{\"userId\":\"%s\",\"at\":\"%s\",\"previousAt\":\"%s\",\"occasions\":3,"
                                        + "\"predictedAt\":\"%s\",\"expectedFrom\":\"%s\","
                                        + "\"expectedUntil\":\"%s\"}")
                                .formatted(
                                        user,
                                        day(at),
                                        day(previous),
                                        day(predicted),
                                        day(from),
                                        day(until))));
    }

    private void decision(String pattern, String type, String user, double at, String step) {
        accuracy.decision(
                json(
                        ("{\"patternId\":\"%s\",\"patternType\":\"%s\",\"userId\":\"%s\","
                                        + "\"triggeredAt\":\"%s\",\"step\":%s}")
                                .formatted(
                                        pattern,
                                        type,
                                        user,
                                        day(at),
                                        step == null ? "null" : '"' + step + '"')));
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new IllegalArgumentException(line, e);
        }
    }

    @Test
    void eachPredictedPurchaseIsJudgedAgainstTheLastGapAndTheMedianGapOfTheSameOccasions() {
        // Ann buys on days 0, 10, 14 and 25; the profile predicted day 22 (21–24) for the last.
        predicted("ann", 25, 14, 22, 21, 24);
        occasion("ann", 14, 10, 2);
        occasion("ann", 10, 0, 1);
        // Bob buys weekly, and the profile had it to the day.
        occasion("bob", 7, 0, 1);
        occasion("bob", 14, 7, 2);
        predicted("bob", 21, 14, 21, 20, 22);

        PredictionAccuracy.Result result = accuracy.result(DAY_ZERO.toEpochMilli());

        assertThat(result.occasions()).isEqualTo(6);
        assertThat(result.predicted()).isEqualTo(2);
        // Ann: the profile is 3 days off; her last gap (4) says day 18, 7 off; the median of
        // 10 and 4 days says day 21, 4 off. Bob: every estimator on the day.
        assertThat(result.estimators())
                .extracting(
                        PredictionAccuracy.Estimator::name,
                        PredictionAccuracy.Estimator::meanAbsDays,
                        PredictionAccuracy.Estimator::withinOneDay,
                        PredictionAccuracy.Estimator::withinThreeDays,
                        PredictionAccuracy.Estimator::inInterval)
                .containsExactly(
                        tuple("profile (weighted median)", 1.5, 0.5, 1.0, 0.5),
                        tuple("last gap", 3.5, 0.5, 0.5, -1.0),
                        tuple("median of all the user's gaps", 2.0, 0.5, 0.5, -1.0));
    }

    @Test
    void aCycleMomentCountsAsFollowedWhenTheUsersNextOccasionComesWithinTheHorizon() {
        occasion("ann", 10, 0, 1);
        occasion("ann", 14, 10, 2);
        predicted("ann", 25, 14, 22, 21, 24);
        occasion("bob", 7, 0, 1);
        occasion("bob", 14, 7, 2);
        predicted("bob", 21, 14, 21, 20, 22);
        decision("restock", "PREDICTED_REPURCHASE", "ann", 21, null); // next on day 25
        decision("restock", "PREDICTED_REPURCHASE", "bob", 20.5, null); // next on day 21
        decision("restock", "PREDICTED_REPURCHASE", "bob", 24, null); // none after
        decision("overdue", "PURCHASE_OVERDUE", "ann", 13, null); // next on day 14
        decision("restock", "PREDICTED_REPURCHASE", "bob", 3, "push"); // a flow's send
        decision("browse", "BROWSE_WITHOUT_BUY", "bob", 6, null);

        // The clock stopped on day 28: bob's moment of day 24 is judged over 1 and 3 days only.
        PredictionAccuracy.Result result =
                accuracy.result(DAY_ZERO.plusSeconds(28 * 86_400).toEpochMilli());

        assertThat(result.triggers())
                .extracting(
                        PredictionAccuracy.Trigger::patternId,
                        PredictionAccuracy.Trigger::moments,
                        t -> List.of(t.followed()[0], t.followed()[1], t.followed()[2]),
                        t -> List.of(t.judged()[0], t.judged()[1], t.judged()[2]))
                .containsExactly(
                        tuple("overdue", 1L, List.of(1L, 1L, 1L), List.of(1L, 1L, 1L)),
                        tuple("restock", 3L, List.of(1L, 1L, 2L), List.of(3L, 3L, 2L)));
    }

    @Test
    void nothingToJudgeIsAnEmptyResult() {
        assertThat(accuracy.result(0).isEmpty()).isTrue();
    }
}
