package dev.nudge.config;

import java.util.Set;

/**
 * The kinds of marketing moment a pattern can recognise (SPEC §5), and what a configuration says
 * about each: the keys of its {@code params} and how they are read. Detectors are made in {@code
 * dev.nudge.pattern.PatternCatalog}.
 */
public enum PatternType {
    BROWSE_WITHOUT_BUY(1),
    CART_ABANDONMENT(2),
    PREDICTED_REPURCHASE(3),
    LIFECYCLE_TRANSITION(4),
    NEW_USER_NO_PURCHASE(5),
    HIGH_VALUE(6),
    SEQUENCE(7),
    PURCHASE_OVERDUE(8);

    private static final PatternType[] ALL = values();

    private final int code;

    PatternType(int code) {
        this.code = code;
    }

    /** The type's code in saved state; stable across versions, unlike the ordinal. */
    public int code() {
        return code;
    }

    /** The settings of the {@code params} of a pattern of this type. */
    public Settings params() {
        return PatternsYaml.params(this);
    }

    /** The keys allowed in the {@code params} of a pattern of this type. */
    public Set<String> paramKeys() {
        return params().keysUnder(PatternsYaml.PARAMS_OF_TYPE.key());
    }

    /** Reads (and validates, recording errors in {@code node}) the params of this type. */
    public PatternParams readParams(ConfigNode node) {
        return switch (this) {
            case BROWSE_WITHOUT_BUY -> BrowseWithoutBuyParams.read(node);
            case CART_ABANDONMENT -> WindowParams.read(node, PatternsYaml.CART_WINDOW);
            case PREDICTED_REPURCHASE -> PredictedRepurchaseParams.read(node);
            case LIFECYCLE_TRANSITION -> LifecycleTransitionParams.read(node);
            case NEW_USER_NO_PURCHASE -> WindowParams.read(node, PatternsYaml.NEW_USER_WINDOW);
            case HIGH_VALUE -> HighValueParams.read(node);
            case SEQUENCE -> SequenceParams.read(node);
            case PURCHASE_OVERDUE -> OverdueParams.read(node);
        };
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
