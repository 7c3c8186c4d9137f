package dev.nudge.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How well a backtest's purchase cycles predicted, counted from {@code predictions.jsonl} and the
 * decisions (docs/command-line.md, "Backtest", "Prediction accuracy"): for every purchase that
 * began an occasion and had a prediction before it, the error of the profile's prediction and of
 * two baselines computed here from the same occasions — the last gap, and the median of all the
 * user's gaps before — and how often the occasion fell in the profile's 25th–75th percentile
 * interval; and for each pattern that fires at a moment of the purchase cycle, the share of its
 * moments followed by a purchase occasion within 1, 3 and 7 days, of the moments that many days
 * before the clock stopped.
 *
 * <p>It keeps every user's occasion times (8 bytes each) and every cycle moment (one entry each):
 * less than the job's own state of the same users.
 */
final class PredictionAccuracy {
    private static final long DAY = 86_400_000L;

    /** The horizons the cycle moments are judged over, in days. */
    static final int[] HORIZONS = {1, 3, 7};

    /** The pattern types that fire at a moment of the purchase cycle. */
    private static final List<String> CYCLE_TYPES =
            List.of("PREDICTED_REPURCHASE", "PURCHASE_OVERDUE");

    /** Each user's occasions, as read (sorted at the end). */
    private final Map<String, Occasions> users = new HashMap<>();

    /** Each cycle pattern's moments. */
    private final Map<String, List<Moment>> moments = new TreeMap<>();

    private record Moment(String userId, long at) {}

    /** One user's occasions and predictions, in the order read. */
    private static final class Occasions {
        long first = Long.MAX_VALUE;
        final List<long[]> checks = new ArrayList<>();
    }

    /**
     * The errors of one estimator, in days, over the purchases it predicted.
     *
     * @param name the estimator
     * @param predictions purchases predicted
     * @param meanAbsDays mean absolute error
     * @param medianAbsDays median absolute error
     * @param withinOneDay share within ±1 day
     * @param withinThreeDays share within ±3 days
     * @param inInterval share inside the predicted interval, or -1 for an estimator without one
     */
    record Estimator(
            String name,
            long predictions,
            double meanAbsDays,
            double medianAbsDays,
            double withinOneDay,
            double withinThreeDays,
            double inInterval) {}

    /**
     * The moments of one pattern, and per horizon of {@link #HORIZONS} how many could be judged
     * (the horizon ended before the clock stopped) and how many of those a purchase followed.
     */
    record Trigger(String patternId, long moments, long[] judged, long[] followed) {
        double share(int horizon) {
            return judged[horizon] == 0 ? 0 : (double) followed[horizon] / judged[horizon];
        }
    }

    /**
     * @param occasions purchases that began an occasion after a first one
     * @param estimators the profile's prediction first, then the baselines
     * @param triggers per cycle pattern
     */
    record Result(long occasions, List<Estimator> estimators, List<Trigger> triggers) {
        static final Result NONE = new Result(0, List.of(), List.of());

        /** Whether there is anything to show. */
        boolean isEmpty() {
            return occasions == 0 && triggers.isEmpty();
        }

        /** Purchases with a prediction before them. */
        long predicted() {
            return estimators.isEmpty() ? 0 : estimators.get(0).predictions();
        }
    }

    /** A line of {@code predictions.jsonl}. */
    void check(JsonNode check) {
        Occasions user = users.computeIfAbsent(check.get("userId").asText(), id -> new Occasions());
        long previous = time(check.get("previousAt"));
        user.first = Math.min(user.first, previous);
        JsonNode predicted = check.get("predictedAt");
        user.checks.add(
                predicted == null
                        ? new long[] {time(check.get("at"))}
                        : new long[] {
                            time(check.get("at")),
                            time(predicted),
                            time(check.get("expectedFrom")),
                            time(check.get("expectedUntil"))
                        });
    }

    /** A line of {@code decisions.jsonl}: a match of a cycle pattern is a moment. */
    void decision(JsonNode decision) {
        JsonNode type = decision.get("patternType");
        JsonNode step = decision.get("step");
        if (type == null
                || !CYCLE_TYPES.contains(type.asText())
                || step != null && !step.isNull()) {
            return;
        }
        moments.computeIfAbsent(decision.get("patternId").asText(), id -> new ArrayList<>())
                .add(
                        new Moment(
                                decision.get("userId").asText(),
                                time(decision.get("triggeredAt"))));
    }

