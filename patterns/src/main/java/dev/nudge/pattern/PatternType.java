package dev.nudge.pattern;

/** The kinds of marketing moment a pattern can recognise (SPEC §5). */
public enum PatternType {
    BROWSE_WITHOUT_BUY(1),
    CART_ABANDONMENT(2),
    PREDICTED_REPURCHASE(3),
    LIFECYCLE_TRANSITION(4),
    NEW_USER_NO_PURCHASE(5),
    HIGH_VALUE(6),
    SEQUENCE(7);

    private static final PatternType[] ALL = values();

    private final int code;

    PatternType(int code) {
        this.code = code;
    }

    /** The type's code in saved state; stable across versions, unlike the ordinal. */
    public int code() {
        return code;
    }

    /** The type with this state code, or {@code null} for a code this version does not know. */
    public static PatternType byCode(int code) {
        for (PatternType type : ALL) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
