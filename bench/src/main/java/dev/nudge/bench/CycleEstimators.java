package dev.nudge.bench;

import dev.nudge.profile.CycleEstimator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How well estimators of a user's next purchase land on the right day, measured on real orders
 * (bench/README.md, "Purchase cycle estimators"): every user's gaps between purchase occasions, in
 * order; from the {@code --from}th occasion on, each next gap is predicted from the gaps before it
 * alone (rolling, nothing of the future), and the absolute error in days is kept per estimator.
 *
 * <p>Reads Instacart's {@code orders.csv} (gaps in whole days, {@code days_since_prior_order},
 * capped at 30 by the data) and the Taobao UserBehavior CSV (purchase times; purchases less than
 * {@code --occasion-gap-hours} apart are one occasion, as the profile counts them). The data sets
 * stay where they are; give their paths.
 */
@Command(
        name = "cycles",
        mixinStandardHelpOptions = true,
        description = "Compares next-purchase estimators on real orders.")
public final class CycleEstimators implements Callable<Integer> {
    @Option(names = "--instacart", description = "Instacart orders.csv")
    Path instacart;

    @Option(names = "--taobao", description = "Taobao UserBehavior CSV (no header)")
    Path taobao;

    @Option(
            names = "--from",
            defaultValue = "4",
            description = "the first occasion predicted (default: the 4th)")
    int from;

    @Option(
            names = "--occasion-gap-hours",
            defaultValue = "1",
            description = "purchases closer than this are one occasion (Taobao; default 1)")
    double occasionGapHours;

    /** An estimator of the next gap from the gaps so far (at least two), in days. */
    interface Estimator {
        double next(double[] gaps, int count);
    }

    /** The estimators compared, by name, in the order of the table. */
    static Map<String, Estimator> estimators() {
        Map<String, Estimator> all = new LinkedHashMap<>();
        all.put("EWMA w=0.3 (the profile until 2026-12)", (g, n) -> ewma(g, n, 0.3));
        all.put("EWMA w=0.5", (g, n) -> ewma(g, n, 0.5));
        all.put("last gap", (g, n) -> g[n - 1]);
        all.put("mean of all gaps", (g, n) -> mean(g, 0, n));
        all.put("median of all gaps", (g, n) -> quantile(g, 0, n, 0.5));
        all.put("median of last 5", (g, n) -> quantile(g, Math.max(0, n - 5), n, 0.5));
        all.put("median of last 16", (g, n) -> quantile(g, Math.max(0, n - 16), n, 0.5));
        all.put("lower median of last 16", (g, n) -> lowerMedian(g, Math.max(0, n - 16), n));
        all.put("p40 of last 8", (g, n) -> quantile(g, Math.max(0, n - 8), n, 0.4));
        all.put("EWMA of log gaps w=0.3", (g, n) -> logEwma(g, n, 0.3));
        all.put("median last 8, shrunk by spread", CycleEstimators::regularityAware);
        all.put("densest 2 days of last 16", (g, n) -> densest(g, Math.max(0, n - 16), n, 1));
        all.put(
                "½ median of last 16 + ½ EWMA of log gaps",
                (g, n) -> (quantile(g, Math.max(0, n - 16), n, 0.5) + logEwma(g, n, 0.3)) / 2);
        all.put(
                "weighted median, nearest rank, last 24, decay 0.9",
                (g, n) -> nearestRankWeighted(g, Math.max(0, n - 24), n, 0.5, 0.9));
        all.put("weighted median, last 16, decay 0.8 (the profile)", CycleEstimators::profile);
        return all;
    }

    /** The profile's own estimator ({@link CycleEstimator}), on the gaps in whole minutes. */
    static double profile(double[] gaps, int count) {
        int from = Math.max(0, count - 16);
        int[] minutes = new int[count - from];
        for (int i = from; i < count; i++) {
            minutes[i - from] = (int) Math.max(1, Math.round(gaps[i] * 1440));
        }
        return CycleEstimator.percentile(minutes, minutes.length, 0.8, 50) / 86_400_000d;
    }

