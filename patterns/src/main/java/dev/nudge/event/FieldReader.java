package dev.nudge.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.LongSupplier;

/**
 * The fields of one record as {@link EventParser} reads them: each value checked by the kind of its
 * {@link EventField} and kept in the slot of that field, each field at most once, then the event
 * built when every field required by its type is there. One per record.
 */
final class FieldReader {
    private static final Instant EARLIEST = Instant.ofEpochMilli(EventParser.MIN_TS);
    private static final Instant END = Instant.ofEpochMilli(EventParser.MAX_TS);

    private final Object[] values = new Object[EventField.COUNT];
    private final long maxFutureSkewMillis;
    private final LongSupplier clock;
    private long seen;

    FieldReader(long maxFutureSkewMillis, LongSupplier clock) {
        this.maxFutureSkewMillis = maxFutureSkewMillis;
        this.clock = clock;
    }

    void read(EventField field, JsonParser p, JsonToken token)
            throws IOException, InvalidEventException {
        values[field.ordinal()] =
                switch (field.kind) {
                    case TEXT -> text(p, token, field);
                    case TYPE -> eventType(p, token, field);
                    case TIME -> timestamp(p, token, field);
                    case PRICE -> price(p, token, field);
                    case COUNT -> count(p, token, field);
                    case FLAG -> flag(p, token, field);
                    case CHANNEL -> channel(p, token, field);
                    case ATTRIBUTES -> attributes(p, token, field);
                    case ZONE -> zone(p, token, field);
                };
    }

