package dev.nudge.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.policy.Conversion.Arm;
import dev.nudge.policy.Engagement;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The one count behind both reports: the job's decisions, conversions and linked feedback
 * (engagement) records of a time range, per pattern and per row, a row being one variant of the
 * pattern's treatment (SENT and SUPPRESSED decisions, by the variant they carry; "no variant" for a
 * pattern without variants) or the pattern's holdout (HOLDOUT decisions: held-out users are in no
 * variant; of a pattern with variants, the suppressed decisions without one, which are its held-out
 * users').
 *
 * <p>Feed it every decision first, then conversions and engagement records, in any order within
 * each. A decision is in the range by its {@code triggeredAt}, a conversion by its {@code
 * decidedAt}; a conversion counts for its row only when its user has a decision of that row in the
 * range (else it is counted as outside), and a feedback record only when its {@code actionId} is a
 * SENT decision's in the range. Records written before variants and goals have neither field: no
 * variant, goal {@code PURCHASE}.
 *
 * <p>The records of flows are no pattern's rows: a decision with a {@code flowId} (a flow's send,
 * or the match that entered a user in a flow instead of acting) and a conversion attributed to a
 * flow's send are counted as such and in no row, and feedback on a flow's message in no row either
 * (a backtest's report has the flows' funnels).
 *
 * <p><b>Memory.</b> Users are the unit of the comparison, so it keeps, for the range, the set of
 * user ids of every row, the revenue of every converted user of a row, and the action id of every
 * SENT decision (to link feedback): about 150 bytes each with a typical id. {@code maxEntries}
 * bounds their number; one more stops the count with {@link TooLarge}, rather than run out of heap.
 */
public final class Experiments {
    /** The goal of a conversion written before goals existed. */
    public static final String PURCHASE = "PURCHASE";

    /** About what one kept user id or action id costs on the heap, for the documentation. */
    public static final int BYTES_PER_ENTRY = 150;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A row of a pattern: its arm and, in the treatment, its variant ({@code null}: none).
     * Treatment rows come first, by variant (none first), then the holdout.
     */
    record Key(Arm arm, String variant) implements Comparable<Key> {
        private static final Comparator<Key> ORDER =
                Comparator.comparing(Key::arm)
                        .thenComparing(
                                Key::variant, Comparator.nullsFirst(Comparator.naturalOrder()));

        static final Key HOLDOUT = new Key(Arm.HOLDOUT, null);

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }

    /** Thrown when the range needs more than {@code maxEntries} users and actions kept. */
    public static final class TooLarge extends RuntimeException {
        private final long maxEntries;

        TooLarge(long maxEntries) {
            super(
                    "more than "
                            + String.format(java.util.Locale.ROOT, "%,d", maxEntries)
                            + " users and actions to keep for the range (about "
                            + BYTES_PER_ENTRY
                            + " bytes each)");
            this.maxEntries = maxEntries;
        }

        public long maxEntries() {
            return maxEntries;
        }
    }

    private final long from;
    private final long until;
    private final long maxEntries;
    private long entries;
    private final Map<String, Map<Key, Tally>> patterns = new TreeMap<>();
    private final Map<String, Sent> sentActions = new HashMap<>();

    /**
     * The ids of the SENT and HOLDOUT decisions of flows' sends in the range, and of the actions
     * sent: the conversions and feedback that are the flows'.
     */
    private final Set<String> ofFlows = new HashSet<>();

    private long decisionsOfFlows;
    private long conversionsOfFlows;
    private long decisionsRead;
    private long conversionsRead;
    private long feedbackRead;
    private long conversionsOutside;
    private long feedbackUnlinked;
    private long unreadable;

    private Experiments(long from, long until, long maxEntries) {
        this.from = from;
        this.until = until;
        this.maxEntries = maxEntries;
    }

    /** Counts every record it is given, whatever its time: a backtest's result files. */
    public static Experiments all(long maxEntries) {
        return new Experiments(Long.MIN_VALUE, Long.MAX_VALUE, maxEntries);
    }

    /** Counts the records of {@code [from, until)}, epoch milliseconds. */
    public static Experiments between(long from, long until, long maxEntries) {
        return new Experiments(from, until, maxEntries);
    }

    /** A decision record as written by the job; not JSON is counted as unreadable. */
    public void decision(byte[] value) {
        JsonNode node = parse(value);
        if (node != null) {
            decision(node);
        }
    }

    public void conversion(byte[] value) {
        JsonNode node = parse(value);
        if (node != null) {
            conversion(node);
        }
    }

    public void engagement(byte[] value) {
        JsonNode node = parse(value);
        if (node != null) {
            engagement(node);
        }
    }

