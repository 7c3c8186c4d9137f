package dev.nudge.backtest;

import dev.nudge.event.EventParser;
import dev.nudge.event.EventType;
import dev.nudge.event.InvalidEventException;
import dev.nudge.event.RejectReason;
import dev.nudge.event.UserEvent;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Map;

/**
 * The REES46 e-commerce behaviour CSV (Open CDP, published on Kaggle): a header, then one row per
 * event. Columns are found by their name in the header, in any order; extra columns are ignored.
 * {@code event_time} is UTC text ({@code 2019-10-01 00:00:00 UTC}); {@code event_type} {@code
 * view}, {@code cart}, {@code remove_from_cart} and {@code purchase} become VIEW, ADD_TO_CART,
 * REMOVE_FROM_CART and PURCHASE. Rows carry {@code product_id} as the item, {@code category_id},
 * {@code brand}, {@code price} (unit price) and {@code user_session} as the session; an empty cell
 * is an absent value. A row's event id is {@code rees46-<line>}, the header being line 1.
 */
final class Rees46History implements HistoryFormat {
    static final String NAME = "rees46";

    static final String EVENT_TIME = "event_time";
    static final String EVENT_TYPE = "event_type";
    static final String PRODUCT_ID = "product_id";
    static final String CATEGORY_ID = "category_id";
    static final String BRAND = "brand";
    static final String PRICE = "price";
    static final String USER_ID = "user_id";
    static final String USER_SESSION = "user_session";

    /** The columns read, in the order of the data set's header. */
    static final List<String> COLUMNS =
            List.of(
                    EVENT_TIME,
                    EVENT_TYPE,
                    PRODUCT_ID,
                    CATEGORY_ID,
                    BRAND,
                    PRICE,
                    USER_ID,
                    USER_SESSION);

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'")
                    .withResolverStyle(ResolverStyle.STRICT);

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
                        "--format rees46 needs a header line naming "
                                + String.join(", ", COLUMNS)
                                + " in any order; add the missing column to the header, or give"
                                + " the --format of the file (jsonl, taobao).");
        Layout layout = new Layout(columns.positions(), columns.columns());
        return (line, lineNumber) -> layout.event(csv.cells(line), lineNumber, validator);
    }

    /** Where each column is in the rows of one file. */
    private record Layout(
            int time,
            int type,
            int product,
            int category,
            int brand,
            int price,
            int user,
            int session,
            int columns) {

        Layout(Map<String, Integer> positions, int columns) {
            this(
                    positions.get(EVENT_TIME),
                    positions.get(EVENT_TYPE),
                    positions.get(PRODUCT_ID),
                    positions.get(CATEGORY_ID),
                    positions.get(BRAND),
                    positions.get(PRICE),
                    positions.get(USER_ID),
                    positions.get(USER_SESSION),
                    columns);
        }

        TimedEvent event(List<String> cells, long lineNumber, EventParser validator)
                throws InvalidEventException {
            if (cells.size() != columns) {
                throw CsvLine.malformed(
                        "row has " + cells.size() + " columns; the header has " + columns);
            }
            return HistoryFormat.checked(
                    validator,
                    UserEvent.builder(
                                    "rees46-" + lineNumber,
                                    CsvLine.orNull(cells.get(user)),
                                    eventType(cells.get(type)),
                                    epochMillis(cells.get(time)))
                            .item(
                                    CsvLine.orNull(cells.get(product)),
                                    CsvLine.orNull(cells.get(category)),
                                    CsvLine.orNull(cells.get(brand)))
                            .price(unitPrice(cells.get(price)))
                            .sessionId(CsvLine.orNull(cells.get(session))));
        }
    }

    private static EventType eventType(String eventType) throws InvalidEventException {
        return switch (eventType) {
            case "view" -> EventType.VIEW;
            case "cart" -> EventType.ADD_TO_CART;
            case "remove_from_cart" -> EventType.REMOVE_FROM_CART;
            case "purchase" -> EventType.PURCHASE;
            default ->
                    throw new InvalidEventException(
                            RejectReason.UNKNOWN_TYPE,
                            EVENT_TYPE
                                    + " '"
                                    + CsvLine.abbreviate(eventType)
                                    + "' is not view, cart, remove_from_cart or purchase");
        };
    }

    private static long epochMillis(String eventTime) throws InvalidEventException {
        try {
            return LocalDateTime.parse(eventTime, TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(
                    RejectReason.WRONG_TYPE,
                    EVENT_TIME
                            + " '"
                            + CsvLine.abbreviate(eventTime)
                            + "' is not a UTC time like 2019-10-01 00:00:00 UTC");
        }
    }

    private static Double unitPrice(String price) throws InvalidEventException {
        if (price.isEmpty()) {
            return null;
        }
        double value;
        try {
            value = new BigDecimal(price).doubleValue();
        } catch (NumberFormatException e) {
            throw new InvalidEventException(
                    RejectReason.WRONG_TYPE,
                    PRICE + " '" + CsvLine.abbreviate(price) + "' is not a decimal number");
        }
        if (Double.isInfinite(value)) {
            throw new InvalidEventException(
                    RejectReason.OUT_OF_RANGE,
                    PRICE + " " + CsvLine.abbreviate(price) + " is too large");
        }
        return value;
    }
}
