package dev.nudge.config;

import java.time.Duration;
import java.util.Set;

/**
 * The {@code params} of a LIFECYCLE_TRANSITION pattern.
 *
 * @param from the stage left, or {@code null} for any
 */
public record LifecycleTransitionParams(LifecycleStage to, LifecycleStage from)
        implements PatternParams {
    static final Set<String> KEYS = Set.of("to", "from");

    static LifecycleTransitionParams read(ConfigNode node) {
        LifecycleStage to = node.enumValue("to", LifecycleStage.class, LifecycleStage.SILENT);
        LifecycleStage from = node.enumValue("from", LifecycleStage.class, null);
        if (to == LifecycleStage.PROSPECT) {
            node.error(
                    "to",
                    "PROSPECT",
                    "one of NEW, ACTIVE, SILENT, CHURNED (no user ever moves to PROSPECT)");
        }
        if (from != null && from == to) {
            node.error("from", from.name(), "a stage other than `to`, or no `from` for any");
        }
        if (from == LifecycleStage.CHURNED && to == LifecycleStage.SILENT
                || from == LifecycleStage.PROSPECT && to != LifecycleStage.NEW) {
            node.error(
                    "from",
                    from.name(),
                    "a stage users move to "
                            + to
                            + " from (README, Profile: PROSPECT → NEW → ACTIVE → SILENT → CHURNED,"
                            + " back to ACTIVE on a purchase)");
        }
        return new LifecycleTransitionParams(to, from);
    }

    @Override
    public Duration longestWindow() {
        return Duration.ZERO;
    }
}
