package dev.nudge.event;

/**
 * Why an input record was sent to the dead-letter topic instead of being processed. The name is the
 * stable code carried on the dead letter and used as a metric label; the dead letter also carries a
 * sentence saying exactly what was wrong.
 */
public enum RejectReason {
    /** The record had no bytes at all (a null or empty value). */
    EMPTY,
    /** The record is larger than the configured maximum. */
    OVERSIZED,
    /** The bytes are not valid UTF-8. */
    INVALID_UTF8,
    /** The bytes are not well-formed JSON. */
    NOT_JSON,
    /** The JSON is well-formed but not a single object. */
    NOT_AN_OBJECT,
    /** A field appears twice in the object. */
    DUPLICATE_FIELD,
    /** A required field is absent or null. */
    MISSING_FIELD,
    /** A field has the wrong JSON type. */
    WRONG_TYPE,
    /** A field has the right type but a value outside its range or set. */
    OUT_OF_RANGE,
    /** {@code type} is not one of the known event types. */
    UNKNOWN_TYPE,
    /** The event time is further ahead of the processing clock than the configured skew. */
    FUTURE_TIMESTAMP,
    /**
     * The parser failed on the record in a way it does not foresee: a defect to report, with the
     * record kept on the dead-letter topic. Never produced by any input known.
     */
    UNREADABLE,
    /**
     * A user sent more events of a SEQUENCE pattern's types than its per-user budget admits: that
     * pattern skips the event (the rest of the job processes it). One dead letter per pattern.
     */
    RATE_LIMITED,
    /** The event arrived after the watermark had passed its time (SPEC §9). */
    LATE,
    /**
     * A row of a CSV history (backtest) whose cells do not fit its format: a wrong number of
     * columns or an unclosed quote.
     */
    MALFORMED_ROW
}