    public void decision(JsonNode decision) {
        Long triggeredAt = time(decision, "triggeredAt");
        String pattern = text(decision, "patternId");
        String user = text(decision, "userId");
        String outcome = text(decision, "outcome");
        if (triggeredAt == null || pattern == null || user == null || outcome == null) {
            unreadable++;
            return;
        }
        if (!inRange(triggeredAt)) {
            return;
        }
        decisionsRead++;
        if (text(decision, "flowId") != null) {
            decisionsOfFlows++;
            String decisionId = text(decision, "decisionId");
            if (decisionId != null && (outcome.equals("SENT") || outcome.equals("HOLDOUT"))) {
                keep(ofFlows.add(decisionId));
            }
            String actionId = text(decision, "actionId");
            if (actionId != null) {
                keep(ofFlows.add(actionId));
            }
            return;
        }
        boolean holdout = outcome.equals("HOLDOUT");
        Tally tally =
                tally(
                        pattern,
                        holdout ? Key.HOLDOUT : new Key(Arm.TREATMENT, text(decision, "variant")));
        tally.decisions++;
        switch (outcome) {
            case "SENT" -> {
                tally.sent++;
                keep(tally.users.add(user));
                String actionId = text(decision, "actionId");
                if (actionId != null && !sentActions.containsKey(actionId)) {
                    keep(true);
                    sentActions.put(actionId, new Sent(tally));
                }
            }
            case "HOLDOUT" -> {
                tally.heldOut++;
                keep(tally.users.add(user));
            }
            default -> {
                String reason = text(decision, "suppressedBy");
                tally.suppressed.merge(reason == null ? outcome : reason, 1L, Long::sum);
            }
        }
    }

    public void conversion(JsonNode conversion) {
        Long decidedAt = time(conversion, "decidedAt");
        String pattern = text(conversion, "patternId");
        String user = text(conversion, "userId");
        Arm arm = named(Arm.class, text(conversion, "arm"));
        if (decidedAt == null || pattern == null || user == null || arm == null) {
            unreadable++;
            return;
        }
        if (!inRange(decidedAt)) {
            return;
        }
        conversionsRead++;
        String decisionId = text(conversion, "decisionId");
        if (decisionId != null && ofFlows.contains(decisionId)) {
            conversionsOfFlows++;
            return;
        }
        Key key =
                arm == Arm.HOLDOUT
                        ? Key.HOLDOUT
                        : new Key(Arm.TREATMENT, text(conversion, "variant"));
        Tally tally = patterns.getOrDefault(pattern, Map.of()).get(key);
        if (tally == null || !tally.users.contains(user)) {
            // Its decision is outside the range (or its record was lost): no user of a row to
            // count it for.
            conversionsOutside++;
            return;
        }
        BigDecimal revenue = revenue(conversion.path("revenue"));
        tally.conversions++;
        tally.revenue = tally.revenue.add(revenue);
        String goal = text(conversion, "goal");
        tally.goals.add(goal == null ? PURCHASE : goal);
        double[] perUser = tally.converted.get(user);
        if (perUser == null) {
            keep(true);
            perUser = new double[1];
            tally.converted.put(user, perUser);
        }
        perUser[0] += revenue.doubleValue();
    }

    public void engagement(JsonNode engagement) {
        String actionId = text(engagement, "actionId");
        Engagement.Step step = named(Engagement.Step.class, text(engagement, "step"));
        if (actionId == null || step == null) {
            unreadable++;
            return;
        }
        feedbackRead++;
        Sent sent = sentActions.get(actionId);
        if (sent == null && ofFlows.contains(actionId)) {
            return; // feedback on a flow's message: no row's
        }
        if (sent == null) {
            feedbackUnlinked++;
            return;
        }
        int bit = 1 << step.ordinal();
        if ((sent.steps & bit) != 0) {
            return; // one step of an action counts once
        }
        sent.steps |= bit;
        switch (step) {
            case DELIVERED -> sent.tally.delivered++;
            case OPENED -> sent.tally.opened++;
            case CLICKED -> sent.tally.clicked++;
        }
    }

    /** What was counted, per pattern, each pattern with its holdout row (empty when none). */
    public Result result() {
        List<PatternRows> rows = new ArrayList<>();
        patterns.forEach(
                (pattern, tallies) -> {
                    Map<Key, Tally> sorted = new TreeMap<>(tallies);
                    Tally holdout = sorted.computeIfAbsent(Key.HOLDOUT, key -> new Tally());
                    // Of a pattern with variants, every user not held out is in one: its
                    // suppressed decisions without a variant are its held-out users'.
                    Key none = new Key(Arm.TREATMENT, null);
                    Tally unassigned = sorted.get(none);
                    boolean variants =
                            sorted.keySet().stream().anyMatch(key -> key.variant() != null);
                    if (variants
                            && unassigned != null
                            && unassigned.sent == 0
                            && unassigned.users.isEmpty()
                            && unassigned.conversions == 0) {
                        holdout.decisions += unassigned.decisions;
                        unassigned.suppressed.forEach(
                                (reason, count) ->
                                        holdout.suppressed.merge(reason, count, Long::sum));
                        sorted.remove(none);
                    }
                    List<Row> list = new ArrayList<>();
                    sorted.forEach((key, tally) -> list.add(tally.row(pattern, key)));
                    rows.add(new PatternRows(pattern, List.copyOf(list)));
                });
        return new Result(
                List.copyOf(rows),
                decisionsRead,
                conversionsRead,
                feedbackRead,
                conversionsOutside,
                feedbackUnlinked,
                unreadable,
                decisionsOfFlows,
                conversionsOfFlows);
    }