    static double ewma(double[] gaps, int count, double weight) {
        double mean = gaps[0];
        for (int i = 1; i < count; i++) {
            mean += weight * (gaps[i] - mean);
        }
        return mean;
    }

    static double logEwma(double[] gaps, int count, double weight) {
        double mean = Math.log1p(gaps[0]);
        for (int i = 1; i < count; i++) {
            mean += weight * (Math.log1p(gaps[i]) - mean);
        }
        return Math.expm1(mean);
    }

    static double mean(double[] gaps, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += gaps[i];
        }
        return sum / (to - from);
    }

    /** The {@code q} quantile of gaps[from, to), interpolated between neighbours. */
    static double quantile(double[] gaps, int from, int to, double q) {
        double[] sorted = Arrays.copyOfRange(gaps, from, to);
        Arrays.sort(sorted);
        double at = q * (sorted.length - 1);
        int low = (int) Math.floor(at);
        int high = Math.min(sorted.length - 1, low + 1);
        return sorted[low] + (at - low) * (sorted[high] - sorted[low]);
    }

    /**
     * Mode-seeking: among windows of width 2·half that start at a gap of gaps[from, to), the one
     * holding most gaps (ties: the one whose mean is nearest the median) gives its mean; the gap a
     * shopper keeps coming back at. The median when no window holds two.
     */
    static double densest(double[] gaps, int from, int to, double half) {
        double median = quantile(gaps, from, to, 0.5);
        double best = median;
        int bestCount = 0;
        double bestDistance = Double.MAX_VALUE;
        for (int i = from; i < to; i++) {
            double low = gaps[i];
            int count = 0;
            double sum = 0;
            for (int j = from; j < to; j++) {
                if (gaps[j] >= low && gaps[j] <= low + 2 * half) {
                    count++;
                    sum += gaps[j];
                }
            }
            double centre = sum / count;
            double distance = Math.abs(centre - median);
            if (count > bestCount || (count == bestCount && distance < bestDistance)) {
                best = centre;
                bestCount = count;
                bestDistance = distance;
            }
        }
        return bestCount >= 2 ? best : median;
    }

    /** The lower of the two middle gaps of gaps[from, to) for an even count, else the middle. */
    static double lowerMedian(double[] gaps, int from, int to) {
        double[] sorted = Arrays.copyOfRange(gaps, from, to);
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }

    /**
     * The least of gaps[from, to) such that the gaps up to it, each weighing {@code decay} times
     * the one after it, weigh at least {@code q} of the whole.
     */
    static double nearestRankWeighted(double[] gaps, int from, int to, double q, double decay) {
        int n = to - from;
        Integer[] order = new Integer[n];
        double[] w = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            w[i] = Math.pow(decay, n - 1 - i);
            total += w[i];
        }
        Arrays.sort(order, (x, y) -> Double.compare(gaps[from + x], gaps[from + y]));
        double acc = 0;
        for (int i : order) {
            acc += w[i];
            if (acc >= q * total) {
                return gaps[from + i];
            }
        }
        return gaps[to - 1];
    }

    /**
     * Regularity-aware: the median of the last 8 gaps for a regular shopper, moving towards the
     * last gap as the shopper's gaps spread (coefficient of variation), since an irregular
     * shopper's recent gap says more than an old median.
     */
    static double regularityAware(double[] gaps, int count) {
        int from = Math.max(0, count - 8);
        double mean = mean(gaps, from, count);
        double variance = 0;
        for (int i = from; i < count; i++) {
            variance += (gaps[i] - mean) * (gaps[i] - mean);
        }
        double cv = mean > 0 ? Math.sqrt(variance / (count - from)) / mean : 0;
        double weight = Math.min(1, cv) * 0.5;
        return (1 - weight) * quantile(gaps, from, count, 0.5) + weight * gaps[count - 1];
    }

    /** Absolute errors in days, per estimator. */
    static final class Errors {
        final Map<String, List<Double>> byEstimator = new LinkedHashMap<>();

        void add(String estimator, double error) {
            byEstimator.computeIfAbsent(estimator, e -> new ArrayList<>()).add(error);
        }
    }

    /** Predicts every gap of one user from the {@code from}th occasion on. */
    void predict(double[] gaps, Errors errors) {
        // Occasion k (1-based) ends gap k-1; predicting occasion k uses gaps 1..k-2.
        for (int target = from - 1; target <= gaps.length; target++) {
            int known = target - 1;
            if (known < 2) {
                continue;
            }
            double actual = gaps[target - 1];
            for (Map.Entry<String, Estimator> estimator : estimators().entrySet()) {
                double predicted = estimator.getValue().next(gaps, known);
                errors.add(estimator.getKey(), Math.abs(predicted - actual));
            }
        }
    }

    /** Instacart: each user's {@code days_since_prior_order}, in order. */
    Errors instacart(Path file) throws IOException {
        Errors errors = new Errors();
        List<String> lines = Files.readAllLines(file);
        List<String> header = Arrays.asList(lines.get(0).split(",", -1));
        int user = header.indexOf("user_id");
        int gap = header.indexOf("days_since_prior_order");
        String current = null;
        List<Double> gaps = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (!cells[user].equals(current)) {
                finish(gaps, errors);
                current = cells[user];
            } else if (!cells[gap].isEmpty()) {
                gaps.add(Double.parseDouble(cells[gap]));
            }
        }
        finish(gaps, errors);
        return errors;
    }

    /** Taobao: each user's purchase occasions ({@code buy} rows), gaps in days. */
    Errors taobao(Path file) throws IOException {
        Errors errors = new Errors();
        Map<String, List<Long>> buys = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] cells = line.split(",", -1);
            if (cells.length == 5 && cells[3].equals("buy")) {
                buys.computeIfAbsent(cells[0], u -> new ArrayList<>())
                        .add(Long.parseLong(cells[4]) * 1000);
            }
        }
        long occasionGap = Math.round(occasionGapHours * 3_600_000);
        for (List<Long> times : buys.values()) {
            times.sort(null);
            List<Double> gaps = new ArrayList<>();
            long occasionAt = times.get(0);
            for (long time : times) {
                if (time - occasionAt >= occasionGap) {
                    gaps.add((time - occasionAt) / 86_400_000d);
                    occasionAt = time;
                }
            }
            finish(gaps, errors);
        }
        return errors;
    }

    private void finish(List<Double> gaps, Errors errors) {
        if (!gaps.isEmpty()) {
            predict(gaps.stream().mapToDouble(Double::doubleValue).toArray(), errors);
        }
        gaps.clear();
    }

    static String table(String title, Errors errors) {
        StringBuilder out = new StringBuilder();
        int predictions =
                errors.byEstimator.values().stream().findFirst().map(List::size).orElse(0);
        out.append(String.format(Locale.ROOT, "%n%s: %,d predictions%n%n", title, predictions));
        out.append(
                "| estimator | mean abs. error | median abs. error | within ±1 day | within ±3 days"
                        + " |\n|---|---:|---:|---:|---:|\n");
        errors.byEstimator.forEach(
                (name, list) -> {
                    double[] e = list.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                    out.append(
                            String.format(
                                    Locale.ROOT,
                                    "| %s | %.2f d | %.2f d | %.1f %% | %.1f %% |%n",
                                    name,
                                    Arrays.stream(e).average().orElse(Double.NaN),
                                    e.length == 0 ? Double.NaN : quantile(e, 0, e.length, 0.5),
                                    share(e, 1),
                                    share(e, 3)));
                });
        return out.toString();
    }

    private static double share(double[] errors, double days) {
        return errors.length == 0
                ? Double.NaN
                : 100.0 * Arrays.stream(errors).filter(e -> e <= days).count() / errors.length;
    }

    @Override
    public Integer call() throws IOException {
        if (instacart != null) {
            System.out.print(
                    table("Instacart orders " + instacart.getFileName(), instacart(instacart)));
        }
        if (taobao != null) {
            System.out.print(table("Taobao purchases " + taobao.getFileName(), taobao(taobao)));
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new CycleEstimators()).execute(args));
    }
}
