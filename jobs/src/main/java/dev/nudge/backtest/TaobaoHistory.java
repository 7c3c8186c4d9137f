package dev.nudge.backtest;

import dev.nudge.event.EventParser;
import dev.nudge.event.EventType;
import dev.nudge.event.InvalidEventException;
import dev.nudge.event.RejectReason;
import dev.nudge.event.UserEvent;
import java.util.List;

/**
 * The Taobao UserBehavior CSV (Alibaba, Tianchi): no header, one row per event with {@code
 * user_id,item_id,category_id,behavior_type,timestamp}, the time in epoch seconds. {@code pv},
 * {@code cart}, {@code fav} and {@code buy} become VIEW, ADD_TO_CART, FAVORITE and PURCHASE.
 *
 * <p>Rows carry no price, brand, session or order, so purchases have no price. They carry no time
 * zone either: the data is from China, and the default {@code timezone} of the pattern
 * configuration applies to its users. A row's event id is {@code taobao-<line>}.
 */
final class TaobaoHistory implements HistoryFormat {
    static final String NAME = "taobao";
    static final String COLUMNS = "user_id,item_id,category_id,behavior_type,timestamp";

    private static final int USER = 0;
    private static final int ITEM = 1;
    private static final int CATEGORY = 2;
    private static final int BEHAVIOR = 3;
    private static final int TIMESTAMP = 4;
    private static final int COLUMN_COUNT = 5;

    private static final long MIN_SECONDS = EventParser.MIN_TS / 1000;
    private static final long MAX_SECONDS = EventParser.MAX_TS / 1000;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean hasHeader() {
        return false;
    }

    /**
     * Refuses a first line that is JSON or in which no cell is a number: a header, or a file of
     * another format. Any other first line is a row, and a bad one becomes a dead letter.
     */
    @Override
    public Rows open(String source, byte[] firstLine, EventParser validator)
            throws HistoryFormatException {
        CsvLine csv = new CsvLine();
        try {
            String text = csv.text(firstLine);
            if (text.startsWith("{")) {
                throw notRows(source, "is JSON", "jsonl");
            }
            List<String> cells = CsvLine.split(text);
            if (cells.stream().noneMatch(CsvLine::isWholeNumber)) {
                throw notRows(
                        source,
                        "looks like a header (" + CsvLine.abbreviate(String.join(",", cells)) + ")",
                        "jsonl, rees46");
            }
        } catch (InvalidEventException e) {
            // not readable as CSV: the row itself will say why, as a dead letter
        }
        return (line, lineNumber) -> event(csv.cells(line), lineNumber, validator);
    }

    private static HistoryFormatException notRows(String source, String found, String formats) {
        return new HistoryFormatException(
                source
                        + ": the first line "
                        + found
                        + ", but --format taobao reads the UserBehavior CSV, which has no"
                        + " header: every line is a row of "
                        + COLUMNS
                        + " (epoch seconds). Remove a header line (tail -n +2 "
                        + source
                        + " > rows.csv), or give the --format of the file ("
                        + formats
                        + ").");
    }

    private static TimedEvent event(List<String> cells, long lineNumber, EventParser validator)
            throws InvalidEventException {
        if (cells.size() != COLUMN_COUNT) {
            throw CsvLine.malformed(
                    "row has "
                            + cells.size()
                            + " columns; a UserBehavior row has "
                            + COLUMN_COUNT
                            + ": "
                            + COLUMNS);
        }
        return HistoryFormat.checked(
                validator,
                UserEvent.builder(
                                "taobao-" + lineNumber,
                                CsvLine.orNull(cells.get(USER)),
                                type(cells.get(BEHAVIOR)),
                                epochMillis(cells.get(TIMESTAMP)))
                        .item(
                                CsvLine.orNull(cells.get(ITEM)),
                                CsvLine.orNull(cells.get(CATEGORY)),
                                null));
    }

    private static EventType type(String behavior) throws InvalidEventException {
        return switch (behavior) {
            case "pv" -> EventType.VIEW;
            case "cart" -> EventType.ADD_TO_CART;
            case "fav" -> EventType.FAVORITE;
            case "buy" -> EventType.PURCHASE;
            default ->
                    throw new InvalidEventException(
                            RejectReason.UNKNOWN_TYPE,
                            "behavior_type '"
                                    + CsvLine.abbreviate(behavior)
                                    + "' is not pv, cart, fav or buy");
        };
    }

    private static long epochMillis(String timestamp) throws InvalidEventException {
        if (!CsvLine.isWholeNumber(timestamp)) {
            throw new InvalidEventException(
                    RejectReason.WRONG_TYPE,
                    "timestamp '"
                            + CsvLine.abbreviate(timestamp)
                            + "' is not a whole number of seconds");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            seconds = Long.MAX_VALUE;
        }
        if (seconds < MIN_SECONDS || seconds >= MAX_SECONDS) {
            throw new InvalidEventException(
                    RejectReason.OUT_OF_RANGE,
                    "timestamp "
                            + CsvLine.abbreviate(timestamp)
                            + " is outside 2000-01-01..2100-01-01 in epoch seconds"
                            + (seconds >= MAX_SECONDS
                                    ? " (milliseconds? the UserBehavior format has seconds)"
                                    : ""));
        }
        return seconds * 1000;
    }
}
