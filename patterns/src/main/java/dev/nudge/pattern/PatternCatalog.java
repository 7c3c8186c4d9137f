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
    private static final Set<PatternType> AVAILABLE = EnumSet.of(PatternType.BROWSE_WITHOUT_BUY);

    private PatternCatalog() {}

    public static boolean isAvailable(PatternType type) {
        return AVAILABLE.contains(type);
    }

    public static Set<PatternType> availableTypes() {
        return EnumSet.copyOf(AVAILABLE);
    }

    /** The keys allowed in the {@code params} of {@code type}. */
    public static Set<String> paramKeys(PatternType type) {
        return switch (type) {
            case BROWSE_WITHOUT_BUY -> BrowseWithoutBuy.PARAM_KEYS;
            default -> Set.of();
        };
    }

    /** Reads (and validates, recording errors in {@code params}) the params of {@code type}. */
    public static PatternParams readParams(PatternType type, ConfigNode params) {
        return switch (type) {
            case BROWSE_WITHOUT_BUY -> BrowseWithoutBuy.readParams(params);
            default -> throw new IllegalArgumentException("pattern type not available: " + type);
        };
    }

    /**
     * Reads the saved state of a detector of {@code type}.
     *
     * @return the state, or {@code null} when this version has no detector of that type
     */
    public static DetectorState readState(PatternType type, StateInput in) throws IOException {
        return switch (type) {
            case BROWSE_WITHOUT_BUY -> BrowseWithoutBuy.readState(in);
            default -> null;
        };
    }

    /** The detector of a configured pattern. */
    public static Detector<?> detector(PatternSpec spec) {
        return switch (spec.type()) {
            case BROWSE_WITHOUT_BUY -> new BrowseWithoutBuy(spec);
            default ->
                    throw new IllegalArgumentException(
                            "pattern type not available: " + spec.type());
        };
    }
}
