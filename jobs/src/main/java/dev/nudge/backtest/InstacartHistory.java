package dev.nudge.backtest;

import dev.nudge.event.EventParser;
import dev.nudge.event.EventType;
import dev.nudge.event.InvalidEventException;
import dev.nudge.event.RejectReason;
import dev.nudge.event.UserEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Instacart's {@code orders.csv} (The Instacart Online Grocery Shopping Dataset 2017): a header,
 * then one order per row with {@code order_id, user_id, eval_set, order_number, order_dow,
 * order_hour_of_day, days_since_prior_order}, each user's orders together and in order. Every row
 * becomes a PURCHASE with the order's id, of the one item {@value #BASKET}: the file has no
 * products, prices or dates.
 *
 * <p>The dates are made up, since the file has only gaps: a user's first order is on day {@code
 * user_id}'s hash modulo 28 after {@link #START} (so that users do not all begin on one day), each
 * later order {@code days_since_prior_order} whole days after the one before (the data caps gaps at
 * 30: a 30 is "30 or more"), at {@code order_hour_of_day}:00 UTC. A later order that this puts at
 * or before the previous one (a same-day reorder at an earlier hour) is set a minute after it.
 * {@code order_dow} is not used: no calendar keeps both the gaps and the days of the week. A row's
 * event id is {@code instacart-<order_id>}.
 *
 * <p>A row out of order (a user's order_number not one more than the row before it, or a first
 * order with a gap) is a dead letter; the user's clock still moves by its gap, so that one bad row
 * costs one event.
 */
final class InstacartHistory implements HistoryFormat {
    static final String NAME = "instacart";

    /** The item of every order: the file names no products, and a purchase names an item. */
    static final String BASKET = "basket";

    /** The first day of the made-up calendar (a Sunday). */
    static final Instant START = Instant.parse("2017-01-01T00:00:00Z");

    /** Users' first orders spread over this many days from {@link #START}. */
    static final int FIRST_DAYS = 28;

    static final String ORDER_ID = "order_id";
    static final String USER_ID = "user_id";
    static final String ORDER_NUMBER = "order_number";
    static final String HOUR = "order_hour_of_day";
    static final String GAP = "days_since_prior_order";

    /** The columns read, in the order of the data set's header. */
    static final List<String> COLUMNS = List.of(ORDER_ID, USER_ID, ORDER_NUMBER, HOUR, GAP);

    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long HOUR_MILLIS = Duration.ofHours(1).toMillis();
    private static final long MINUTE = Duration.ofMinutes(1).toMillis();

    /** The longest gap read: the data caps them at 30 days; more is a mistake of the file. */
    private static final double MAX_GAP_DAYS = 366;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean hasHeader() {
        return true;
    }

    /** Finds the columns by name; a column that is missing or named twice stops the run. */
    @Override
    public Rows open(String source, byte[] header, EventParser validator)
            throws HistoryFormatException {
        CsvLine csv = new CsvLine();
        CsvLine.Header columns =
                csv.header(
                        source,
                        header,
                        COLUMNS,
                        "--format instacart reads Instacart's orders.csv, whose header names "
                                + String.join(", ", COLUMNS)
                                + "; give the --format of the file (jsonl, taobao, rees46).");
        Calendar calendar = new Calendar(columns.positions(), columns.columns());
        return (line, lineNumber) -> calendar.event(csv.cells(line), validator);
    }

    /** The made-up calendar of one file: the user whose orders are being read, and their clock. */
    private static final class Calendar {
        private final int orderId;
        private final int userId;
        private final int number;
        private final int hour;
        private final int gap;
        private final int columns;

        private String user;
        private long lastNumber;
        private long day;
        private long lastTime;

        Calendar(Map<String, Integer> positions, int columns) {
            this.orderId = positions.get(ORDER_ID);
            this.userId = positions.get(USER_ID);
            this.number = positions.get(ORDER_NUMBER);
            this.hour = positions.get(HOUR);
            this.gap = positions.get(GAP);
            this.columns = columns;
        }

        TimedEvent event(List<String> cells, EventParser validator) throws InvalidEventException {
            if (cells.size() != columns) {
                throw CsvLine.malformed(
                        "row has " + cells.size() + " columns; the header has " + columns);
            }
            String order = CsvLine.orNull(cells.get(orderId));
            String who = CsvLine.orNull(cells.get(userId));
            if (order == null || who == null) {
                throw new InvalidEventException(
                        RejectReason.MISSING_FIELD, "the row has no order_id or no user_id");
            }
            long orderNumber = whole(cells.get(number), ORDER_NUMBER, 1, Integer.MAX_VALUE);
            long hourOfDay = whole(cells.get(hour), HOUR, 0, 23);
            String gapCell = CsvLine.orNull(cells.get(gap));
            boolean sameUser = who.equals(user);
            String outOfOrder = null;
            if (!sameUser) {
                user = who;
                day = START.toEpochMilli() + Math.floorMod(who.hashCode(), FIRST_DAYS) * DAY;
                lastTime = Long.MIN_VALUE;
                if (orderNumber != 1 || gapCell != null) {
                    outOfOrder = "the first row of user " + who + " is order " + orderNumber;
                }
            } else if (orderNumber != lastNumber + 1) {
                outOfOrder =
                        "order " + orderNumber + " of user " + who + " follows order " + lastNumber;
            }
            lastNumber = orderNumber;
            if (gapCell != null) {
                day += Math.round(days(gapCell)) * DAY;
            }
            long time = day + hourOfDay * HOUR_MILLIS;
            if (lastTime != Long.MIN_VALUE && time <= lastTime) {
                time = lastTime + MINUTE;
            }
            lastTime = time;
            if (outOfOrder != null) {
                throw new InvalidEventException(
                        RejectReason.OUT_OF_RANGE,
                        outOfOrder
                                + ": --format instacart needs each user's orders together and in"
                                + " order, as orders.csv has them");
            }
            return HistoryFormat.checked(
                    validator,
                    UserEvent.builder("instacart-" + order, who, EventType.PURCHASE, time)
                            .itemId(BASKET)
                            .orderId(order));
        }

        private static long whole(String cell, String column, long min, long max)
                throws InvalidEventException {
            String text = cell.trim();
            if (!CsvLine.isWholeNumber(text)) {
                throw new InvalidEventException(
                        RejectReason.WRONG_TYPE,
                        column + " '" + CsvLine.abbreviate(cell) + "' is not a whole number");
            }
            long value;
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                value = Long.MAX_VALUE;
            }
            if (value < min || value > max) {
                throw new InvalidEventException(
                        RejectReason.OUT_OF_RANGE,
                        column
                                + " "
                                + CsvLine.abbreviate(cell)
                                + " is outside "
                                + min
                                + ".."
                                + max);
            }
            return value;
        }

        private static double days(String cell) throws InvalidEventException {
            double days;
            try {
                days = Double.parseDouble(cell.trim());
            } catch (NumberFormatException e) {
                throw new InvalidEventException(
                        RejectReason.WRONG_TYPE,
                        GAP + " '" + CsvLine.abbreviate(cell) + "' is not a number of days");
            }
            if (!(days >= 0 && days <= MAX_GAP_DAYS)) {
                throw new InvalidEventException(
                        RejectReason.OUT_OF_RANGE,
                        GAP + " " + CsvLine.abbreviate(cell) + " is outside 0..366 days");
            }
            return days;
        }
    }
}