    /** What was counted, the moments judged up to {@code clockStop}. */
    Result result(long clockStop) {
        List<Double> engine = new ArrayList<>();
        List<Double> lastGap = new ArrayList<>();
        List<Double> median = new ArrayList<>();
        long inInterval = 0;
        long occasions = 0;
        Map<String, long[]> times = new HashMap<>();
        for (Map.Entry<String, Occasions> entry : users.entrySet()) {
            Occasions user = entry.getValue();
            user.checks.sort((a, b) -> Long.compare(a[0], b[0]));
            long[] at = new long[user.checks.size() + 1];
            at[0] = user.first;
            for (int i = 0; i < user.checks.size(); i++) {
                long[] check = user.checks.get(i);
                at[i + 1] = check[0];
                occasions++;
                if (check.length == 1) {
                    continue;
                }
                engine.add(days(check[0] - check[1]));
                if (check[0] >= check[2] && check[0] <= check[3]) {
                    inInterval++;
                }
                // The gaps before this occasion: at[1] - at[0] … at[i] - at[i - 1].
                double[] gaps = new double[i];
                for (int g = 0; g < i; g++) {
                    gaps[g] = at[g + 1] - at[g];
                }
                lastGap.add(days(check[0] - (at[i] + (long) gaps[i - 1])));
                median.add(days(check[0] - (at[i] + (long) median(gaps))));
            }
            times.put(entry.getKey(), at);
        }
        List<Estimator> estimators = new ArrayList<>();
        if (!engine.isEmpty()) {
            estimators.add(estimator("profile (weighted median)", engine, inInterval));
            estimators.add(estimator("last gap", lastGap, -1));
            estimators.add(estimator("median of all the user's gaps", median, -1));
        }
        List<Trigger> triggers = new ArrayList<>();
        moments.forEach((pattern, list) -> triggers.add(trigger(pattern, list, times, clockStop)));
        return new Result(occasions, estimators, triggers);
    }

    private static Trigger trigger(
            String pattern, List<Moment> list, Map<String, long[]> times, long clockStop) {
        long[] judged = new long[HORIZONS.length];
        long[] followed = new long[HORIZONS.length];
        for (Moment moment : list) {
            long[] at = times.get(moment.userId());
            long next = next(at, moment.at());
            for (int h = 0; h < HORIZONS.length; h++) {
                long end = moment.at() + HORIZONS[h] * DAY;
                if (end > clockStop) {
                    continue;
                }
                judged[h]++;
                if (next <= end) {
                    followed[h]++;
                }
            }
        }
        return new Trigger(pattern, list.size(), judged, followed);
    }

    /** The first occasion after {@code time}, or {@link Long#MAX_VALUE}. */
    private static long next(long[] at, long time) {
        if (at == null) {
            return Long.MAX_VALUE;
        }
        int index = Arrays.binarySearch(at, time + 1);
        int insertion = index >= 0 ? index : -index - 1;
        return insertion < at.length ? at[insertion] : Long.MAX_VALUE;
    }

    private static Estimator estimator(String name, List<Double> signed, long inInterval) {
        double[] errors = signed.stream().mapToDouble(Math::abs).sorted().toArray();
        double sum = 0;
        long oneDay = 0;
        long threeDays = 0;
        for (double error : errors) {
            sum += error;
            oneDay += error <= 1 ? 1 : 0;
            threeDays += error <= 3 ? 1 : 0;
        }
        int n = errors.length;
        return new Estimator(
                name,
                n,
                sum / n,
                median(errors),
                (double) oneDay / n,
                (double) threeDays / n,
                inInterval < 0 ? -1 : (double) inInterval / n);
    }

    /** The median of {@code values}, the mean of the middle two for an even count. */
    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double days(long millis) {
        return millis / (double) DAY;
    }

    private static long time(JsonNode value) {
        return Instant.parse(value.asText()).toEpochMilli();
    }
}