    private String text(JsonParser p, JsonToken token, EventField field)
            throws IOException, InvalidEventException {
        once(field);
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            throw wrongType(field, "a string", token);
        }
        String text = p.getText();
        if (text.isEmpty() || text.length() > field.bound) {
            throw new InvalidEventException(
                    RejectReason.OUT_OF_RANGE,
                    field
                            + " must be 1 to "
                            + field.bound
                            + " characters long, was "
                            + text.length());
        }
        int lone = Utf8.firstLoneSurrogate(text);
        if (lone >= 0) {
            // Kafka keys, state and outputs are UTF-8: such a text cannot be written back
            // unchanged, and two different ids could become the same one.
            throw outOfRange(
                    String.format(
                            "%s has an unpaired surrogate \\u%04X at character %d: it has no"
                                    + " UTF-8 form",
                            field, (int) text.charAt(lone), lone));
        }
        return text;
    }

    private EventType eventType(JsonParser p, JsonToken token, EventField field)
            throws IOException, InvalidEventException {
        String name = text(p, token, field);
        if (name == null) {
            return null;
        }
        EventType eventType = EventType.byName(name);
        if (eventType == null) {
            throw new InvalidEventException(
                    RejectReason.UNKNOWN_TYPE,
                    field + " '" + abbreviate(name) + "' is not a known event type");
        }
        return eventType;
    }

    private Long timestamp(JsonParser p, JsonToken token, EventField field)
            throws IOException, InvalidEventException {
        once(field);
        long millis;
        if (token == JsonToken.VALUE_NULL) {
            return null;
        } else if (token == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw outOfRange(
                        field
                                + " "
                                + abbreviate(p.getText())
                                + " is not an epoch-millisecond time");
            }
            millis = p.getLongValue();
        } else if (token == JsonToken.VALUE_STRING) {
            millis = isoMillis(p.getText(), field);
        } else {
            throw wrongType(field, "epoch milliseconds or an ISO-8601 time with offset", token);
        }
        if (millis < EventParser.MIN_TS || millis >= EventParser.MAX_TS) {
            String hint =
                    millis > 0 && millis < EventParser.MIN_TS / 1000 * 10
                            ? " (epoch seconds? " + field + " must be in milliseconds)"
                            : "";
            throw outOfRange(field + " " + millis + " is outside 2000-01-01..2100-01-01" + hint);
        }
        // A tag may well be set to expire next month: only the event's own time is checked
        // against the processing clock.
        if (maxFutureSkewMillis != Long.MAX_VALUE && field == EventField.TS) {
            long now = clock.getAsLong();
            if (millis > now + maxFutureSkewMillis) {
                throw new InvalidEventException(
                        RejectReason.FUTURE_TIMESTAMP,
                        field
                                + " "
                                + Instant.ofEpochMilli(millis)
                                + " is more than "
                                + maxFutureSkewMillis
                                + " ms ahead of the processing clock ("
                                + Instant.ofEpochMilli(now)
                                + ")");
            }
        }
        return millis;
    }

    private long isoMillis(String text, EventField field) throws InvalidEventException {
        Instant instant;
        try {
            instant =
                    OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException e) {
            throw new InvalidEventException(
                    RejectReason.OUT_OF_RANGE,
                    field
                            + " '"
                            + abbreviate(text)
                            + "' is not an ISO-8601 time with offset"
                            + " (e.g. 2017-11-25T10:15:30Z or 2017-11-25T18:15:30+08:00)");
        }
        // Years up to +999999999 parse, but only times within the accepted range have epoch
        // milliseconds; checked on the instant, before converting, which would overflow.
        if (instant.isBefore(EARLIEST) || !instant.isBefore(END)) {
            throw outOfRange(
                    field + " '" + abbreviate(text) + "' is outside 2000-01-01..2100-01-01");
        }
        return instant.toEpochMilli();
    }

    private Double price(JsonParser p, JsonToken token, EventField field)
            throws IOException, InvalidEventException {
        once(field);
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
            throw wrongType(field, "a number", token);
        }
        double price = p.getDoubleValue();
        if (!(price >= 0) || price > EventParser.MAX_PRICE || Double.isInfinite(price)) {
            throw outOfRange(field + " " + abbreviate(p.getText()) + " must be a number >= 0");
        }
        return price;
    }

    /** A whole number from 1 to the field's bound. */
    private Integer count(JsonParser p, JsonToken token, EventField field)
            throws IOException, InvalidEventException {
        once(field);
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(field, "an integer", token);
        }
        if (p.getNumberType() != JsonParser.NumberType.INT
                || p.getIntValue() < 1
                || p.getIntValue() > field.bound) {
            throw outOfRange(
                    field
                            + " "
                            + abbreviate(p.getText())
                            + " must be between 1 and "
                            + field.bound);
        }
        return p.getIntValue();
    }

    private Boolean flag(JsonParser p, JsonToken token, EventField field)
            throws IOException, InvalidEventException {
        once(field);
        return switch (token) {
            case VALUE_NULL -> null;
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            default -> throw wrongType(field, "true or false", token);
        };
    }

    private Channel channel(JsonParser p, JsonToken token, EventField field)
            throws IOException, InvalidEventException {
        String name = text(p, token, field);
        if (name == null) {
            return null;
        }
        Channel value = Channel.byName(name);
        if (value == null) {
            throw outOfRange(field + " '" + abbreviate(name) + "' is not PUSH, EMAIL or SMS");
        }
        return value;
    }

    /** Reads the known keys of the object into their own fields; the object itself is none. */
    private Object attributes(JsonParser p, JsonToken token, EventField field)
            throws IOException, InvalidEventException {
        once(field);
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_OBJECT) {
            throw wrongType(field, "an object", token);
        }
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            EventField attribute = EventField.attribute(name);
            if (attribute == null) {
                p.skipChildren();
            } else {
                read(attribute, p, value);
            }
        }
        return null;
    }

    private String zone(JsonParser p, JsonToken token, EventField field)
            throws IOException, InvalidEventException {
        String zone = text(p, token, field);
        if (zone == null) {
            return null;
        }
        try {
            return ZoneId.of(zone).getId();
        } catch (DateTimeException e) {
            throw outOfRange(
                    field
                            + " '"
                            + abbreviate(zone)
                            + "' is not an IANA time zone (e.g. Asia/Shanghai)");
        }
    }

    /** Rejects a field that appears twice, so that no value is silently chosen. */
    private void once(EventField field) throws InvalidEventException {
        long bit = 1L << field.ordinal();
        if ((seen & bit) != 0) {
            throw new InvalidEventException(
                    RejectReason.DUPLICATE_FIELD, "field " + field + " appears twice");
        }
        seen |= bit;
    }

    private Object value(EventField field) {
        return values[field.ordinal()];
    }

    private String string(EventField field) {
        return (String) values[field.ordinal()];
    }

    UserEvent build() throws InvalidEventException {
        String eventId = (String) required(EventField.EVENT_ID);
        String userId = (String) required(EventField.USER_ID);
        EventType type = (EventType) required(EventField.TYPE);
        long ts = (Long) required(EventField.TS);
        if (type.isItemEvent()) {
            required(EventField.ITEM_ID, type);
        }
        if (type == EventType.CONSENT) {
            required(EventField.CHANNEL, type);
            required(EventField.GRANTED, type);
        }
        if (type.isMessageFeedback()) {
            required(EventField.ACTION_ID, type);
        }
        if (type == EventType.TAG) {
            required(EventField.TAG, type);
        }
        Integer quantity = (Integer) value(EventField.QUANTITY);
        return UserEvent.builder(eventId, userId, type, ts)
                .item(
                        string(EventField.ITEM_ID),
                        string(EventField.CATEGORY_ID),
                        string(EventField.BRAND))
                .price((Double) value(EventField.PRICE))
                .quantity(quantity == null ? 1 : quantity)
                .discounted((Boolean) value(EventField.DISCOUNTED))
                .orderId(string(EventField.ORDER_ID))
                .sessionId(string(EventField.SESSION_ID))
                .query(string(EventField.QUERY))
                .rating((Integer) value(EventField.RATING))
                .consent((Channel) value(EventField.CHANNEL), (Boolean) value(EventField.GRANTED))
                .actionId(string(EventField.ACTION_ID))
                .ageBand(string(EventField.AGE_BAND))
                .gender(string(EventField.GENDER))
                .region(string(EventField.REGION))
                .timezone(string(EventField.TIMEZONE))
                .tag(
                        string(EventField.TAG),
                        string(EventField.TAG_VALUE),
                        (Long) value(EventField.EXPIRES_AT))
                .build();
    }

    private Object required(EventField field) throws InvalidEventException {
        Object value = value(field);
        if (value == null) {
            throw new InvalidEventException(
                    RejectReason.MISSING_FIELD, "required field " + field + " is missing");
        }
        return value;
    }

    private void required(EventField field, EventType type) throws InvalidEventException {
        if (value(field) == null) {
            throw new InvalidEventException(
                    RejectReason.MISSING_FIELD,
                    "field " + field + " is required for " + type + " events");
        }
    }

    static InvalidEventException wrongType(EventField field, String expected, JsonToken token) {
        return new InvalidEventException(
                RejectReason.WRONG_TYPE,
                field + " must be " + expected + ", found " + describe(token));
    }

    static InvalidEventException outOfRange(String message) {
        return new InvalidEventException(RejectReason.OUT_OF_RANGE, message);
    }

    static String describe(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
