package dev.nudge.event;

import java.util.HashMap;
import java.util.Map;

/**
 * The fields of a {@code user-events} record (SPEC §3.1), each named once: its name in the JSON
 * ({@code attributes.region} for a key inside {@code attributes}), the kind of value it takes and
 * that value's bound. The parser finds a field by name here, reads it by its kind, keeps it in the
 * slot of its position and says its name in every message about it.
 */
enum EventField {
    EVENT_ID("eventId", Kind.TEXT, EventParser.MAX_ID_LENGTH),
    USER_ID("userId", Kind.TEXT, EventParser.MAX_ID_LENGTH),
    TYPE("type", Kind.TYPE, EventParser.MAX_TEXT_LENGTH),
    TS("ts", Kind.TIME, 0),
    ITEM_ID("itemId", Kind.TEXT, EventParser.MAX_TEXT_LENGTH),
    CATEGORY_ID("categoryId", Kind.TEXT, EventParser.MAX_TEXT_LENGTH),
    BRAND("brand", Kind.TEXT, EventParser.MAX_TEXT_LENGTH),
    PRICE("price", Kind.PRICE, 0),
    QUANTITY("quantity", Kind.COUNT, EventParser.MAX_QUANTITY),
    DISCOUNTED("discounted", Kind.FLAG, 0),
    ORDER_ID("orderId", Kind.TEXT, EventParser.MAX_TEXT_LENGTH),
    SESSION_ID("sessionId", Kind.TEXT, EventParser.MAX_TEXT_LENGTH),
    QUERY("query", Kind.TEXT, EventParser.MAX_QUERY_LENGTH),
    RATING("rating", Kind.COUNT, 5),
    CHANNEL("channel", Kind.CHANNEL, EventParser.MAX_TEXT_LENGTH),
    GRANTED("granted", Kind.FLAG, 0),
    ACTION_ID("actionId", Kind.TEXT, EventParser.MAX_ID_LENGTH),
    ATTRIBUTES("attributes", Kind.ATTRIBUTES, 0),
    AGE_BAND("attributes.ageBand", Kind.TEXT, EventParser.MAX_ATTRIBUTE_LENGTH),
    GENDER("attributes.gender", Kind.TEXT, EventParser.MAX_ATTRIBUTE_LENGTH),
    REGION("attributes.region", Kind.TEXT, EventParser.MAX_ATTRIBUTE_LENGTH),
    TIMEZONE("attributes.timezone", Kind.ZONE, EventParser.MAX_ATTRIBUTE_LENGTH),
    TAG("tag", Kind.TEXT, EventParser.MAX_TAG_LENGTH),
    TAG_VALUE("value", Kind.TEXT, EventParser.MAX_TAG_LENGTH),
    EXPIRES_AT("expiresAt", Kind.TIME, 0);

    /** What a field's value must be. */
    enum Kind {
        /** A string of 1 to {@code bound} characters, every one with a UTF-8 form. */
        TEXT,
        /** The name of an {@link EventType}, as a {@link #TEXT}. */
        TYPE,
        /** Epoch milliseconds, or an ISO-8601 time with offset. */
        TIME,
        /** A number from 0 to {@link EventParser#MAX_PRICE}. */
        PRICE,
        /** A whole number from 1 to {@code bound}. */
        COUNT,
        /** {@code true} or {@code false}. */
        FLAG,
        /** The name of a {@link Channel}, as a {@link #TEXT}. */
        CHANNEL,
        /** An object whose keys are the fields named {@code attributes.<key>}. */
        ATTRIBUTES,
        /** An IANA time zone, as a {@link #TEXT}. */
        ZONE
    }

    /** How many fields there are: a record's slots. */
    static final int COUNT = values().length;

    private static final String ATTRIBUTE = "attributes.";
    private static final Map<String, EventField> TOP_LEVEL = new HashMap<>();
    private static final Map<String, EventField> IN_ATTRIBUTES = new HashMap<>();

    static {
        for (EventField field : values()) {
            if (field.path.startsWith(ATTRIBUTE)) {
                IN_ATTRIBUTES.put(field.path.substring(ATTRIBUTE.length()), field);
            } else {
                TOP_LEVEL.put(field.path, field);
            }
        }
    }

    /** The name in messages: the key, or {@code attributes.<key>} inside {@code attributes}. */
    final String path;

    final Kind kind;

    /** The most characters of a text, or the largest count. */
    final int bound;

    EventField(String path, Kind kind, int bound) {
        this.path = path;
        this.kind = kind;
        this.bound = bound;
    }

    /** The field of a key of the record, or {@code null} for a key that is ignored. */
    static EventField named(String key) {
        return TOP_LEVEL.get(key);
    }

    /** The field of a key inside {@code attributes}, or {@code null} for one that is ignored. */
    static EventField attribute(String key) {
        return IN_ATTRIBUTES.get(key);
    }

    @Override
    public String toString() {
        return path;
    }
}
