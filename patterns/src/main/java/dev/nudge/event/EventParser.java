package dev.nudge.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.time.Instant;
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

    /** The most characters of {@code eventId}, {@code userId} and {@code actionId}. */
    public static final int MAX_ID_LENGTH = 128;

    /** The most characters of the other texts: items, categories, brands, orders, sessions. */
    public static final int MAX_TEXT_LENGTH = 256;

    public static final int MAX_QUERY_LENGTH = 512;

    /** The most characters of each REGISTER attribute. */
    public static final int MAX_ATTRIBUTE_LENGTH = 64;

    /** The most characters of a TAG event's {@code tag} and of its {@code value}. */
    public static final int MAX_TAG_LENGTH = 64;

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
                    RejectReason.NOT_AN_OBJECT,
                    "expected a JSON object, found " + FieldReader.describe(first));
        }
        FieldReader f = new FieldReader(maxFutureSkewMillis, clock);
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            EventField field = EventField.named(name);
            if (field == null) {
                p.skipChildren();
            } else {
                f.read(field, p, value);
            }
        }
        return f.build();
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
