package dev.nudge.pattern;

import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternType;
import dev.nudge.state.StateInput;
import java.io.IOException;

/**
 * The pattern types this version runs: how each one's detector is made and how its saved state is
 * read. One place to look when adding a type, with {@link PatternType}, which knows its {@code
 * params}.
 */
public final class PatternCatalog {
    private PatternCatalog() {}

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
            case PREDICTED_REPURCHASE, PURCHASE_OVERDUE -> PredictedRepurchase.STATE_VERSION;
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
            case PREDICTED_REPURCHASE, PURCHASE_OVERDUE ->
                    PredictedRepurchase.readState(in, version);
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
            case PURCHASE_OVERDUE -> new PurchaseOverdue(spec);
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