    /**
     * The count of a range.
     *
     * @param decisions decisions in the range
     * @param conversions conversions in the range, those outside included
     * @param feedback engagement records read, unlinked included
     * @param conversionsOutside conversions in the range whose user has no decision of their row in
     *     the range (its decision came before {@code from}): not counted in any row
     * @param feedbackUnlinked engagement records of actions not sent in the range (feedback on a
     *     flow's message sent in it is neither unlinked nor in a row)
     * @param unreadable records that are not JSON or lack a field the count needs
     * @param decisionsOfFlows decisions in the range of flows (their sends, and the matches that
     *     entered users in them instead of acting): in {@code decisions}, in no row
     * @param conversionsOfFlows conversions in the range attributed to flows' sends: in {@code
     *     conversions}, in no row
     */
    public record Result(
            List<PatternRows> patterns,
            long decisions,
            long conversions,
            long feedback,
            long conversionsOutside,
            long feedbackUnlinked,
            long unreadable,
            long decisionsOfFlows,
            long conversionsOfFlows) {}

    /** A pattern's rows: its treatment rows by variant, then its holdout. */
    public record PatternRows(String patternId, List<Row> rows) {
        public Row holdout() {
            return rows.get(rows.size() - 1);
        }

        public List<Row> treatment() {
            return rows.subList(0, rows.size() - 1);
        }

        /** Every user of the pattern's rows, counted once per row. */
        public long users() {
            return rows.stream().mapToLong(row -> row.users().users()).sum();
        }
    }

    /**
     * One row.
     *
     * @param variant the treatment's variant, or {@code null} (none, or the holdout)
     * @param decisions every decision of the row
     * @param suppressed the SUPPRESSED decisions by reason
     * @param feedback of the row's SENT actions in the range, how many were delivered, opened,
     *     clicked (at least once)
     * @param conversions the row's conversions, of users of the row
     * @param goals the goals those conversions reached
     * @param users the row's users: with at least one SENT (treatment) or HOLDOUT decision
     */
    public record Row(
            String patternId,
            Arm arm,
            String variant,
            long decisions,
            long sent,
            long heldOut,
            Map<String, Long> suppressed,
            Feedback feedback,
            long conversions,
            BigDecimal revenue,
            Set<String> goals,
            Users users) {

        /** Whether this is the pattern's holdout row. */
        public boolean isHoldout() {
            return arm == Arm.HOLDOUT;
        }
    }

    /** SENT actions with at least one feedback step of each kind. */
    public record Feedback(long delivered, long opened, long clicked) {
        public boolean none() {
            return delivered == 0 && opened == 0 && clicked == 0;
        }
    }

    /** What one row has counted so far. */
    private static final class Tally {
        long decisions;
        long sent;
        long heldOut;
        final Map<String, Long> suppressed = new TreeMap<>();
        long delivered;
        long opened;
        long clicked;
        long conversions;
        BigDecimal revenue = BigDecimal.ZERO;
        final Set<String> goals = new TreeSet<>();
        final Set<String> users = new HashSet<>();
        final Map<String, double[]> converted = new HashMap<>();

        Row row(String pattern, Key key) {
            double sum = 0;
            double squares = 0;
            for (double[] revenue : converted.values()) {
                sum += revenue[0];
                squares += revenue[0] * revenue[0];
            }
            return new Row(
                    pattern,
                    key.arm(),
                    key.variant(),
                    decisions,
                    sent,
                    heldOut,
                    Collections.unmodifiableMap(new TreeMap<>(suppressed)),
                    new Feedback(delivered, opened, clicked),
                    conversions,
                    revenue,
                    Collections.unmodifiableSet(new TreeSet<>(goals)),
                    new Users(users.size(), converted.size(), sum, squares));
        }
    }

    /** A SENT action of the range: its row, and the feedback steps seen (bits). */
    private static final class Sent {
        final Tally tally;
        int steps;

        Sent(Tally tally) {
            this.tally = tally;
        }
    }

    private Tally tally(String pattern, Key key) {
        return patterns.computeIfAbsent(pattern, p -> new HashMap<>())
                .computeIfAbsent(key, k -> new Tally());
    }

    private void keep(boolean added) {
        if (added && ++entries > maxEntries) {
            throw new TooLarge(maxEntries);
        }
    }

    private boolean inRange(long time) {
        return time >= from && time < until;
    }

    private JsonNode parse(byte[] value) {
        if (value == null) {
            unreadable++;
            return null;
        }
        try {
            JsonNode node = JSON.readTree(value);
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            // counted below
        }
        unreadable++;
        return null;
    }

    /** The constant of {@code type} a record names, or {@code null} for none or another name. */
    private static <E extends Enum<E>> E named(Class<E> type, String name) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static Long time(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    /** A conversion's revenue as written, exactly; zero when it is missing or not a number. */
    static BigDecimal revenue(JsonNode value) {
        if (value.isBigDecimal()) {
            return value.decimalValue();
        }
        if (!value.isNumber()) {
            return BigDecimal.ZERO;
        }
        return new BigDecimal(value.asText());
    }
}
