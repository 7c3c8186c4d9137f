package dev.nudge.pattern;

import dev.nudge.config.ConfigNode;
import dev.nudge.config.PatternSpec;
import dev.nudge.state.StateInput;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The pattern types this version runs: how each reads its {@code params} and how its detector is
 * made. One place to look when adding a type.
 */
public final class PatternCatalog {
    private PatternCatalog() {}

    /** Every type: each has its detector and its params here. */
    public static Set<PatternType> availableTypes() {
        return EnumSet.allOf(PatternType.class);
    }

    /** The keys allowed in the {@code params} of {@code type}. */
    public static Set<String> paramKeys(PatternType type) {
        return switch (type) {
            case BROWSE_WITHOUT_BUY -> BrowseWithoutBuy.PARAM_KEYS;
            case CART_ABANDONMENT -> CartAbandonment.PARAM_KEYS;
            case PREDICTED_REPURCHASE -> PredictedRepurchase.PARAM_KEYS;
            case LIFECYCLE_TRANSITION -> LifecycleTransition.PARAM_KEYS;
            case NEW_USER_NO_PURCHASE -> NewUserNoPurchase.PARAM_KEYS;
            case HIGH_VALUE -> HighValue.PARAM_KEYS;
            case SEQUENCE -> Sequence.PARAM_KEYS;
            default -> Set.of();
        };
    }

    /** Reads (and validates, recording errors in {@code params}) the params of {@code type}. */
    public static PatternParams readParams(PatternType type, ConfigNode params) {
        return switch (type) {
            case BROWSE_WITHOUT_BUY -> BrowseWithoutBuy.readParams(params);
            case CART_ABANDONMENT -> CartAbandonment.readParams(params);
            case PREDICTED_REPURCHASE -> PredictedRepurchase.readParams(params);
            case LIFECYCLE_TRANSITION -> LifecycleTransition.readParams(params);
            case NEW_USER_NO_PURCHASE -> NewUserNoPurchase.readParams(params);
            case HIGH_VALUE -> HighValue.readParams(params);
            case SEQUENCE -> Sequence.readParams(params);
            default -> throw new IllegalArgumentException("pattern type not available: " + type);
        };
    }

    /**
     * Whether a purchase ends the moments of a configured pattern ({@link
     * Detector#endedByPurchase}), with or without a detector.
     */
    public static boolean endedByPurchase(PatternSpec spec, Detector<?> detector) {
        return detector != null ? detector.endedByPurchase() : Sequence.endedByPurchase(spec);
    }

    /**
     * The layout version of the saved state of a detector of {@code type}, written beside it: a
     * detector whose state changes raises its own and keeps reading the earlier ones, without a new
     * version of the whole journey. Version 1 is the layout of journey formats up to 7, which kept
     * no version per detector.
     */
    public static int stateVersion(PatternType type) {
        return switch (type) {
            case CART_ABANDONMENT -> CartAbandonment.STATE_VERSION;
            case PREDICTED_REPURCHASE -> PredictedRepurchase.STATE_VERSION;
            case HIGH_VALUE -> HighValue.STATE_VERSION;
            default -> 1;
        };
    }

    /**
     * Reads the saved state of a detector of {@code type}, in layout {@code version}.
     *
     * @return the state, or {@code null} when this version has no detector of that type
     * @throws IOException when the layout is newer than this build's
     */
    public static DetectorState readState(PatternType type, int version, StateInput in)
            throws IOException {
        if (version < 1 || version > stateVersion(type)) {
            throw new IOException(
                    "a "
                            + type
                            + " detector's state has layout "
                            + version
                            + "; this build reads 1 to "
                            + stateVersion(type));
        }
        return switch (type) {
            case BROWSE_WITHOUT_BUY -> BrowseWithoutBuy.readState(in);
            case CART_ABANDONMENT -> CartAbandonment.readState(in, version);
            case PREDICTED_REPURCHASE -> PredictedRepurchase.readState(in, version);
            case LIFECYCLE_TRANSITION -> LifecycleTransition.readState(in);
            case NEW_USER_NO_PURCHASE -> NewUserNoPurchase.readState(in);
            case HIGH_VALUE -> HighValue.readState(in, version);
            case SEQUENCE -> DetectorState.NONE;
            default -> null;
        };
    }

    /**
     * The detector of a configured pattern, or {@code null} for a pattern whose moments come from
     * outside the journey (SEQUENCE, from its Flink CEP operator).
     */
    public static Detector<?> detector(PatternSpec spec) {
        return switch (spec.type()) {
            case BROWSE_WITHOUT_BUY -> new BrowseWithoutBuy(spec);
            case CART_ABANDONMENT -> new CartAbandonment(spec);
            case PREDICTED_REPURCHASE -> new PredictedRepurchase(spec);
            case LIFECYCLE_TRANSITION -> new LifecycleTransition(spec);
            case NEW_USER_NO_PURCHASE -> new NewUserNoPurchase(spec);
            case HIGH_VALUE -> new HighValue(spec);
            case SEQUENCE -> null;
            default ->
                    throw new IllegalArgumentException(
                            "pattern type not available: " + spec.type());
        };
    }
}
