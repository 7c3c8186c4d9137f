package dev.nudge.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.LongSupplier;

/**
 * Turns the bytes of one {@code user-events} record into a {@link UserEvent} (SPEC §3.1), or says
 * precisely why it cannot. Unknown fields are ignored; every other deviation is rejected with a
 * {@link RejectReason} and a sentence naming the field, the value and what was expected.
 *
 * <p>Thread-safe and allocation-light: it streams over the bytes once, without a tree.
 */
public final class EventParser {

    /** Event times before this are rejected: almost always seconds sent as milliseconds. */
    public static final long MIN_TS = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();

    /** Event times from this on are rejected as nonsense. */
    public static final long MAX_TS = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();

    private static final Instant EARLIEST = Instant.ofEpochMilli(MIN_TS);
    private static final Instant END = Instant.ofEpochMilli(MAX_TS);

    /** The most characters of {@code eventId}, {@code userId} and {@code actionId}. */
    public static final int MAX_ID_LENGTH = 128;

    /** The most characters of the other texts: items, categories, brands, orders, sessions. */
    public static final int MAX_TEXT_LENGTH = 256;

    public static final int MAX_QUERY_LENGTH = 512;

    /** The most characters of each REGISTER attribute. */
    public static final int MAX_ATTRIBUTE_LENGTH = 64;

    static final int MAX_QUANTITY = 100_000;
    static final double MAX_PRICE = 1e12;

    private static final JsonFactory JSON =
            JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

    private final int maxBytes;
    private final long maxFutureSkewMillis;
    private final LongSupplier clock;

    /**
     * @param maxBytes records larger than this are rejected as {@link RejectReason#OVERSIZED}
     * @param maxFutureSkewMillis events more than this ahead of {@code clock} are rejected as
     *     {@link RejectReason#FUTURE_TIMESTAMP}; {@link Long#MAX_VALUE} disables the check
     * @param clock the processing clock in epoch milliseconds
     */
    public EventParser(int maxBytes, long maxFutureSkewMillis, LongSupplier clock) {
        this.maxBytes = maxBytes;
        this.maxFutureSkewMillis = maxFutureSkewMillis;
        this.clock = clock;
    }

    /** A parser without the future check, for historical input. */
    public static EventParser forHistory(int maxBytes) {
        return new EventParser(maxBytes, Long.MAX_VALUE, () -> 0L);
    }

    public UserEvent parse(byte[] bytes) throws InvalidEventException {
        if (bytes == null || bytes.length == 0) {
            throw new InvalidEventException(RejectReason.EMPTY, "record has no value");
        }
        if (bytes.length > maxBytes) {
            throw new InvalidEventException(
                    RejectReason.OVERSIZED,
                    "record is " + bytes.length + " bytes; the limit is " + maxBytes);
        }
        int invalid = Utf8.firstInvalidOffset(bytes);
        if (invalid >= 0) {
            throw new InvalidEventException(
                    RejectReason.INVALID_UTF8,
                    bytes[invalid] == 0
                            ? "NUL byte at offset "
                                    + invalid
                                    + ": the record looks UTF-16 or UTF-32 encoded; events must"
                                    + " be UTF-8 JSON"
                            : String.format(
                                    "byte 0x%02X at offset %d is not valid UTF-8",
                                    bytes[invalid] & 0xFF, invalid));
        }
        try (JsonParser parser = JSON.createParser(bytes)) {
            UserEvent event = readObject(parser);
            if (parser.nextToken() != null) {
                throw new InvalidEventException(
                        RejectReason.NOT_JSON, "unexpected data after the JSON object");
            }
            return event;
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(RejectReason.NOT_JSON, jsonMessage(e));
        } catch (IOException e) {
            throw new InvalidEventException(RejectReason.NOT_JSON, String.valueOf(e.getMessage()));
        } catch (RuntimeException e) {
            // A safety net: no input is known to get here (the fuzz tests look for one), but a
            // record that did must still become a dead letter, not stop the job.
            throw new InvalidEventException(
                    RejectReason.UNREADABLE, "the parser failed on this record: " + e);
        }
    }

