package dev.nudge.config;

import java.time.Duration;

/**
 * The {@code params} of a LIFECYCLE_TRANSITION pattern.
 *
 * @param from the stage left, or {@code null} for any
 */
public record LifecycleTransitionParams(LifecycleStage to, LifecycleStage from)
        implements PatternParams {

    static LifecycleTransitionParams read(ConfigNode node) {
        LifecycleStage to = node.get(PatternsYaml.TRANSITION_TO);
        LifecycleStage from = node.get(PatternsYaml.TRANSITION_FROM);
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
                            + " from (docs/profile.md: PROSPECT → NEW → ACTIVE → SILENT → CHURNED,"
                            + " back to ACTIVE on a purchase)");
        }
        return new LifecycleTransitionParams(to, from);
    }

    @Override
    public Duration longestWindow() {
        return Duration.ZERO;
    }
}
