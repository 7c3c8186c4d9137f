package dev.nudge.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How many messages each user was sent over a backtest, per channel and over all channels: what an
 * operator checks for fatigue before switching a configuration on. Counted from {@code
 * actions.jsonl} (every line a SENT action, a flow's included), by the UTC day of its {@code
 * sendAt}, as the actions per day are.
 *
 * <p>It keeps a count per user and channel and per user, day and channel: no more entries than
 * actions, fewer than the action ids the summary keeps anyway.
 */
final class MessagesPerUser {
    /** The key of all channels together. */
    static final String ALL = "";

    /**
     * The messages per user of the users who were sent any.
     *
     * @param users users sent at least one message
     * @param messages the messages they were sent
     * @param median the median per user (nearest rank)
     * @param p90 the 90th percentile per user (nearest rank)
     * @param most the most one user was sent
     * @param mostInADay the most one user was sent on one day
     * @param histogram per number of messages, the users sent that many
     */
    record Distribution(
            long users,
            long messages,
            int median,
            int p90,
            int most,
            int mostInADay,
            SortedMap<Integer, Long> histogram) {}

    /**
     * @param byChannel per channel, by name
     * @param overall all channels together
     */
    record Result(Map<String, Distribution> byChannel, Distribution overall) {
        boolean isEmpty() {
            return overall.users() == 0;
        }
    }

    private final Map<String, Map<String, Integer>> perUser = new HashMap<>();
    private final Map<String, Map<String, Integer>> perUserDay = new HashMap<>();

    /** A line of {@code actions.jsonl}. */
    void action(JsonNode action) {
        String user = action.path("userId").asText();
        String channel = action.path("channel").asText();
        LocalDate day =
                LocalDate.ofInstant(Instant.parse(action.path("sendAt").asText()), ZoneOffset.UTC);
        add(perUser.computeIfAbsent(user, u -> new HashMap<>()), channel);
        add(perUserDay.computeIfAbsent(user + '\n' + day, key -> new HashMap<>()), channel);
    }

    private static void add(Map<String, Integer> counts, String channel) {
        counts.merge(channel, 1, Integer::sum);
        counts.merge(ALL, 1, Integer::sum);
    }

    Result result() {
        Map<String, SortedMap<Integer, Long>> histograms = new TreeMap<>();
        perUser.values()
                .forEach(
                        counts ->
                                counts.forEach(
                                        (channel, n) ->
                                                histograms
                                                        .computeIfAbsent(
                                                                channel, c -> new TreeMap<>())
                                                        .merge(n, 1L, Long::sum)));
        Map<String, Integer> mostInADay = new HashMap<>();
        perUserDay
                .values()
                .forEach(
                        counts ->
                                counts.forEach(
                                        (channel, n) -> mostInADay.merge(channel, n, Math::max)));
        Map<String, Distribution> byChannel = new TreeMap<>();
        histograms.forEach(
                (channel, histogram) -> {
                    if (!channel.equals(ALL)) {
                        byChannel.put(channel, distribution(histogram, mostInADay.get(channel)));
                    }
                });
        Distribution overall =
                histograms.containsKey(ALL)
                        ? distribution(histograms.get(ALL), mostInADay.get(ALL))
                        : distribution(new TreeMap<>(), 0);
        return new Result(Collections.unmodifiableMap(byChannel), overall);
    }

    private static Distribution distribution(SortedMap<Integer, Long> histogram, int mostInADay) {
        long users = 0;
        long messages = 0;
        for (Map.Entry<Integer, Long> bin : histogram.entrySet()) {
            users += bin.getValue();
            messages += bin.getKey() * bin.getValue();
        }
        return new Distribution(
                users,
                messages,
                rank(histogram, users, 0.5),
                rank(histogram, users, 0.9),
                histogram.isEmpty() ? 0 : histogram.lastKey(),
                mostInADay,
                Collections.unmodifiableSortedMap(histogram));
    }

    /** The nearest-rank percentile: the smallest count that at least that share of users have. */
    static int rank(SortedMap<Integer, Long> histogram, long users, double share) {
        long rank = (long) Math.ceil(share * users);
        long seen = 0;
        for (Map.Entry<Integer, Long> bin : histogram.entrySet()) {
            seen += bin.getValue();
            if (seen >= Math.max(1, rank)) {
                return bin.getKey();
            }
        }
        return 0;
    }
}