    private UserEvent readObject(JsonParser p) throws IOException, InvalidEventException {
        JsonToken first = p.nextToken();
        if (first != JsonToken.START_OBJECT) {
            throw new InvalidEventException(
                    RejectReason.NOT_AN_OBJECT, "expected a JSON object, found " + describe(first));
        }
        Fields f = new Fields();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "eventId" -> f.eventId = f.text(p, value, name, MAX_ID_LENGTH);
                case "userId" -> f.userId = f.text(p, value, name, MAX_ID_LENGTH);
                case "type" -> f.type = f.eventType(p, value);
                case "ts" -> f.ts = f.timestamp(p, value);
                case "itemId" -> f.itemId = f.text(p, value, name, MAX_TEXT_LENGTH);
                case "categoryId" -> f.categoryId = f.text(p, value, name, MAX_TEXT_LENGTH);
                case "brand" -> f.brand = f.text(p, value, name, MAX_TEXT_LENGTH);
                case "price" -> f.price = f.price(p, value);
                case "quantity" -> f.quantity = f.integer(p, value, name, 1, MAX_QUANTITY);
                case "discounted" -> f.discounted = f.bool(p, value, name);
                case "orderId" -> f.orderId = f.text(p, value, name, MAX_TEXT_LENGTH);
                case "sessionId" -> f.sessionId = f.text(p, value, name, MAX_TEXT_LENGTH);
                case "query" -> f.query = f.text(p, value, name, MAX_QUERY_LENGTH);
                case "rating" -> f.rating = f.integer(p, value, name, 1, 5);
                case "channel" -> f.channel = f.channel(p, value);
                case "granted" -> f.granted = f.bool(p, value, name);
                case "actionId" -> f.actionId = f.text(p, value, name, MAX_ID_LENGTH);
                case "attributes" -> f.attributes(p, value);
                default -> p.skipChildren();
            }
        }
        return f.build();
    }

    /** The fields read so far, with the checks that need to know which were seen. */
    private final class Fields {
        private long seen;
        String eventId;
        String userId;
        EventType type;
        Long ts;
        String itemId;
        String categoryId;
        String brand;
        Double price;
        Integer quantity;
        Boolean discounted;
        String orderId;
        String sessionId;
        String query;
        Integer rating;
        Channel channel;
        Boolean granted;
        String actionId;
        String ageBand;
        String gender;
        String region;
        String timezone;

        String text(JsonParser p, JsonToken token, String field, int maxLength)
                throws IOException, InvalidEventException {
            once(p, field);
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
            if (token != JsonToken.VALUE_STRING) {
                throw wrongType(field, "a string", token);
            }
            String text = p.getText();
            if (text.isEmpty() || text.length() > maxLength) {
                throw new InvalidEventException(
                        RejectReason.OUT_OF_RANGE,
                        field
                                + " must be 1 to "
                                + maxLength
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

        EventType eventType(JsonParser p, JsonToken token)
                throws IOException, InvalidEventException {
            String name = text(p, token, "type", MAX_TEXT_LENGTH);
            if (name == null) {
                return null;
            }
            EventType eventType = EventType.byName(name);
            if (eventType == null) {
                throw new InvalidEventException(
                        RejectReason.UNKNOWN_TYPE,
                        "type '" + abbreviate(name) + "' is not a known event type");
            }
            return eventType;
        }

        Long timestamp(JsonParser p, JsonToken token) throws IOException, InvalidEventException {
            once(p, "ts");
            long millis;
            if (token == JsonToken.VALUE_NULL) {
                return null;
            } else if (token == JsonToken.VALUE_NUMBER_INT) {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw outOfRange(
                            "ts " + abbreviate(p.getText()) + " is not an epoch-millisecond time");
                }
                millis = p.getLongValue();
            } else if (token == JsonToken.VALUE_STRING) {
                millis = isoMillis(p.getText());
            } else {
                throw wrongType("ts", "epoch milliseconds or an ISO-8601 time with offset", token);
            }
            if (millis < MIN_TS || millis >= MAX_TS) {
                String hint =
                        millis > 0 && millis < MIN_TS / 1000 * 10
                                ? " (epoch seconds? ts must be in milliseconds)"
                                : "";
                throw outOfRange("ts " + millis + " is outside 2000-01-01..2100-01-01" + hint);
            }
            if (maxFutureSkewMillis != Long.MAX_VALUE) {
                long now = clock.getAsLong();
                if (millis > now + maxFutureSkewMillis) {
                    throw new InvalidEventException(
                            RejectReason.FUTURE_TIMESTAMP,
                            "ts "
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

        private long isoMillis(String text) throws InvalidEventException {
            Instant instant;
            try {
                instant =
                        OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                                .toInstant();
            } catch (DateTimeException e) {
                throw new InvalidEventException(
                        RejectReason.OUT_OF_RANGE,
                        "ts '"
                                + abbreviate(text)
                                + "' is not an ISO-8601 time with offset"
                                + " (e.g. 2017-11-25T10:15:30Z or 2017-11-25T18:15:30+08:00)");
            }
            // Years up to +999999999 parse, but only times within the accepted range have epoch
            // milliseconds; checked on the instant, before converting, which would overflow.
            if (instant.isBefore(EARLIEST) || !instant.isBefore(END)) {
                throw outOfRange("ts '" + abbreviate(text) + "' is outside 2000-01-01..2100-01-01");
            }
            return instant.toEpochMilli();
        }

        Double price(JsonParser p, JsonToken token) throws IOException, InvalidEventException {
            once(p, "price");
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                throw wrongType("price", "a number", token);
            }
            double price = p.getDoubleValue();
            if (!(price >= 0) || price > MAX_PRICE || Double.isInfinite(price)) {
                throw outOfRange("price " + abbreviate(p.getText()) + " must be a number >= 0");
            }
            return price;
        }

        Integer integer(JsonParser p, JsonToken token, String field, int min, int max)
                throws IOException, InvalidEventException {
            once(p, field);
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
            if (token != JsonToken.VALUE_NUMBER_INT) {
                throw wrongType(field, "an integer", token);
            }
            if (p.getNumberType() != JsonParser.NumberType.INT
                    || p.getIntValue() < min
                    || p.getIntValue() > max) {
                throw outOfRange(
                        field
                                + " "
                                + abbreviate(p.getText())
                                + " must be between "
                                + min
                                + " and "
                                + max);
            }
            return p.getIntValue();
        }

        Boolean bool(JsonParser p, JsonToken token, String field)
                throws IOException, InvalidEventException {
            once(p, field);
            return switch (token) {
                case VALUE_NULL -> null;
                case VALUE_TRUE -> Boolean.TRUE;
                case VALUE_FALSE -> Boolean.FALSE;
                default -> throw wrongType(field, "true or false", token);
            };
        }

        Channel channel(JsonParser p, JsonToken token) throws IOException, InvalidEventException {
            String name = text(p, token, "channel", MAX_TEXT_LENGTH);
            if (name == null) {
                return null;
            }
            Channel value = Channel.byName(name);
            if (value == null) {
                throw outOfRange("channel '" + abbreviate(name) + "' is not PUSH, EMAIL or SMS");
            }
            return value;
        }

        void attributes(JsonParser p, JsonToken token) throws IOException, InvalidEventException {
            once(p, "attributes");
            if (token == JsonToken.VALUE_NULL) {
                return;
            }
            if (token != JsonToken.START_OBJECT) {
                throw wrongType("attributes", "an object", token);
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken value = p.nextToken();
                switch (name) {
                    case "ageBand" ->
                            ageBand = text(p, value, "attributes.ageBand", MAX_ATTRIBUTE_LENGTH);
                    case "gender" ->
                            gender = text(p, value, "attributes.gender", MAX_ATTRIBUTE_LENGTH);
                    case "region" ->
                            region = text(p, value, "attributes.region", MAX_ATTRIBUTE_LENGTH);
                    case "timezone" -> timezone = zone(p, value);
                    default -> p.skipChildren();
                }
            }
        }

        private String zone(JsonParser p, JsonToken token)
                throws IOException, InvalidEventException {
            String zone = text(p, token, "attributes.timezone", MAX_ATTRIBUTE_LENGTH);
            if (zone == null) {
                return null;
            }
            try {
                return ZoneId.of(zone).getId();
            } catch (DateTimeException e) {
                throw outOfRange(
                        "attributes.timezone '"
                                + abbreviate(zone)
                                + "' is not an IANA time zone (e.g. Asia/Shanghai)");
            }
        }

        /** Rejects a field that appears twice, so that no value is silently chosen. */
        private void once(JsonParser p, String field) throws InvalidEventException {
            long bit = 1L << bitOf(field);
            if ((seen & bit) != 0) {
                throw new InvalidEventException(
                        RejectReason.DUPLICATE_FIELD, "field " + field + " appears twice");
            }
            seen |= bit;
        }

        UserEvent build() throws InvalidEventException {
            require(eventId, "eventId");
            require(userId, "userId");
            require(type, "type");
            require(ts, "ts");
            if (type.isItemEvent()) {
                require(itemId, "itemId", type);
            }
            if (type == EventType.CONSENT) {
                require(channel, "channel", type);
                require(granted, "granted", type);
            }
            if (type.isMessageFeedback()) {
                require(actionId, "actionId", type);
            }
            return UserEvent.builder(eventId, userId, type, ts)
                    .item(itemId, categoryId, brand)
                    .price(price)
                    .quantity(quantity == null ? 1 : quantity)
                    .discounted(discounted)
                    .orderId(orderId)
                    .sessionId(sessionId)
                    .query(query)
                    .rating(rating)
                    .consent(channel, granted)
                    .actionId(actionId)
                    .ageBand(ageBand)
                    .gender(gender)
                    .region(region)
                    .timezone(timezone)
                    .build();
        }
    }

    /** The position of a known field in the seen-set of {@link Fields}. */
    private static int bitOf(String field) {
        return switch (field) {
            case "eventId" -> 0;
            case "userId" -> 1;
            case "type" -> 2;
            case "ts" -> 3;
            case "itemId" -> 4;
            case "categoryId" -> 5;
            case "brand" -> 6;
            case "price" -> 7;
            case "quantity" -> 8;
            case "discounted" -> 9;
            case "orderId" -> 10;
            case "sessionId" -> 11;
            case "query" -> 12;
            case "rating" -> 13;
            case "channel" -> 14;
            case "granted" -> 15;
            case "actionId" -> 16;
            case "attributes" -> 17;
            case "attributes.ageBand" -> 18;
            case "attributes.gender" -> 19;
            case "attributes.region" -> 20;
            case "attributes.timezone" -> 21;
            default -> throw new IllegalArgumentException(field);
        };
    }

    private static void require(Object value, String field) throws InvalidEventException {
        if (value == null) {
            throw new InvalidEventException(
                    RejectReason.MISSING_FIELD, "required field " + field + " is missing");
        }
    }

    private static void require(Object value, String field, EventType type)
            throws InvalidEventException {
        if (value == null) {
            throw new InvalidEventException(
                    RejectReason.MISSING_FIELD,
                    "field " + field + " is required for " + type + " events");
        }
    }

    private static InvalidEventException wrongType(String field, String expected, JsonToken token) {
        return new InvalidEventException(
                RejectReason.WRONG_TYPE,
                field + " must be " + expected + ", found " + describe(token));
    }

    private static InvalidEventException outOfRange(String message) {
        return new InvalidEventException(RejectReason.OUT_OF_RANGE, message);
    }

    private static String describe(JsonToken token) {
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

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    private static String jsonMessage(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int newline = message == null ? -1 : message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline);
        if (e.getLocation() != null) {
            return "not valid JSON at column " + e.getLocation().getColumnNr() + ": " + first;
        }
        return "not valid JSON: " + first;
    }
}
